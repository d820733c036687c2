"""Demo data for reports: a few collaboration gaps (some reviewed) and a drafted yearly report
per demo organisation, and the rollups brought up to date so the dashboard shows the demo
check-ins. Idempotent: an organisation that already has gaps or a report is left alone."""

from __future__ import annotations

from datetime import date

from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.organisations.models import Membership, Organisation
from medskapa.organisations.roles import Role

from . import rollups, services
from .models import Agency, Gap, GapCategory, Report

GAPS = [
    # (reporter role, agencies, what happened, consequence, SIP, category)
    (
        Role.WORKER,
        ["Skola", "Socialtjänst"],
        "Skolan visste inte att familjen hade kontakt med oss. "
        "Ingen bjöd in till ett gemensamt möte.",
        "Eleven fick berätta samma sak tre gånger och blev trött på att prata.",
        "no",
        "Ingen SIP trots behov",
    ),
    (
        Role.WORKER,
        ["Hälso- och sjukvård", "Socialtjänst"],
        "Remissen till BUP kom tillbaka utan svar. Vi visste inte vem som skulle ringa.",
        "Väntan blev fyra månader längre.",
        "unknown",
        "Lång väntan mellan verksamheter",
    ),
    (
        Role.YOUNG_PERSON,
        ["Skola", "Hälso- och sjukvård"],
        "Kuratorn sa att jag skulle gå till vårdcentralen. "
        "Där sa de att jag skulle prata med skolan.",
        "Jag fick ingen hjälp på länge.",
        "no",
        None,
    ),
    (
        Role.MANAGER,
        ["Socialtjänst", "Arbetsförmedlingen"],
        "Den unga skrevs ut från gymnasiet utan att någon kontaktade aktivitetsansvaret.",
        "Ett halvår utan sysselsättning.",
        "no",
        "Information fördes inte vidare",
    ),
    (
        Role.WORKER,
        ["Polis", "Socialtjänst"],
        "Orosanmälan från polisen kom en vecka sent.",
        "Vi kunde inte erbjuda stöd direkt efter händelsen.",
        "yes",
        "Information fördes inte vidare",
    ),
]

TEXTS = [
    (
        "Sammanfattning",
        "Det här är ett utkast. Under året har unga svarat på hur de mår i sina incheckningar. "
        "De flesta mår bra i skolan och med sina vänner. Fler mår sämre hemma än förra året. "
        "Grupper med färre än fem unga visas inte, så att ingen kan kännas igen.",
    ),
    (
        "Vad vi gjorde under perioden",
        "Vi har börjat fråga efter en SIP tidigare. Vi har haft två möten med skolan om hur vi "
        "delar information när en elev har kontakt med oss.",
    ),
    (
        "Vad vi gör nu",
        "Vi följer upp de brister i samverkan som rapporterats och tar upp dem i "
        "samordningsförbundet.",
    ),
]


def _member(organisation: Organisation, role: str) -> Membership | None:
    return (
        Membership.objects.active()
        .filter(organisation=organisation, role=role)
        .select_related("user", "unit")
        .first()
    )


@transaction.atomic
def _seed_organisation(organisation: Organisation) -> tuple[int, bool]:
    services.ensure_defaults(organisation)
    made = 0
    if not Gap.objects.filter(organisation=organisation).exists():
        manager = _member(organisation, Role.MANAGER)
        reviewer = actor_for_user(manager.user) if manager else None
        for role, names, what, consequence, sip, category in GAPS:
            member = _member(organisation, role)
            if member is None:
                continue
            agencies = list(Agency.objects.filter(organisation=organisation, name__in=names))
            gap = services.gap_report(
                actor=actor_for_user(member.user),
                organisation=organisation,
                agencies=agencies,
                what_happened=what,
                consequence=consequence,
                sip=sip,
                unit=member.unit,
            )
            made += 1
            chosen = GapCategory.objects.filter(organisation=organisation, name=category).first()
            if chosen is not None and reviewer is not None:
                services.gap_review(actor=reviewer, gap=gap, category=chosen, note="")
    drafted = False
    author = _member(organisation, Role.MANAGER) or _member(organisation, Role.DESIGNER)
    if author is not None and not Report.objects.filter(organisation=organisation).exists():
        year = timezone.localdate().year
        actor = actor_for_user(author.user)
        report = services.report_create(
            actor=actor,
            organisation=organisation,
            title=f"Årsrapport {year}: unga, samverkan och vad vi gjorde",
            unit=author.unit,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 1),
        )
        for section, (heading, body) in zip(report.sections.all(), TEXTS, strict=False):
            services.section_save(
                actor=actor, report=report, section=section, heading=heading, body=body
            )
        drafted = True
    rollups.refresh_organisation(organisation)
    return made, drafted


def seed(stdout: OutputWrapper) -> None:
    for organisation in Organisation.objects.filter(slug__in=["sodertalje", "helsingborg"]):
        made, drafted = _seed_organisation(organisation)
        stdout.write(
            f"Reports ({organisation.slug}): {made} collaboration gaps"
            + (", a drafted yearly report" if drafted else "")
            + ", rollups refreshed."
        )
