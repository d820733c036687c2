"""Collaboration gaps: young people and staff report, reviewers categorise and link, counts
are suppressed, and who reported is shown only to managers (audit-logged)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medskapa.access.actor import Actor, actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.reports import selectors, services
from medskapa.reports.models import Agency, Gap, GapCategory, GapLink
from medskapa.web import links
from tests.personas import Personas


def _agencies(p: Personas) -> list[Agency]:
    services.ensure_defaults(p.own)
    return list(Agency.objects.filter(organisation=p.own))


def _report(p: Personas, user: object, names: list[str], **extra: object) -> Gap:
    chosen = [a for a in _agencies(p) if a.name in names]
    return services.gap_report(
        actor=actor_for_user(user),
        organisation=p.own,
        agencies=chosen,
        what_happened=str(extra.get("what", "Skolan och vården pratade inte med varandra.")),
        consequence="Jag fick vänta.",
        sip=str(extra.get("sip", "no")),
        unit=extra.get("unit"),  # type: ignore[arg-type]
    )


def test_a_young_person_reports_a_gap_through_the_simple_form(
    personas: Personas, client_for: object
) -> None:
    p = personas
    agencies = _agencies(p)
    client: Client = client_for(p.young)  # type: ignore[operator]
    url = f"/org/{p.own.pk}/reports/gaps/new/"
    page = client.get(url)
    assert page.status_code == 200 and "Skola" in page.content.decode()
    response = client.post(
        url,
        {
            "agencies": [str(agencies[0].pk), str(agencies[1].pk)],
            "what_happened": "Ingen berättade för skolan.",
            "consequence": "",
            "sip": "unknown",
        },
    )
    assert response.status_code == 302
    gap = Gap.objects.get()
    assert gap.reporter_kind == "young_person" and gap.unit == p.unit_a_child
    assert gap.reported_by == p.young and gap.agencies.count() == 2
    assert AuditEvent.objects.filter(action="create", subject_id=p.young.pk).exists()


def test_a_form_without_agencies_or_text_explains_what_is_missing(
    personas: Personas, client_for: object
) -> None:
    client: Client = client_for(personas.worker)  # type: ignore[operator]
    response = client.post(f"/org/{personas.own.pk}/reports/gaps/new/", {"sip": "maybe"})
    assert response.status_code == 200
    assert Gap.objects.count() == 0
    assert response.content.decode().count('role="alert"') >= 3


@pytest.mark.django_db
@given(text=st.text(max_size=300), sip=st.text(max_size=10))
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_property_bad_input_never_breaks_the_service(
    personas: Personas, text: str, sip: str
) -> None:
    """Whoever may report gets words back for any input (a caller nobody may be is refused by
    the layer before the service looks at the input: tests/access/test_writes.py)."""
    with pytest.raises(ValidationError):
        services.gap_report(
            actor=actor_for_user(personas.worker),
            organisation=personas.own,
            agencies=[],
            what_happened=text,
            consequence="",
            sip=sip,
        )


def test_agencies_of_another_organisation_are_refused(personas: Personas) -> None:
    services.ensure_defaults(personas.other)
    foreign = Agency.objects.filter(organisation=personas.other)[:1]
    with pytest.raises(Exception, match="list"):
        services.gap_report(
            actor=actor_for_user(personas.worker),
            organisation=personas.own,
            agencies=list(foreign),
            what_happened="x",
            consequence="",
            sip="no",
        )


def test_a_manager_categorises_a_gap_in_their_unit(personas: Personas, client_for: object) -> None:
    p = personas
    gap = _report(p, p.young, ["Skola"])
    category = GapCategory.objects.get(organisation=p.own, name="Ingen SIP trots behov")
    client: Client = client_for(p.manager)  # type: ignore[operator]
    response = client.post(
        f"/reports/gaps/{gap.pk}/",
        {"form": "review", "category": str(category.pk), "note": "Vanligt mönster."},
    )
    assert response.status_code == 302
    gap.refresh_from_db()
    assert gap.category == category and gap.reviewed_by == p.manager


def test_a_manager_outside_the_unit_and_a_worker_get_404(
    personas: Personas, client_for: object
) -> None:
    p = personas
    gap = _report(p, p.young_other, ["Polis"])  # unit_a2: not the manager's unit
    for user in (p.manager, p.worker, p.outsider_manager):
        assert client_for(user).get(f"/reports/gaps/{gap.pk}/").status_code == 404  # type: ignore[operator]
    assert client_for(p.designer).get(f"/reports/gaps/{gap.pk}/").status_code == 200  # type: ignore[operator]


def test_who_reported_is_shown_to_managers_only_and_audited(
    personas: Personas, client_for: object
) -> None:
    p = personas
    gap = _report(p, p.young, ["Skola"])
    designer: Client = client_for(p.designer)  # type: ignore[operator]
    page = designer.get(f"/reports/gaps/{gap.pk}/").content.decode()
    assert "Young" not in page and "Visa vem som rapporterade" not in page
    assert designer.post(f"/reports/gaps/{gap.pk}/reporter/").status_code == 404
    manager: Client = client_for(p.manager)  # type: ignore[operator]
    assert "Visa vem som rapporterade" in manager.get(f"/reports/gaps/{gap.pk}/").content.decode()
    response = manager.post(f"/reports/gaps/{gap.pk}/reporter/")
    assert response.status_code == 200 and "Young" in response.content.decode()
    # Written by the layer after the page (one row for the request), with the page's purpose.
    assert AuditEvent.objects.filter(
        action="view",
        subject_id=p.young.pk,
        object_id=str(gap.pk),
        purpose="follow up a collaboration gap",
    ).exists()


def test_counts_by_category_agency_pair_and_sip_hide_small_numbers(personas: Personas) -> None:
    p = personas
    for _ in range(6):
        _report(p, p.worker, ["Skola", "Socialtjänst"], unit=p.unit_a)
    for _ in range(2):
        _report(p, p.worker, ["Polis"], unit=p.unit_a, sip="yes")
    category = GapCategory.objects.get(organisation=p.own, name="Ingen tog ansvar")
    Gap.objects.filter(sip="no").update(category=category)
    today = timezone.localdate().replace(day=1)
    with translation.override("en"):
        tables = selectors.gap_tables(actor_for_user(p.designer), p.own, today, today)
    assert tables.total == 8
    # Here the pairs add up to the 8 gaps, so hiding the 2 alone would give it away: the
    # 6 is hidden as well. The same for the SIP answers.
    assert dict(tables.pairs) == {"Polis (alone)": None, "Skola – Socialtjänst": None}
    assert dict(tables.sip) == {"Yes": None, "No": None, "I don't know": 0}
    # 6 categorised, 2 not: the 2 is hidden, so the 6 is hidden too (the total is shown).
    assert tables.table.grand_total == 8
    assert [row[0] for row in tables.table.cells] == [None, None]


def test_the_gaps_page_and_its_csv(personas: Personas, client_for: object) -> None:
    p = personas
    for _ in range(5):
        _report(p, p.young, ["Skola"])
    client: Client = client_for(p.manager)  # type: ignore[operator]
    page = client.get(f"/org/{p.own.pk}/reports/gaps/")
    assert page.status_code == 200
    csv = client.get(f"/org/{p.own.pk}/reports/gaps/csv/gaps-by-agencies/")
    assert csv.status_code == 200
    assert "Skola (ensam),5" in csv.content.decode("utf-8-sig")


def test_csv_cells_that_look_like_formulas_are_quoted(personas: Personas) -> None:
    services.list_save(
        actor=actor_for_user(personas.admin),
        organisation=personas.own,
        kind="agencies",
        names=["=cmd|' /C calc'!A0", "Skola"],
    )
    for _ in range(5):
        _report(personas, personas.worker, ["=cmd|' /C calc'!A0"])
    from medskapa.reports import exports

    today = timezone.localdate().replace(day=1)
    tables = exports.gap_tables(
        selectors.gap_tables(actor_for_user(personas.designer), personas.own, today, today)
    )
    text = exports.find(tables, "gaps-by-agencies").csv()  # type: ignore[union-attr]
    assert "'=cmd" in text


def test_settings_change_the_lists_and_keep_old_names_on_old_gaps(
    personas: Personas, client_for: object
) -> None:
    p = personas
    gap = _report(p, p.worker, ["Polis"])
    client: Client = client_for(p.admin)  # type: ignore[operator]
    response = client.post(
        f"/org/{p.own.pk}/reports/settings/",
        {"form": "agencies", "agencies-names": "Skola\nElevhälsan\n"},
    )
    assert response.status_code == 302
    assert list(selectors.agencies_in_use(p.own).values_list("name", flat=True)) == [
        "Skola",
        "Elevhälsan",
    ]
    assert gap.agencies.get().name == "Polis"
    duplicate = client.post(
        f"/org/{p.own.pk}/reports/settings/", {"form": "categories", "categories-names": "A\na"}
    )
    assert duplicate.status_code == 200 and "errorlist" in duplicate.content.decode()
    assert client_for(p.manager).get(f"/org/{p.own.pk}/reports/settings/").status_code == 404  # type: ignore[operator]


def test_a_gap_links_to_a_registered_kind_the_reviewer_may_see(
    personas: Personas, client_for: object
) -> None:
    p = personas
    gap = _report(p, p.young, ["Skola"])
    target = uuid4()

    def resolve(actor: Actor, org: UUID, ids: list[UUID]) -> list[links.LinkTarget]:
        return [
            links.LinkTarget("test.pattern", i, "Mönster: skolan", "/x/")
            for i in ids
            if i == target
        ]

    def search(actor: Actor, org: UUID, q: str) -> list[links.LinkTarget]:
        return [links.LinkTarget("test.pattern", target, "Mönster: skolan", "/x/")]

    links.register(links.LinkKind("test.pattern", "Mönster", resolve, search))
    try:
        client: Client = client_for(p.designer)  # type: ignore[operator]
        found = client.get(f"/reports/gaps/{gap.pk}/", {"kind": "test.pattern", "q": "skol"})
        assert "Mönster: skolan" in found.content.decode()
        client.post(
            f"/reports/gaps/{gap.pk}/",
            {"form": "link", "kind": "test.pattern", "target": str(target)},
        )
        assert GapLink.objects.filter(gap=gap, target_id=target).exists()
        client.post(
            f"/reports/gaps/{gap.pk}/",
            {"form": "link", "kind": "test.pattern", "target": str(uuid4())},
        )
        assert GapLink.objects.count() == 1
    finally:
        links._KINDS.pop("test.pattern", None)


def test_a_young_person_cannot_open_the_review_pages(
    personas: Personas, client_for: object
) -> None:
    client: Client = client_for(personas.young)  # type: ignore[operator]
    assert client.get(f"/org/{personas.own.pk}/reports/gaps/").status_code == 404
    assert date.today()  # noqa: DTZ011


YOUNG_TEXTS = [
    "Did the places that help you not work together?",
    "Sometimes school, care and social services do not talk to each other. Then you may have "
    "to tell the same thing many times, or wait for help. Tell us, so we can make it better.",
    "Who reads this? Managers and developers here read what you write. Only a manager can see "
    "your name, if it is needed to help you.",
    "This is not a way to get help fast. If you need help now, call 112 or BRIS 116 111.",
    "Which places were involved?",
    "What happened?",
    "What did it lead to for you?",
    "Was there a SIP, a shared plan from the places that help?",
    "We have got what you wrote. A manager or a developer reads it. We use it to see where the "
    "places that help young people must work better together.",
    "Did the places that help you not work together? Tell us",
]


def test_what_young_people_read_is_plain_swedish_with_lix_at_most_40() -> None:
    from medskapa.engines.plainlanguage import lix

    with translation.override("sv"):
        texts = [translation.gettext(t) for t in YOUNG_TEXTS]
    assert all(swedish != english for swedish, english in zip(texts, YOUNG_TEXTS, strict=True))
    assert lix(" ".join(texts)) <= 40
