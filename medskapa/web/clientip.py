"""The address of the client behind our own TLS proxy: one answer for every place that needs it.

Behind the proxy every request has the proxy's ``REMOTE_ADDR``; keyed on that, one person's
failed log-ins would block everybody's, and the audit log would show only the proxy. Each proxy
appends the address it saw to ``X-Forwarded-For``, so with ``N`` proxies of our own in front, the
``N``-th entry from the right is the one our outermost proxy saw: the client. Anything left of it
was written by the client and is not believed. With no trusted proxy configured the header is
ignored, so a client cannot pick its own address by sending one.

allauth's rate limits (through ``AccountAdapter.get_client_ip``), our throttles and the audit
log's ``ip`` column all call ``client_ip``, configured by allauth's own two settings,
``ALLAUTH_TRUSTED_PROXY_COUNT`` and ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` (from the environment:
see settings.py and docs/deploy.md). Unlike allauth's helper, a request with fewer entries than
proxies (one that went round a proxy) falls back to the peer address instead of failing.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.ipv6 import clean_ipv6_address


def normalise_ip(raw: str) -> str | None:
    """``raw`` as the database gives an address back (IPv6 compressed, lower-case), or None.

    A port (``1.2.3.4:5678``, ``[::1]:443``), as some proxies write it, is dropped.
    """
    value = raw.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4 with a port; IPv6 has two or more colons
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6:
        return str(clean_ipv6_address(value))
    return str(address)


def _from_forwarded_for(request: HttpRequest, proxies: int) -> str | None:
    header = request.headers.get("x-forwarded-for", "")
    entries = [entry.strip() for entry in header.split(",") if entry.strip()]
    if len(entries) < proxies:
        return None
    return normalise_ip(entries[-proxies])


def _from_trusted_header(request: HttpRequest, name: str) -> str | None:
    entries = [entry.strip() for entry in request.headers.get(name, "").split(",")]
    # Only the value our proxy set counts; should the header arrive as a list, that is the last.
    return normalise_ip(entries[-1]) if entries[-1] else None


def client_ip(request: HttpRequest) -> str | None:
    """The real client's address, or None when not even the peer address is one.

    The trusted header wins when one is configured; otherwise ``X-Forwarded-For`` is read only
    when ``ALLAUTH_TRUSTED_PROXY_COUNT`` is above zero. In every other case, and when what the
    proxy sent is not an address, it is ``REMOTE_ADDR``.
    """
    header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    proxies = int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0)
    found = None
    if header:
        found = _from_trusted_header(request, header)
    elif proxies > 0:
        found = _from_forwarded_for(request, proxies)
    return found or normalise_ip(str(request.META.get("REMOTE_ADDR") or ""))


def client_network(request: HttpRequest) -> str:
    """The client as rate limits count it: its address, or its /64 network for IPv6.

    One IPv6 subscriber usually holds a whole /64, so counting single addresses would let
    it try again from the next one (allauth does the same, ``ALLAUTH_RATE_LIMIT_IPV6_PREFIX``).
    """
    address = client_ip(request)
    if address is None:
        return "unknown"
    if ":" in address:
        prefix = int(getattr(settings, "ALLAUTH_RATE_LIMIT_IPV6_PREFIX", 64))
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
    return address
