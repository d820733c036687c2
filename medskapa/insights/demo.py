"""Demo insights for ``manage.py seed_demo``: per demo organisation a few hundred fragments
from interviews, workshops and campaign answers (young people's words about school, home,
friends, contact with social services, waiting and being listened to), one finished theme
run and a few accepted patterns. Idempotent: an organisation that has sources is left alone.

The texts are written for the demo: each theme has openings, middles and endings that are
combined with a fixed seed, so the wording varies the way real answers do.
"""

from __future__ import annotations

import datetime
import random
from uuid import UUID

from django.core.management.base import OutputWrapper
from django.utils import timezone

from medskapa.access.actor import Actor, actor_for_user
from medskapa.organisations.models import Organisation

from . import services
from .models import AgeBand, Method, ParticipantRole, Source, SuggestedTheme

DEMO_ORGANISATIONS = ("sodertalje", "helsingborg")

THEMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "waiting": (
        [
            "Jag fick vänta jättelänge på svar från socialtjänsten",
            "Det tog flera veckor innan någon ringde tillbaka",
            "Väntan på ett beslut var det värsta",
            "Vi väntade i månader på att utredningen skulle bli klar",
            "Ingen sa hur länge vi skulle behöva vänta",
            "Jag skickade ett mejl och fick inget svar på tre veckor",
        ],
        [
            "och under tiden visste jag inte vad som skulle hända",
            "och jag blev mer och mer orolig varje dag",
            "fast jag hade sagt att det var bråttom",
            "och det kändes som att ingen brydde sig",
            "medan allt bara blev sämre hemma",
            "så till slut slutade jag höra av mig",
        ],
        [
            ".",
            ". Det borde gå snabbare.",
            ". Säg åtminstone hur lång väntetiden är.",
            ". Ett kort svar hade räckt för att jag skulle känna mig lugnare.",
        ],
    ),
    "listened": (
        [
            "Det viktigaste är att vuxna lyssnar på riktigt",
            "Min handläggare lyssnade på mig och tog mig på allvar",
            "Jag vill att de frågar vad jag tycker innan de bestämmer",
            "Ofta pratar de vuxna om mig men inte med mig",
            "När kuratorn lyssnade kändes det som att min röst räknades",
            "Ingen frågade mig vad jag ville",
        ],
        [
            "för det är ju mitt liv det handlar om",
            "och då vågade jag berätta mer",
            "men sen bestämde de ändå något annat",
            "och jag fick förklara varför jag tyckte så",
            "utan att säga att jag hade fel",
            "fast jag är den som vet bäst hur jag har det",
        ],
        [
            ".",
            ". Lyssna först, bestäm sen.",
            ". Det gjorde stor skillnad för mig.",
            ". Jag vill få veta vad som hände med det jag sa.",
        ],
    ),
    "new_adults": (
        [
            "Jag har haft fem olika handläggare på två år",
            "Varje gång fick jag en ny kontaktperson",
            "Det kom hela tiden nya vuxna som jag inte kände",
            "Min socialsekreterare slutade och ingen sa något",
            "Att byta handläggare igen var jobbigt",
            "Nya personer hela tiden gör att man inte litar på någon",
        ],
        [
            "och jag fick berätta allt från början igen",
            "så jag orkade inte berätta samma sak en gång till",
            "och ingen visste vad vi hade pratat om innan",
            "vilket gjorde att jag slutade berätta saker",
            "och det tar tid innan man känner sig trygg med någon",
            "fast jag precis hade börjat lita på den förra",
        ],
        [
            ".",
            ". Samma person hela vägen vore bäst.",
            ". Säg till i förväg om någon ska sluta.",
            ". Det borde stå i papperen så man slipper upprepa sig.",
        ],
    ),
    "school": (
        [
            "Skolan stressar mig mest just nu",
            "Det är för många prov samtidigt i skolan",
            "Läxorna tar all tid efter skolan",
            "Jag hänger inte med på lektionerna",
            "Lärarna märker inte när man har det jobbigt i skolan",
            "Betygen känns som det enda som räknas i skolan",
        ],
        [
            "och jag sover dåligt innan proven",
            "så jag hinner inte träffa kompisar eller träna",
            "och ingen lärare förklarar om man inte förstår",
            "och jag är rädd att inte komma in på gymnasiet",
            "fast jag försöker plugga hela tiden",
            "och mentorn har inte tid att prata",
        ],
        [
            ".",
            ". Färre prov i samma vecka skulle hjälpa.",
            ". Jag vill ha mer hjälp med läxorna i skolan.",
            ". Det behövs någon att prata med på skolan.",
        ],
    ),
    "friends": (
        [
            "Jag känner mig ensam på rasterna",
            "Mina kompisar är det som gör att jag orkar",
            "Det är svårt att hitta nya vänner när man flyttat",
            "Jag har ingen att vara med efter skolan",
            "Kompisarna i klassen är snälla men jag är mest ensam",
            "Det bästa med veckan är när jag träffar mina vänner",
        ],
        [
            "och på helgerna sitter jag mest hemma",
            "och vi brukar hänga på fritidsgården",
            "för alla har redan sina grupper",
            "och ibland blir man utfrusen i gruppchatten",
            "och det känns tryggt att ha någon att prata med",
            "fast jag skulle vilja ha fler vänner",
        ],
        [
            ".",
            ". Det borde finnas fler ställen där man kan träffas.",
            ". Vänner är viktigare än allt annat.",
            ". Ensamheten är det jobbigaste.",
        ],
    ),
    "home": (
        [
            "Hemma bråkar mamma och pappa mycket",
            "Det är jobbigt hemma just nu",
            "Jag vill inte vara hemma på kvällarna",
            "Hemma är det trångt och stökigt",
            "Mina föräldrar förstår inte hur jag har det",
            "När det är bråk hemma kan jag inte sova",
        ],
        [
            "så jag går ut så mycket jag kan",
            "och jag har inget eget rum att vara i",
            "och det påverkar allt annat, även skolan",
            "men jag vill inte att föräldrarna ska få problem",
            "och mina småsyskon blir ledsna",
            "och ingen vuxen frågar hur det är hemma",
        ],
        [
            ".",
            ". Jag behöver någonstans att vara.",
            ". Familjen behöver hjälp, inte bara jag.",
            ". Det vore skönt om någon pratade med mina föräldrar.",
        ],
    ),
    "digital": (
        [
            "Jag vill kunna sms:a min handläggare",
            "Det är lättare att skriva i chatten än att ringa",
            "Brev på posten läser ingen ung person",
            "Det borde finnas en app där man ser vad som händer i ärendet",
            "Jag ringer aldrig, jag skriver hellre",
            "Att boka tid via telefon är jättesvårt",
        ],
        [
            "för jag vågar inte ringa till kontoret",
            "och då kan jag svara när det passar mig",
            "och det är skönt att kunna läsa i lugn och ro",
            "så att man slipper vänta i telefonkö",
            "eftersom jag inte alltid kan prata när andra hör",
            "och få en påminnelse innan mötet",
        ],
        [
            ".",
            ". Sms är det bästa sättet att nå mig.",
            ". Chatten borde vara öppen på kvällar.",
            ". Skriv kort och enkelt.",
        ],
    ),
    "meetings": (
        [
            "På mötena är det alltid för många vuxna",
            "Jag förstår inte orden de använder på mötet",
            "Mötet var i ett tråkigt rum med fem vuxna runt bordet",
            "När vi hade möte pratade de över huvudet på mig",
            "Det var svårt att säga något på mötet",
            "Mötena är för långa och krångliga",
        ],
        [
            "och jag visste inte vad jag fick säga",
            "med ord som utredning och insats som ingen förklarade",
            "så jag satt bara tyst hela tiden",
            "och efteråt fick jag inget papper om vad vi bestämde",
            "fast det var jag det handlade om",
            "och jag fick inte ta med någon jag litar på",
        ],
        [
            ".",
            ". Förklara med vanliga ord.",
            ". Färre vuxna på mötet, tack.",
            ". Fråga mig innan vem som ska vara med.",
        ],
    ),
}
PATTERN_NAMES = {
    "waiting": "Väntan utan besked",
    "listened": "Att bli lyssnad på",
    "new_adults": "Nya vuxna hela tiden",
}
SOURCES = [
    # (title, method, age band, role, participants, themes, count)
    ("Intervjuer våren, 13–15 år", Method.INTERVIEW, AgeBand.AGE_13_15, 8, None, 70),
    ("Intervjuer våren, 16–17 år", Method.INTERVIEW, AgeBand.AGE_16_17, 7, None, 60),
    ("Workshop på fritidsgården", Method.WORKSHOP, AgeBand.AGE_13_15, 14, None, 50),
    ("Kampanjsvar: Hur blev du bemött?", Method.CAMPAIGN, AgeBand.AGE_16_17, 40, None, 70),
    ("Workshop om kontakten med socialtjänsten", Method.WORKSHOP, AgeBand.AGE_18_20, 9, None, 40),
]


def _texts(rng: random.Random, count: int) -> list[tuple[str, str]]:
    keys = list(THEMES)
    out = []
    for _i in range(count):
        key = rng.choice(keys)
        openings, middles, endings = THEMES[key]
        text = f"{rng.choice(openings)} {rng.choice(middles)}{rng.choice(endings)}"
        out.append((key, text))
    return out


def seed(stdout: OutputWrapper) -> None:
    for slug in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None or Source.objects.filter(organisation=organisation).exists():
            continue
        designer = _designer_of(organisation)
        if designer is None:
            continue
        rng = random.Random(f"insights-{slug}")  # noqa: S311  (demo texts, not secrets)
        units = list(organisation.units.all())
        today = timezone.localdate()
        planted: dict[str, str] = {}
        for index, (title, method, age_band, participants, _t, count) in enumerate(SOURCES):
            pieces = _texts(rng, count)
            source = services.source_create(
                actor=designer,
                organisation=organisation,
                title=title,
                method=method,
                text="\n\n".join(text for _key, text in pieces),
                date=today - datetime.timedelta(days=30 * (len(SOURCES) - index)),
                unit=units[index % len(units)] if units else None,
                age_band=age_band,
                participant_role=ParticipantRole.YOUNG_PERSON,
                participants=participants,
                consent_reference=f"Samtycke demo-{index + 1}",
                retention_until=today + datetime.timedelta(days=365),
                assign_new=False,
            )
            for fragment, (key, _text) in zip(
                source.fragments.order_by("position"), pieces, strict=False
            ):
                planted[str(fragment.pk)] = key
        run = services.theme_run_start(actor=designer, organisation=organisation, enqueue=False)
        services.theme_run_execute(run.pk, started_by=str(designer.user_id))
        _accept_demo_patterns(designer, run.pk, planted)
        stdout.write(f"Insights: {len(planted)} fragments and a theme run for {organisation.name}")


def _designer_of(organisation: Organisation) -> Actor | None:
    """The demo's work is done as the organisation's designer, as it would be in real use."""
    from medskapa.organisations.models import Membership
    from medskapa.organisations.roles import Role

    membership = (
        Membership.objects.active()
        .filter(organisation=organisation, role=Role.DESIGNER, unit__isnull=True)
        .select_related("user")
        .first()
    )
    return actor_for_user(membership.user) if membership is not None else None


def _accept_demo_patterns(designer: Actor, run_id: UUID, planted: dict[str, str]) -> None:
    from .models import ThemeRun

    run = ThemeRun.objects.get(pk=run_id)
    taken: set[str] = set()
    for column in run.themes.filter(is_outliers=False, status=SuggestedTheme.Status.SUGGESTED):
        keys = [planted.get(str(pk), "") for pk in column.fragments.values_list("pk", flat=True)]
        if not keys:
            continue
        main = max(set(keys), key=keys.count)
        if main in PATTERN_NAMES and main not in taken and keys.count(main) / len(keys) > 0.6:
            taken.add(main)
            pattern = services.theme_accept(actor=designer, theme=column)
            services.theme_rename(actor=designer, theme=column, label=PATTERN_NAMES[main])
            pattern.refresh_from_db()
            pattern.description = (
                "Ungdomar beskriver det här i intervjuer, workshoppar och kampanjsvar. "
                "Demo: skriv vad mönstret betyder och vad ni vill göra åt det."
            )
            pattern.save(update_fields=["description"])
