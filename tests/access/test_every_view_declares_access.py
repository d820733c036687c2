"""Deny by default: every view in the URL configuration declares how it is protected."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from medskapa.access.views import ACCESS_ATTRIBUTE

# Views that are not ours and guard themselves. Each entry says why it is safe.
EXEMPT_MODULE_PREFIXES = {
    "allauth.": "allauth's own log-in, MFA and session views check authentication themselves",
    "django.views.i18n": "set_language only stores a language choice in a cookie",
}


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, object]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _module_of(view: object) -> str:
    target = getattr(view, "view_class", None) or getattr(view, "__wrapped__", None) or view
    return getattr(target, "__module__", "") or getattr(view, "__module__", "")


def test_every_project_view_declares_public_authenticated_or_an_action() -> None:
    undeclared = []
    for route, view in _walk(get_resolver().url_patterns):
        module = _module_of(view)
        if any(module.startswith(prefix) for prefix in EXEMPT_MODULE_PREFIXES):
            continue
        if not getattr(view, ACCESS_ATTRIBUTE, None):
            undeclared.append(f"{route} ({module}.{getattr(view, '__name__', view)})")
    assert not undeclared, "Views without an access declaration:\n" + "\n".join(undeclared)


def test_the_walk_sees_the_project_views() -> None:
    routes = [route for route, _view in _walk(get_resolver().url_patterns)]
    assert any("org/<uuid:organisation>/staff/" in r for r in routes)
    assert any(r.startswith("accounts/") for r in routes)


def test_a_view_without_declaration_would_be_caught() -> None:
    def naked_view(request):  # type: ignore[no-untyped-def]
        return None

    assert getattr(naked_view, ACCESS_ATTRIBUTE, None) is None
