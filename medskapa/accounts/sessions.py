"""Session lifetime rules: idle timeouts by role, an absolute lifetime, ending sessions.

All state lives in the session store (the database), never in the web process.
"""

from __future__ import annotations

import time

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from .models import User

LOGIN_AT = "medskapa_login_at"
SEEN_AT = "medskapa_seen_at"
IDLE_LIMIT = "medskapa_idle_limit"
# Writing "last seen" on every request would cost a write per page; a minute's grain is enough.
SEEN_GRAIN_SECONDS = 60


def start(session: SessionBase, *, is_staff: bool) -> None:
    policy = settings.SESSION_POLICY
    now = int(time.time())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now
    session[IDLE_LIMIT] = (
        policy["staff_idle_seconds"] if is_staff else policy["young_person_idle_seconds"]
    )


def expired(session: SessionBase, now: float | None = None) -> bool:
    """True when the session has been idle too long or has lived past its absolute lifetime."""
    now = time.time() if now is None else now
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return True
    if now - login_at > settings.SESSION_POLICY["absolute_seconds"]:
        return True
    return bool(
        now - seen_at > session.get(IDLE_LIMIT, settings.SESSION_POLICY["staff_idle_seconds"])
    )


def touch(session: SessionBase, now: float | None = None) -> None:
    now = time.time() if now is None else now
    if now - session.get(SEEN_AT, 0) >= SEEN_GRAIN_SECONDS:
        session[SEEN_AT] = int(now)


def end_all_sessions(user: User) -> int:
    """End every session of ``user`` on the server, wherever they are logged in."""
    ended = 0
    for user_session in UserSession.objects.filter(user=user):
        user_session.end()
        ended += 1
    return ended
