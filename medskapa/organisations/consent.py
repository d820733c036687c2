"""Consent where the legal basis is consent (GDPR art. 6.1 a, art. 8 as applied in Sweden).

A young person who may be under the configured age (13) cannot consent alone: a guardian must.
With only the year of birth stored, "may be under" is decided conservatively: anyone who turns
13 this year or later counts as under 13 until next year. Unknown age counts as under 13.
Flows that ask for consent (sharing words, events) come with their own apps and call these.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.accounts.models import User
from medskapa.audit.services import Action, record

from .models import Consent, Guardianship, Organisation


def needs_guardian(young_person: User, *, today_year: int | None = None) -> bool:
    age_limit = int(settings.MEDSKAPA["GUARDIAN_CONSENT_AGE"])  # type: ignore[call-overload]
    if young_person.birth_year is None:
        return True
    year = today_year if today_year is not None else timezone.localdate().year
    return year - young_person.birth_year <= age_limit


def is_guardian_of(guardian: User, young_person: User, organisation: Organisation) -> bool:
    return Guardianship.objects.filter(
        organisation=organisation,
        guardian=guardian,
        young_person=young_person,
        ended_at__isnull=True,
    ).exists()


@transaction.atomic
def consent_give(
    *,
    organisation: Organisation,
    subject: User,
    given_by: User,
    purpose: str,
    text_version: str,
) -> Consent:
    if given_by.pk == subject.pk:
        if needs_guardian(subject):
            raise ValidationError(
                _("A guardian must give this consent for someone under %(age)d.")
                % {"age": settings.MEDSKAPA["GUARDIAN_CONSENT_AGE"]}
            )
    elif not is_guardian_of(given_by, subject, organisation):
        raise ValidationError(_("Only the person themself or their guardian can consent."))
    consent = Consent(
        organisation=organisation,
        subject=subject,
        given_by=given_by,
        purpose=purpose,
        text_version=text_version,
    )
    consent.full_clean()
    consent.save()
    record(
        action=Action.CREATE,
        organisation_id=organisation.pk,
        obj=consent,
        subject_id=subject.pk,
        detail=f"consent {purpose} v{text_version}",
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_by: User) -> Consent:
    """Either the person or a guardian may withdraw, whoever gave it."""
    allowed = withdrawn_by.pk == consent.subject_id or is_guardian_of(
        withdrawn_by, consent.subject, consent.organisation
    )
    if not allowed:
        raise ValidationError(_("Only the person themself or their guardian can withdraw."))
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = withdrawn_by
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record(
            action=Action.UPDATE,
            organisation_id=consent.organisation_id,
            obj=consent,
            subject_id=consent.subject_id,
            detail="consent withdrawn",
        )
    return consent


def active_consent(subject: User, organisation: Organisation, purpose: str) -> Consent | None:
    return (
        Consent.objects.filter(
            subject=subject, organisation=organisation, purpose=purpose, withdrawn_at__isnull=True
        )
        .order_by("-given_at")
        .first()
    )
