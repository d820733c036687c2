"""Demo feedback ("ni sa – vi gjorde"), delivered, for the demo organisations.

Tied to the class survey from ``checkins.demo`` ("Klass 8B – hur har du det i skolan?"), the
past event from ``events.demo`` ("Vad gör en bra fritidsgård?") and, when there are shared
conversation answers, their guide. Idempotent: a message is found again by its title.
"""

from __future__ import annotations

from uuid import UUID

from django.core.management.base import OutputWrapper

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.organisations.models import Organisation
from medskapa.web import links
from medskapa.web.registries import contributions as registry

from . import services
from .models import FeedbackMessage

DEMO_ORGANISATIONS = ("sodertalje", "helsingborg")
GUIDE_KIND = "conversations.guide"


def _targets(org: Organisation, author: User) -> dict[tuple[str, str], UUID]:
    """The link targets behind the organisation's contributions, by (kind, title), found
    through the core registries (contributions, links) so feedback imports no other app. The
    first of a title wins; a kind whose app is not installed is simply absent."""
    pairs = list(
        dict.fromkeys(c.closable_via for c in registry.all_contributions(org.pk) if c.closable_via)
    )
    found: dict[tuple[str, str], UUID] = {}
    for target in links.resolve(actor_for_user(author), org.pk, pairs):
        found.setdefault((target.kind, target.title), target.id)
    return found


def _message(
    org: Organisation,
    author: User,
    kind: str,
    target: UUID,
    *,
    message_kind: str,
    title: str,
    body: str,
) -> int:
    if FeedbackMessage.objects.filter(organisation=org, title=title).exists():
        return 0
    if not registry.walk(org.pk, kind, target):
        return 0
    message = services.message_create(
        actor=actor_for_user(author),
        organisation=org,
        about_kind=kind,
        about_id=target,
        kind=message_kind,
        title=title,
        body=body,
    )
    services.message_publish(message_id=message.pk)
    return 1


def seed(stdout: OutputWrapper) -> None:
    made = 0
    for slug in DEMO_ORGANISATIONS:
        org = Organisation.objects.filter(slug=slug).first()
        author = User.objects.filter(username=f"designer.{slug}").first()
        if org is None or author is None:
            continue
        targets = _targets(org, author)
        survey = targets.get(("checkins.campaign", "Klass 8B – hur har du det i skolan?"))
        if survey is not None:
            made += _message(
                org,
                author,
                "checkins.campaign",
                survey,
                message_kind="we_did",
                title="Ni sa att det är stökigt på rasterna – nu finns fler vuxna ute",
                body=(
                    "Många i 8B sa att det är stökigt på rasterna. Vi har pratat med "
                    "skolan. Från och med nu är det alltid två vuxna ute på varje rast. "
                    "Säg till om det blir bättre. Tack för att ni svarade!"
                ),
            )
        past = targets.get(("events.event", "Vad gör en bra fritidsgård?"))
        if past is not None:
            made += _message(
                org,
                author,
                "events.event",
                past,
                message_kind="we_did",
                title="Ni sa att väntetiden var lång – nu svarar vi inom två dagar",
                body=(
                    "På träffen sa ni att det tar för lång tid att få svar när ni "
                    "skriver till oss. Nu svarar vi inom två dagar. Ni sa också att det "
                    "var svårt att hitta dit. Nästa gång sätter vi upp skyltar."
                ),
            )
            made += _message(
                org,
                author,
                "events.event",
                past,
                message_kind="we_cannot",
                title="Vi kan inte ha öppet på söndagar",
                body=(
                    "Några av er ville att fritidsgården har öppet på söndagar. Det kan "
                    "vi inte just nu, därför att vi inte har personal då. Vi frågar igen "
                    "när vi gör nästa budget."
                ),
            )
        guide = next((t for (kind, _title), t in targets.items() if kind == GUIDE_KIND), None)
        if guide is not None:
            made += _message(
                org,
                author,
                "conversations.guide",
                guide,
                message_kind="we_did",
                title="Ni sa att det är svårt att veta vad som händer – nu får ni en plan",
                body=(
                    "Ni sa att ni inte visste vad som händer efter ett samtal. Nu får du "
                    "alltid en kort plan efter samtalet, med vad som händer och när."
                ),
            )
    stdout.write(f"Feedback: {made} demo messages published.")
