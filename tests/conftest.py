from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from django.test import Client

from medskapa.accounts.models import User

from .personas import Personas, build_personas

# With MEDSKAPA_WITHOUT_APPS (labels, e.g. "events,projects") settings leave those domain apps
# out; their tests, and any test module that imports them, are not collected (CI, issue 13).
_WITHOUT = {a.strip() for a in os.environ.get("MEDSKAPA_WITHOUT_APPS", "").split(",") if a.strip()}


def _reaches_left_out_app(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] in ("medskapa", "tests") and parts[1] in _WITHOUT:
                return True
    return False


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if not _WITHOUT:
        return None
    parts = collection_path.relative_to(Path(__file__).parent.parent).parts
    if len(parts) > 1 and parts[0] == "tests" and parts[1] in _WITHOUT:
        return True
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        return _reaches_left_out_app(collection_path) or None
    return None


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture
def client_for(client: Client):  # type: ignore[no-untyped-def]
    """A logged-in test client for a persona: ``client_for(personas.worker)``."""

    def login(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return login


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path_factory, request, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The pattern engine's own tests use the real embedding model (tests/engines); the apps'
    # tests run theme runs on the TF-IDF path, which the engine keeps as its fallback, so the
    # suite does not spend a minute of CPU embedding the same fixtures again and again.
    if "engines" not in request.node.nodeid.split("::")[0]:
        monkeypatch.setenv("MEDSKAPA_EMBEDDINGS", "off")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    from django.core.cache import cache

    cache.clear()  # rate-limit counters must not leak from one test into the next
