from __future__ import annotations

import pytest
from django.test import Client

from medskapa.accounts.models import User

from .personas import Personas, build_personas


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
