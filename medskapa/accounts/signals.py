"""Log-ins, log-outs and failed log-ins go to the audit log; log-in starts the session policy."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpRequest

from medskapa.access.actor import actor_for_user
from medskapa.audit.services import Action, record
from medskapa.organisations.roles import STAFF_ROLES

from . import sessions
from .models import User


def _organisations(user: User) -> list[Any]:
    ids = user.memberships.values_list("organisation_id", flat=True).distinct()
    return list(ids) or [None]


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    is_staff = user.memberships.filter(role__in=STAFF_ROLES, ended_at__isnull=True).exists()
    actor = actor_for_user(user)
    if request is not None and hasattr(request, "session"):
        sessions.start(request.session, is_staff=is_staff)
        request.actor = actor  # type: ignore[attr-defined]
        if is_staff and not actor.has_mfa:
            # Staff without a second factor go straight to setting one up; the password they
            # typed seconds ago counts, so allauth does not ask for it again.
            record_authentication(
                request, user, method="password", username=user.username, reauthenticated=True
            )
    for organisation_id in _organisations(user):
        record(
            action=Action.LOGIN,
            actor=actor,
            request=request,
            organisation_id=organisation_id,
            obj=user,
            subject_id=user.pk,
        )


@receiver(user_logged_out)
def on_logged_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is None:
        return
    for organisation_id in _organisations(user):
        record(
            action=Action.LOGOUT,
            actor=actor_for_user(user),
            request=request,
            organisation_id=organisation_id,
            obj=user,
            subject_id=user.pk,
        )


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The typed identifier is never stored: people sometimes type their password into it.
    identifier = str(
        credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    ).strip()
    user = (
        User.objects.filter(Q(email__iexact=identifier) | Q(username__iexact=identifier)).first()
        if identifier
        else None
    )
    organisations = _organisations(user) if user is not None else [None]
    for organisation_id in organisations:
        record(
            action=Action.LOGIN_FAILED,
            request=request,
            organisation_id=organisation_id,
            object_type="accounts.user",
            object_id=str(user.pk) if user else "",
            subject_id=user.pk if user else None,
        )
