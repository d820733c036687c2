"""Before, during and after a meeting: the young person prepares and chooses what to share,
the worker holds the meeting and writes a summary, the young person answers it. Every view of
identified answers and summaries is audit-logged; nobody outside the caseload gets in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medskapa.audit.models import AuditEvent
from medskapa.conversations.models import Answer, Summary, SummaryResponse
from medskapa.organisations.models import Membership
from medskapa.organisations.roles import Role
from tests.personas import Personas

from .conftest import World

pytestmark = pytest.mark.django_db


def card_url(world: World, number: int) -> str:
    return reverse("conversations:prepare_card", args=[world.meeting.pk, number])


def views_of(meeting_id: object) -> int:
    return AuditEvent.objects.filter(action="view", object_id=str(meeting_id)).count()


def test_the_young_person_prepares_skips_and_shares_only_what_they_choose(
    world: World, personas: Personas, client_for
) -> None:
    young = client_for(personas.young)
    assert (
        young.get(reverse("conversations:prepare_start", args=[world.meeting.pk])).status_code
        == 200
    )
    page = young.get(card_url(world, 1)).content.decode()
    assert "Vad är bra i ditt liv just nu?" in page and "Vill inte svara" in page
    young.post(card_url(world, 1), {"text": "Min hund och mina vänner.", "go": "next"})
    young.post(card_url(world, 2), {"scale": "4", "go": "next"})
    young.post(card_url(world, 3), {"text": "Hemligt", "go": "next"})
    response = young.post(card_url(world, 4), {"go": "skip"})
    assert response.status_code == 302 and response["Location"].endswith("/cards/5/")
    assert Answer.objects.get(meeting=world.meeting, card_key="uv-energi-val").skipped
    young.post(card_url(world, 5), {"go": "back", "text": ""})
    # Choose: share the first two answers, keep the third.
    share_url = reverse("conversations:prepare_share", args=[world.meeting.pk])
    response = young.post(share_url, {"share": ["uv-bra-nu", "uv-livet-skala"]})
    assert response.status_code == 302
    shared = set(
        Answer.objects.filter(meeting=world.meeting, shared=True).values_list("card_key", flat=True)
    )
    assert shared == {"uv-bra-nu", "uv-livet-skala"}
    worker = client_for(personas.worker)
    detail = worker.get(
        reverse("conversations:meeting_detail", args=[personas.own.pk, world.meeting.pk])
    ).content.decode()
    assert "Min hund och mina vänner." in detail
    assert "4/5" in detail
    assert "Hemligt" not in detail


def test_a_wrong_step_on_the_scale_is_refused_in_words(
    world: World, personas: Personas, client_for
) -> None:
    young = client_for(personas.young)
    response = young.post(card_url(world, 2), {"scale": "9", "go": "next"})
    assert response.status_code == 200
    assert "1" in response.content.decode() and "errorlist" in response.content.decode()
    assert not Answer.objects.filter(meeting=world.meeting).exists()
    assert young.get(card_url(world, 99)).status_code == 404


def test_meeting_mode_shows_one_card_and_saves_the_workers_note(
    world: World, personas: Personas, client_for
) -> None:
    worker = client_for(personas.worker)
    url = reverse("conversations:meeting_mode", args=[personas.own.pk, world.meeting.pk, 1])
    before = views_of(world.meeting.pk)
    page = worker.get(url).content.decode()
    assert "Vad är bra i ditt liv just nu?" in page
    assert "Hur är livet för dig just nu?" not in page  # one card at a time
    assert views_of(world.meeting.pk) == before + 1
    response = worker.post(url, {"note": "Trivs på praktiken.", "go": "next"})
    assert response.status_code == 302 and response["Location"].endswith("/cards/2/")
    last = len(world.meeting.version.cards())
    end = worker.post(
        reverse("conversations:meeting_mode", args=[personas.own.pk, world.meeting.pk, last]),
        {"note": "", "go": "summary"},
    )
    assert end["Location"].endswith("/summary/")
    world.meeting.refresh_from_db()
    assert world.meeting.held_at is not None
    assert world.meeting.notes.get(card_key="uv-bra-nu").text == "Trivs på praktiken."


def test_summary_is_sent_read_and_answered_and_every_correction_is_kept(
    world: World, personas: Personas, client_for
) -> None:
    worker = client_for(personas.worker)
    summary_url = reverse("conversations:summary_edit", args=[personas.own.pk, world.meeting.pk])
    assert "Du berättade att" in worker.get(summary_url).content.decode()
    worker.post(summary_url, {"text": "Hej! Du berättade att du gillar att laga mat."})
    young = client_for(personas.young)
    my_url = reverse("conversations:my_summary", args=[world.meeting.pk])
    before = views_of(world.meeting.pk)
    page = young.get(my_url).content.decode()
    assert "Du berättade att du gillar att laga mat." in page
    assert "Det stämmer" in page and "Det stämmer inte" in page
    # Reading one's own summary is not a disclosure: the layer audits staff reads, not this.
    assert views_of(world.meeting.pk) == before
    # "Not right" needs a comment.
    refused = young.post(my_url, {"verdict": "disagree", "comment": ""})
    assert refused.status_code == 200
    assert not SummaryResponse.objects.exists()
    young.post(my_url, {"verdict": "disagree", "comment": "Jag gillar att baka, inte laga mat."})
    # The worker corrects: a new summary; the old one and the correction stay.
    worker.post(summary_url, {"text": "Hej! Du berättade att du gillar att baka."})
    young.post(my_url, {"verdict": "agree", "comment": ""})
    summaries = list(Summary.objects.filter(meeting=world.meeting).order_by("number"))
    assert [s.number for s in summaries] == [1, 2]
    assert summaries[0].responses.get().verdict == "disagree"
    assert summaries[1].responses.get().verdict == "agree"
    detail = worker.get(
        reverse("conversations:meeting_detail", args=[personas.own.pk, world.meeting.pk])
    ).content.decode()
    assert "Jag gillar att baka, inte laga mat." in detail


@pytest.mark.parametrize(
    "who",
    ["colleague", "manager", "designer", "admin", "guardian", "young_other", "outsider_worker"],
)
def test_nobody_but_the_young_person_and_their_worker_reaches_the_meeting(
    world: World, personas: Personas, client_for, who: str
) -> None:
    client = client_for(getattr(personas, who))
    own, meeting = personas.own.pk, world.meeting.pk
    urls = [
        reverse("conversations:meeting_detail", args=[own, meeting]),
        reverse("conversations:meeting_mode", args=[own, meeting, 1]),
        reverse("conversations:summary_edit", args=[own, meeting]),
        reverse("conversations:prepare_start", args=[meeting]),
        reverse("conversations:prepare_card", args=[meeting, 1]),
        reverse("conversations:prepare_share", args=[meeting]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert AuditEvent.objects.filter(action="denied", object_id=str(meeting)).exists()


def test_the_meeting_list_audits_each_young_person_shown_with_the_young_person_as_subject(
    world: World, personas: Personas, client_for
) -> None:
    response = client_for(personas.worker).get(
        reverse("conversations:meeting_list", args=[personas.own.pk])
    )
    assert response.status_code == 200
    row = AuditEvent.objects.get(action="view", purpose="meetings list")
    assert row.object_id == str(world.meeting.pk)
    assert row.subject_id == personas.young.pk


def test_a_meeting_is_404_under_another_organisations_address_even_for_a_worker_of_both(
    world: World, personas: Personas, client_for
) -> None:
    """The layer compares the organisation in the URL with the meeting's (no ``_meeting_in``)."""
    Membership.objects.create(user=personas.worker, organisation=personas.other, role=Role.WORKER)
    worker = client_for(personas.worker)
    other, meeting = personas.other.pk, world.meeting.pk
    for name, args in (
        ("meeting_detail", [other, meeting]),
        ("meeting_mode", [other, meeting, 1]),
        ("summary_edit", [other, meeting]),
    ):
        assert worker.get(reverse(f"conversations:{name}", args=args)).status_code == 404, name
    response = worker.post(
        reverse("conversations:summary_edit", args=[other, meeting]), {"text": "Hej!"}
    )
    assert response.status_code == 404
    assert not Summary.objects.filter(meeting=world.meeting).exists()


def test_the_worker_cannot_answer_for_the_young_person(
    world: World, personas: Personas, client_for
) -> None:
    worker = client_for(personas.worker)
    response = worker.post(card_url(world, 1), {"text": "Påhittat", "go": "next"})
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_a_worker_can_send_a_guide_only_to_their_own_caseload(
    world: World, personas: Personas, client_for
) -> None:
    url = reverse("conversations:guide_send", args=[personas.own.pk, world.guide.pk])
    worker = client_for(personas.worker)
    page = worker.get(url).content.decode()
    assert "Young" in page and "Youngother" not in page
    response = worker.post(url, {"young_person": str(personas.young_other.pk), "language": "sv"})
    assert response.status_code == 200  # the form again: not a choice
    colleague = client_for(personas.colleague)
    response = colleague.post(url, {"young_person": str(personas.young.pk), "language": "sv"})
    assert response.status_code == 200
    assert world.meeting.young_person.meetings.count() == 1


def test_the_young_persons_start_page_links_to_the_guide(
    world: World, personas: Personas, client_for
) -> None:
    page = client_for(personas.young).get(reverse("web:start")).content.decode()
    assert reverse("conversations:prepare_start", args=[world.meeting.pk]) in page
    staff = client_for(personas.worker).get(reverse("web:start")).content.decode()
    assert reverse("conversations:guide_list", args=[personas.own.pk]) in staff


def test_the_summary_form_shows_the_klarsprak_panel_and_checks_without_saving(
    world: World, personas: Personas, client_for
) -> None:
    worker = client_for(personas.worker)
    url = reverse("conversations:summary_edit", args=[personas.own.pk, world.meeting.pk])
    page = worker.get(url).content.decode()
    assert "klarsprak-panel" in page and "from:#id_text" in page
    text = "Du erhåller ett beslut. Ärendet har avslutats av nämnden."
    response = worker.post(url, {"text": text, "klarsprak_review": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "LIX" in body and text in body
    assert not Summary.objects.exists()  # checking saves nothing
