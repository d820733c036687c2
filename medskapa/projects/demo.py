"""Demo projects for ``manage.py seed_demo``: in each demo organisation one project in each
phase, with activities, a journey map, goal images in young people's words (Södertälje's pilot
"Nu börjar vi med barnen"), prototypes with ratings, and a decision log that links back to
what it rests on. Helsingborg's projects use its own steps as phase names.

Idempotent: a project is found again by its organisation and title.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from medskapa.access.actor import Actor, actor_for_user
from medskapa.accounts.models import User
from medskapa.organisations.models import Organisation, Unit

from . import services
from .models import CoCreator, JourneyMap, PhaseKey, Project, Rating, Reaction

DEMO_ORGANISATIONS = ("sodertalje", "helsingborg")

HELSINGBORG_STEPS: dict[str, str] = {
    PhaseKey.UNDERSTAND: "Förstå behovet",
    PhaseKey.PATTERNS: "Hitta återkommande mönster",
    PhaseKey.GOAL_IMAGES: "Sammanställa kunskap i verksamheten",
    PhaseKey.IDEAS: "Samskapa nya eller justera lösningar",
    PhaseKey.TEST: "Testa i små steg",
    PhaseKey.ACT: "Agera",
}

GOAL_IMAGES = [
    "Jag vet vem jag kan prata med och hen hör av sig tillbaka.",
    "Vuxna frågar vad som får mig att må bra, inte bara vad som är fel.",
    "Jag behöver inte berätta min historia om och om igen.",
    "Jag får vara med och bestämma om det som handlar om mig.",
    "Det finns något att göra efter skolan som känns som mitt.",
]
REACTIONS = [
    ("agree", "Ja, det viktigaste är att någon ringer tillbaka."),
    ("agree", ""),
    ("agree", "Min kurator gör så, det hjälper."),
    ("agree", ""),
    ("unsure", "Beror på vem det är."),
    ("agree", ""),
    ("disagree", "Jag vill hellre skriva än prata."),
]
RATINGS = [
    (5, "Skönt att se vem man ska träffa."),
    (4, "Bra, men skriv var man ska gå in."),
    (4, ""),
    (3, "Jag läser inte alltid sms."),
    (5, ""),
    (4, "Tydligt."),
]
JOURNEY_STAGES: list[tuple[str, int]] = [
    ("Skolan märker frånvaro", 0),
    ("Brev hem", -1),
    ("Första mötet", -2),
    ("Planen", 0),
    ("Efteråt", 1),
]
JOURNEY_CARDS: list[tuple[int, str, str]] = [
    (0, "doing", "Stannar hemma fler dagar i veckan"),
    (0, "thinking", "Ingen märker nog något"),
    (1, "touchpoints", "Brev till vårdnadshavare"),
    (1, "feeling", "Skäms när föräldern läser brevet"),
    (2, "pain_points", "Vet inte vem som ska vara med på mötet"),
    (2, "opportunities", "Sms med bild på den man ska träffa"),
    (3, "doing", "Får en plan med mål för varje vecka"),
    (4, "thinking", "Skönt att någon hör av sig igen"),
    (4, "opportunities", "Återkoppling efter en månad"),
]


def _actor(org: Organisation) -> tuple[Actor, User | None]:
    designer = User.objects.filter(username=f"designer.{org.slug}").first()
    return actor_for_user(designer), designer


def _project(
    org: Organisation,
    actor: Actor,
    unit: Unit | None,
    phase: str,
    title: str,
    challenge: str,
    description: str,
    notes: str,
) -> tuple[Project, bool]:
    found = Project.objects.filter(organisation=org, title=title).first()
    if found is not None:
        return found, False
    today = timezone.localdate()
    project = services.project_create(
        actor=actor,
        organisation=org,
        unit=unit,
        title=title,
        challenge=challenge,
        description=description,
        staff_notes=notes,
        starts_on=today - timedelta(days=60),
        target_on=today + timedelta(days=120),
    )
    if org.slug == "helsingborg":
        for item in project.phases.all():
            services.phase_rename(
                actor=actor, project=project, phase=item, name=HELSINGBORG_STEPS[item.key]
            )
    services.phase_set_current(actor=actor, project=project, phase=project.phases.get(key=phase))
    return project, True


def _react(goal: Any, rows: list[tuple[str, str]], org: Organisation) -> None:
    for index, (choice, comment) in enumerate(rows):
        device = f"demo-{org.slug}-{goal.pk}-{index}"
        if not Reaction.objects.filter(goal_image=goal, device_hash=device).exists():
            services.reaction_save_by_device(
                goal_image=goal, choice=choice, comment=comment, device_hash=device
            )


def _seed_org(org: Organisation) -> int:
    actor, designer = _actor(org)
    if designer is None:
        return 0
    units = list(Unit.objects.filter(organisation=org).order_by("path"))
    unit = units[0] if units else None
    young = list(
        User.objects.filter(username__endswith=f".{org.slug}", memberships__role="young_person")
    )
    made = 0

    # 1. Förstå
    project, new = _project(
        org,
        actor,
        unit,
        PhaseKey.UNDERSTAND,
        "Vägen in till stödet",
        "Hur kan vi göra det lättare för unga att veta vart de kan vända sig?",
        "Vi vill förstå hur unga hittar hjälp i dag: vem de frågar, var de letar och vad som "
        "gör att de ger upp. Vi börjar med att lyssna.",
        "Intervjuerna bokas via fritidsgårdarna. Glöm inte presentkorten.",
    )
    if new:
        made += 1
        services.activity_start(
            actor=actor,
            project=project,
            card="interview",
            title="Intervjuer med unga inom KAA",
            notes="Tio samtal, 30–45 minuter, promenad eller fika.",
        )
        services.activity_start(
            actor=actor,
            project=project,
            card="observation",
            title="Besök på fritidsgården en torsdagskväll",
        )

    # 2. Mönster
    project, new = _project(
        org,
        actor,
        unit,
        PhaseKey.PATTERNS,
        "Skolfrånvaro och framtidstro",
        "Hur kan vi fånga upp unga som börjar vara borta från skolan, innan det blir långt?",
        "Unga har berättat vad som händer när frånvaron börjar. Nu letar vi efter mönster.",
        "Elevhälsan vill vara med i nästa workshop.",
    )
    if new:
        made += 1
        services.activity_start(
            actor=actor,
            project=project,
            card="journey_map",
            title="Resan från första frånvaron till en plan",
            details={"persona": "En 15-åring som har börjat stanna hemma"},
        )
        journey = JourneyMap.objects.get(project=project)
        for stage in list(journey.stages.all()):
            stage.delete()
        stages = [
            services.stage_add(
                actor=actor, project=project, journey=journey, name=name, feeling=feeling
            )
            for name, feeling in JOURNEY_STAGES
        ]
        for index, lane, text in JOURNEY_CARDS:
            services.card_add(
                actor=actor,
                project=project,
                journey=journey,
                stage=stages[index],
                lane=lane,
                text=text,
            )
        services.activity_start(
            actor=actor, project=project, card="persona", title="Persona: Sam, 15 år"
        )

    # 3. Målbild
    project, new = _project(
        org,
        actor,
        unit,
        PhaseKey.GOAL_IMAGES,
        "Nu börjar vi med barnen",
        "Hur kan vi bygga ett stöd som utgår från det som får unga att må bra?",
        "Tillsammans med unga tar vi fram målbilder: hur det ska kännas att möta skolan, vården "
        "och socialtjänsten. Målbilderna är inte färdiga förslag, de visar riktningen.",
        "Målbilderna testas även på spridningskonferensen i december.",
    )
    goals = []
    if new:
        made += 1
        goals = [
            services.goal_image_create(actor=actor, project=project, text=t) for t in GOAL_IMAGES
        ]
        _react(goals[0], REACTIONS, org)
        _react(goals[1], REACTIONS[:6], org)
        _react(goals[2], REACTIONS[:3], org)  # fewer than five: shown as such
        services.campaign_set(actor=actor, project=project, open_=True)
        for person in young[:2]:
            CoCreator.objects.get_or_create(project=project, user=person)

    # 4. Idéer och prototyper
    project, new = _project(
        org,
        actor,
        unit,
        PhaseKey.IDEAS,
        "Samtalsstöd för unga och vuxna",
        "Hur kan vi skapa bättre samtal mellan unga och vuxna om det som är viktigt i livet?",
        "Vi tar fram ett samtalsstöd som unga och vuxna går igenom tillsammans, utskrivet i A3.",
        "Två versioner: en för skolan och en för unga vuxna.",
    )
    if new:
        made += 1
        services.activity_start(
            actor=actor, project=project, card="prototype", title="Skiss av samtalsstödet"
        )
        services.prototype_create(
            actor=actor,
            project=project,
            title="Samtalsstöd i A3",
            hypothesis_if="går igenom ett samtalsstöd med frågor om det som är bra i livet",
            hypothesis_then="unga att berätta mer om vad de behöver",
            hypothesis_seen="att unga själva tar upp fler ämnen i samtalet",
            what_made="Ett A3-ark med tolv frågekort och bilder.",
            tested_with="Sex unga i Alis och två kuratorer",
            for_young_people="Ett papper med frågor som du och en vuxen pratar om tillsammans.",
            open_for_rating=True,
        )
        for person in young[:1]:
            CoCreator.objects.get_or_create(project=project, user=person)

    # 5. Testa
    project, new = _project(
        org,
        actor,
        unit,
        PhaseKey.TEST,
        "Sms före första mötet",
        "Hur kan vi göra första mötet med socialtjänsten tryggare?",
        "Vi testar att skicka ett sms med namn och bild på den du ska träffa, dagen före mötet.",
        "Kolla med dataskyddsombudet om bilden innan vi skalar upp.",
    )
    if new:
        made += 1
        prototype = services.prototype_create(
            actor=actor,
            project=project,
            title="Sms med bild på handläggaren",
            hypothesis_if="skickar ett sms med bild på handläggaren dagen före",
            hypothesis_then="unga att känna sig tryggare när de kommer",
            hypothesis_seen="att färre uteblir från första mötet",
            what_made="En sms-mall och ett foto av varje handläggare.",
            tested_with="Unga som fick en ny handläggare under mars",
            outcome="iterate",
            outcome_reason="Bra mottaget, men adressen och ingången måste stå med.",
            open_for_rating=True,
        )
        round_ = services.test_round_create(
            actor=actor,
            project=project,
            prototype=prototype,
            title="Test i mars",
            held_on=date(2026, 3, 15),
        )
        for score, comment in RATINGS:
            Rating.objects.create(
                prototype=prototype, test_round=round_, score=score, comment=comment
            )

    # 6. Agera
    project, new = _project(
        org,
        actor,
        unit,
        PhaseKey.ACT,
        "Återkoppling till unga",
        "Hur kan vi berätta för unga vad som hände med det de sa?",
        "Unga säger att de sällan får veta vad som hände med deras synpunkter. Nu bestämmer "
        "vi hur vi ska göra, och berättar det.",
        "Ledningsgruppen tog beslutet den 1 april.",
    )
    if new:
        made += 1
        source_goal = services.goal_image_create(
            actor=actor,
            project=project,
            text="Jag får veta vad som hände med det jag sa.",
        )
        _react(source_goal, REACTIONS, org)
        prototype = services.prototype_create(
            actor=actor,
            project=project,
            title="Månadsbrev till unga som varit med",
            hypothesis_if="skickar ett kort brev varje månad om vad som hänt",
            hypothesis_then="unga att vilja vara med igen",
            hypothesis_seen="att fler anmäler sig till nästa workshop",
            outcome="adopt",
            outcome_reason="Nio av tio ville ha brevet.",
        )
        decision = services.decision_create(
            actor=actor,
            project=project,
            title="Alla som varit med i ett projekt får återkoppling inom en månad",
            for_young_people="Om du har varit med och tyckt till, får du veta vad som hände "
            "inom en månad. Du får ett kort brev i appen.",
            decided_by="Ledningsgruppen",
            decided_on=date(2026, 4, 1),
            owner="Enhetschef, Barn och unga",
            due_on=date(2026, 9, 1),
            status="in_progress",
        )
        services.decision_create(
            actor=actor,
            project=project,
            title="Sms före första mötet införs för alla nya ärenden",
            for_young_people="Dagen före ditt första möte får du ett sms med namn och bild.",
            decided_by="Socialnämnden",
            decided_on=date(2026, 5, 20),
            owner="Verksamhetsutvecklare",
            due_on=date(2026, 10, 1),
            status="planned",
        )
        for kind, target in (
            ("goal_image", source_goal.pk),
            ("prototype", prototype.pk),
        ):
            services.link_add(
                actor=actor,
                project=project,
                source_type="decision",
                source_id=decision.pk,
                target_kind=f"projects.{kind}",
                target_id=target,
            )
        for person in young[:2]:
            CoCreator.objects.get_or_create(project=project, user=person)
    return made


def seed(stdout: OutputWrapper) -> None:
    made = 0
    for org in Organisation.objects.filter(slug__in=DEMO_ORGANISATIONS):
        with transaction.atomic():
            made += _seed_org(org)
    stdout.write(f"Projects: {made} new demo projects.")
