"""Structured logs: one JSON object a line, with the request id, and no personal data.

No code should log a person's name, username, e-mail, phone number, personal identity number or
anything a young person wrote. The filter here is the second line of defence: every message,
exception text and extra field goes through the same masking that insights uses for imported
notes (e-mail addresses, personnummer and samordningsnummer, Swedish phone numbers, common
first names), and the SQL logger, which prints query parameters, is held above DEBUG in the
logging settings.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# Attributes every LogRecord has; anything else on a record came in through ``extra``.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}
# Fields our own request log writes from the code, never from a person: a URL *pattern*
# ("org/<uuid:organisation>/…") would otherwise be read as names by the masking.
_FROM_CODE = {"method", "route", "status", "duration_ms"}
# Before the apps are loaded (settings, start-up) the masking module cannot be imported yet:
# blank out anything that looks like an address or a long number instead.
_EARLY = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d -]{5,}\d")
# Secrets that travel in URLs (share links, invitation codes, password-reset keys) show up in
# Django's "Not Found: /path" lines: a long run of URL-safe characters with both a digit and a
# letter outside hex. Hex ids (request ids, UUIDs) stay readable.
_TOKEN = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[g-zG-Z])[A-Za-z0-9_-]{20,}(?![\w-])")
_PRIMITIVE = (str, int, float, bool, type(None))


def scrub(text: str) -> str:
    if not text:
        return text
    text = _TOKEN.sub("[token]", text)
    if apps.ready and apps.is_installed("medskapa.insights"):
        from medskapa.insights.masking import mask  # core reaching into insights: see report

        return mask(text)[0]
    return _EARLY.sub("[masked]", text)


class RequestIdFilter(logging.Filter):
    """Adds the id of the request being served (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class ScrubPersonalDataFilter(logging.Filter):
    """Masks personal details in the message, the exception text and any extra field."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD or (record.name == requests_logger.name and key in _FROM_CODE):
                continue
            if isinstance(value, HttpRequest):  # Django's request logger: the path may hold a token
                setattr(record, key, value.method)
            elif isinstance(value, str):
                setattr(record, key, scrub(value))
            elif not isinstance(value, _PRIMITIVE):
                setattr(record, key, scrub(str(value)))
        return True


requests_logger = logging.getLogger("medskapa.requests")


class RequestLogMiddleware:
    """Makes the request id known to every log line of the request, and logs one line per
    request at INFO: method, the URL *pattern* (never the path, which holds ids and tokens),
    status and duration. Placed right after ``RequestIdMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Not reset on the way out: Django logs a 4xx/5xx after the middleware has returned.
        # ``clear_request_id`` (on request_started) starts the next request empty.
        request_id_var.set(getattr(request, "request_id", ""))
        started = time.perf_counter()
        response = self.get_response(request)
        if requests_logger.isEnabledFor(logging.INFO):
            match = getattr(request, "resolver_match", None)
            requests_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": match.route if match is not None else "",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        return response


def clear_request_id(**kwargs: Any) -> None:
    request_id_var.set("")
