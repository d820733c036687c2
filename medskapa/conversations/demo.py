"""Demo data: both built-in guides, copied into each demo organisation, and for Södertälje's
young person Elin one prepared meeting and one summarised (and confirmed) meeting with
handlaggare@sodertalje.example. Idempotent."""

from __future__ import annotations

from django.core.management.base import OutputWrapper

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.organisations.models import Organisation

from . import services
from .models import Guide, Meeting, SummaryResponse


def _copy_builtins(organisation: Organisation, editor: User) -> list[Guide]:
    actor = actor_for_user(editor)
    copies = []
    for builtin in services.ensure_builtin_guides():
        source = builtin.latest_published()
        existing = Guide.objects.filter(organisation=organisation, copied_from=source).first()
        if existing is None:
            existing = services.guide_copy(actor=actor, guide=builtin, organisation=organisation)
            services.version_publish(actor=actor, guide=existing)
        copies.append(existing)
    return copies


def _answers(meeting: Meeting, young: User, answers: dict[str, dict[str, object]]) -> None:
    actor = actor_for_user(young)
    for key, values in answers.items():
        services.answer_save(
            actor=actor,
            meeting=meeting,
            data=services.AnswerInput(card_key=key, **values),  # type: ignore[arg-type]
        )
    services.answers_share(
        actor=actor, meeting=meeting, shared_keys=set(answers) - {"uv-stod-passat-inte"}
    )


def seed(stdout: OutputWrapper) -> None:
    services.ensure_builtin_guides()
    organisations = {
        o.slug: o for o in Organisation.objects.filter(slug__in=["sodertalje", "helsingborg"])
    }
    for slug, organisation in organisations.items():
        designer = User.objects.filter(username=f"designer.{slug}").first()
        if designer is not None:
            _copy_builtins(organisation, designer)
    sodertalje = organisations.get("sodertalje")
    worker = User.objects.filter(email="handlaggare@sodertalje.example").first()
    elin = User.objects.filter(username="elin.sodertalje").first()
    if sodertalje is None or worker is None or elin is None:
        return
    if Meeting.objects.filter(organisation=sodertalje, young_person=elin).exists():
        stdout.write("Conversation guides: demo meetings exist already.")
        return
    own = Guide.objects.filter(organisation=sodertalje)
    young_adults = own.filter(copied_from__guide__builtin_key="samtalsstod-unga-vuxna").first()
    school = own.filter(copied_from__guide__builtin_key="samtalsguide-skola").first()
    if young_adults is None or school is None:
        return
    worker_actor = actor_for_user(worker)

    # 1. Summarised and confirmed: the young adults' guide.
    held = services.meeting_create(
        actor=worker_actor, organisation=sodertalje, guide=young_adults, young_person=elin
    )
    _answers(
        held,
        elin,
        {
            "uv-bra-nu": {
                "text": "Jag har fått en praktikplats på ett kafé. Jag gillar folket där."
            },
            "uv-livet-skala": {"scale": 4},
            "uv-energi-val": {"choices": [0, 2, 5]},
            "uv-om-ett-ar": {"text": "Bo i egen lägenhet och jobba med mat."},
            "uv-stod-hjalpt": {"text": "När min kontaktperson följde med till första mötet."},
            "uv-stod-passat-inte": {"text": "Långa möten med många vuxna."},
        },
    )
    for key, note in {
        "uv-bra-nu": "Praktiken ger struktur och stolthet. Vill fortsätta efter sommaren.",
        "uv-om-ett-ar": "Egen lägenhet: vill veta mer om bostadsstöd.",
        "uv-hjalp-med": "Hjälp med ansökan om lägenhet. Kortare möten, max två vuxna.",
    }.items():
        services.note_save(actor=worker_actor, meeting=held, card_key=key, text=note)
    summary = services.summary_write(
        actor=worker_actor,
        meeting=held,
        text=(
            "Hej Elin! Tack för att du kom. Du berättade att praktiken på kaféet är det bästa "
            "just nu. Du gillar folket där. Om ett år vill du bo i en egen lägenhet och jobba "
            "med mat. Du vill ha hjälp med att söka lägenhet. Du vill ha korta möten med högst "
            "två vuxna. Jag hör av mig på tisdag om bostadsstödet."
        ),
    )
    services.summary_respond(
        actor=actor_for_user(elin),
        summary=summary,
        verdict=SummaryResponse.Verdict.AGREE,
        comment="Ja. Men jag vill också prata om körkort.",
    )

    # 2. Prepared, not held yet: the school guide.
    prepared = services.meeting_create(
        actor=worker_actor, organisation=sodertalje, guide=school, young_person=elin
    )
    _answers(
        prepared,
        elin,
        {
            "sk-bra-dag": {"text": "När vi hade hemkunskap och jag fick laga mat till klassen."},
            "sk-trivs-skala": {"scale": 3},
            "sk-hjalper-lektion": {"choices": [0, 4]},
            "sk-vuxna-mer": {"skipped": True},
        },
    )
    stdout.write("Conversation guides: built-in guides copied; Elin has two meetings.")
