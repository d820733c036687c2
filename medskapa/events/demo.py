"""Demo events for ``manage.py seed_demo``: per demo organisation one past event (attendance and
feedback kept, sign-ups' personal data already deleted past retention, only counts left), two
upcoming events (one full, with a waiting list) and a few panel members.

Written straight to the models, not through the services, so seeding sends no e-mail or SMS.
Idempotent: events are found again by their slug.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.management.base import OutputWrapper
from django.utils import timezone

from medskapa.accounts.models import User
from medskapa.organisations.models import Organisation, Unit
from medskapa.organisations.roles import Role

from .models import (
    Event,
    EventFeedback,
    PanelChannel,
    PanelFrequency,
    PanelInvitation,
    PanelMembership,
    PanelTopic,
    Participation,
    SignUp,
)

DEMO_ORGANISATIONS = ("sodertalje", "helsingborg")
PAST_FEEDBACK = [
    (5, "Roligt att få säga vad vi tycker. Mer sånt!"),
    (4, "Bra, men lite för lång."),
    (5, "Ledarna lyssnade på riktigt."),
    (3, ""),
    (4, "Gott fika. Jag vill vara med igen."),
    (None, "Det var svårt att hitta dit."),
]


def _at(days: int, hour: int) -> datetime:
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def _event(org: Organisation, unit: Unit | None, key: str, **fields: object) -> Event:
    slug = f"demo-{org.slug}-{key}"
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        event = Event(organisation=org, unit=unit, slug=slug, **fields)
        event.save()
    return event


def _signup(event: Event, n: int, status: str, **fields: object) -> None:
    key = f"demo-{n}"
    if SignUp.objects.filter(event=event, submission_key=key).exists():
        return
    values: dict[str, object] = {
        "name": f"Deltagare {n}",
        "birth_year": 2010,
        "contact_email": f"deltagare{n}@example.com",
        "consent_storage": True,
    }
    values.update(fields)
    SignUp.objects.create(event=event, status=status, submission_key=key, **values)


def seed(stdout: OutputWrapper) -> None:
    for slug in DEMO_ORGANISATIONS:
        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            continue
        unit = Unit.objects.filter(organisation=org, parent__isnull=True).first()
        young = list(
            User.objects.filter(
                memberships__organisation=org,
                memberships__role=Role.YOUNG_PERSON,
                memberships__ended_at__isnull=True,
            ).order_by("username")
        )
        contact = org.contact_email or f"dataskydd@{slug}.example"
        common = {
            "place": "Ungdomens hus, Storgatan 1",
            "accessibility": (
                "Ingång utan trappsteg. Hiss till plan 2. Toalett för rullstol. "
                "Ett tyst rum finns. Buss 3 stannar utanför."
            ),
            "languages": "svenska, arabiska, engelska",
            "contact": f"Dana Designer, {contact}",
            "age_min": 12,
            "age_max": 20,
        }
        past = _event(
            org,
            unit,
            "past",
            title="Vad gör en bra fritidsgård?",
            description="Vi pratar om fritidsgårdar. Vad är bra? Vad kan bli bättre? Vi fikar.",
            starts_at=_at(-40, 17),
            ends_at=_at(-40, 19),
            seats=15,
            published=True,
            personal_data_deleted_at=_at(-10, 3),
            tally_confirmed=12,
            tally_attended=10,
            tally_cancelled=2,
            tally_waitlisted=0,
            tally_no_guardian=1,
            **common,
        )
        if not past.feedback.exists():
            for rating, text in PAST_FEEDBACK:
                EventFeedback.objects.create(
                    organisation=org,
                    event=past,
                    rating=rating,
                    text=text,
                    created_on=(past.ends_at + timedelta(days=1)).date(),
                )
        for index, person in enumerate(young[:2]):
            Participation.objects.get_or_create(
                user=person,
                event=past,
                defaults={
                    "created_at": past.ends_at,
                    "feedback_given_at": past.ends_at + timedelta(days=1) if index == 0 else None,
                },
            )

        workshop = _event(
            org,
            unit,
            "workshop",
            title="Workshop: Hur vill du bli bemött?",
            description=(
                "Hur ska det vara att prata med socialtjänsten? Du berättar, vi lyssnar. "
                "Vi gör en målbild tillsammans. Det finns mat."
            ),
            starts_at=_at(10, 16),
            ends_at=_at(10, 18),
            seats=12,
            published=True,
            **common,
        )
        _signup(workshop, 1, SignUp.Status.CONFIRMED, needs="Vegetarisk mat")
        _signup(workshop, 2, SignUp.Status.CONFIRMED, contact_email="", contact_phone="0701234567")
        _signup(workshop, 3, SignUp.Status.CONFIRMED)
        _signup(
            workshop,
            4,
            SignUp.Status.PENDING_GUARDIAN,
            birth_year=timezone.localdate().year - 12,
            needs_guardian=True,
            guardian_email="vardnadshavare@example.com",
            guardian_expires_at=timezone.now() + timedelta(days=7),
        )

        fika = _event(
            org,
            unit,
            "fika",
            title="Fika och idéer om ungdomsmottagningen",
            description="En liten grupp. Vi testar en ny idé för hur man bokar tid. Tar en timme.",
            starts_at=_at(20, 15),
            ends_at=_at(20, 16),
            seats=6,
            published=True,
            **common,
        )
        for n in range(1, 7):
            _signup(fika, n, SignUp.Status.CONFIRMED)
        _signup(fika, 7, SignUp.Status.WAITLISTED)
        _signup(fika, 8, SignUp.Status.WAITLISTED)

        for index, person in enumerate(young):
            membership = PanelMembership.objects.filter(
                user=person, organisation=org, left_at__isnull=True
            ).first()
            if membership is None:
                membership = PanelMembership.objects.create(
                    user=person,
                    organisation=org,
                    topics=[PanelTopic.WORKSHOPS, PanelTopic.QUESTIONS],
                    frequency=PanelFrequency.QUARTERLY,
                    channel=PanelChannel.APP,
                )
            if index < 2:
                PanelInvitation.objects.get_or_create(
                    membership=membership,
                    event=workshop,
                    defaults={"organisation": org, "topic": PanelTopic.WORKSHOPS},
                )
    stdout.write("Events: past and upcoming events, feedback and panel members seeded.")
