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
def _fast_and_quiet(settings, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    from django.core.cache import cache

    cache.clear()  # rate-limit counters must not leak from one test into the next
