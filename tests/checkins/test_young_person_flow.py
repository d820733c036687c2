"""A young person's check-in without JavaScript: one question per page, a draft saved at
every step, one check-in however many times "send" is pressed, help at once after an alarm."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from medskapa.checkins.models import AreaScore, CheckIn, CheckInDraft, Flag
from medskapa.web.models import Notification
from tests.personas import Personas


def _walk(
    client: Client,
    org_id: object,
    scores: dict[str, str],
    followups: dict[str, list[str]] | None = None,
    texts: dict[str, str] | None = None,
) -> str:
    """Answer every question the pages ask, following the redirects; return the last URL."""
    url = reverse("checkins:step", args=[org_id, "start"])
    response = client.get(url)
    assert response.status_code == 302
    url = response["Location"]
    for _ in range(30):
        step = url.rstrip("/").split("/")[-1]
        kind, _sep, key = step.partition(":")
        if kind == "area":
            data = {"score": scores.get(key, "4")}
        elif kind == "followup":
            data = {"chosen": (followups or {}).get(key, [])}
        elif kind == "text":
            data = {"text": (texts or {}).get(key, "")}
        else:
            return url
        page = client.get(url)
        assert page.status_code == 200, url
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content[:500])
        url = response["Location"]
    return url


def test_a_check_in_walks_every_area_then_own_words_and_is_stored_once(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.young)
    last = _walk(client, personas.own.pk, {"home": "5"}, texts={"feel_good": "Min hund"})
    assert last == reverse("checkins:review", args=[personas.own.pk])
    draft = CheckInDraft.objects.get(young_person=personas.young)
    review = client.get(last)
    assert "Min hund" in review.content.decode()
    for _ in range(2):  # a double tap
        response = client.post(last, {"idempotency_key": str(draft.idempotency_key)})
        assert response.status_code == 302
    checkin = CheckIn.objects.get(young_person=personas.young)
    assert response["Location"] == reverse("checkins:done", args=[personas.own.pk, checkin.pk])
    assert checkin.answers["texts"]["feel_good"] == "Min hund"
    assert checkin.answers["areas"]["home"] == 5
    assert checkin.unit == personas.unit_a_child
    assert AreaScore.objects.filter(checkin=checkin).count() == 8
    assert not CheckInDraft.objects.filter(young_person=personas.young).exists()


def test_the_draft_survives_a_new_session_on_another_device(personas: Personas, client_for) -> None:
    first = client_for(personas.young)
    url = reverse("checkins:step", args=[personas.own.pk, "area:health"])
    first.post(url, {"score": "2"})
    second = client_for(personas.young)
    page = second.get(url)
    assert 'value="2" checked' in page.content.decode() or "checked" in page.content.decode()
    assert CheckInDraft.objects.get(young_person=personas.young).answers["areas"]["health"] == 2


def test_a_step_without_a_choice_asks_again_and_saves_nothing(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.young)
    url = reverse("checkins:step", args=[personas.own.pk, "area:health"])
    response = client.post(url, {"score": "9"})
    assert response.status_code == 400
    assert "area:health" not in str(
        CheckInDraft.objects.get(young_person=personas.young).answers["areas"]
    )


def test_skipping_an_area_is_an_answer_not_a_gap(personas: Personas, client_for) -> None:
    client = client_for(personas.young)
    _walk(client, personas.own.pk, {"home": "skip"})
    draft = CheckInDraft.objects.get(young_person=personas.young)
    client.post(
        reverse("checkins:review", args=[personas.own.pk]),
        {"idempotency_key": str(draft.idempotency_key)},
    )
    assert CheckIn.objects.get(young_person=personas.young).answers["areas"]["home"] is None


def test_an_alarm_answer_shows_help_numbers_and_tells_the_worker_without_details(
    personas: Personas, client_for, django_capture_on_commit_callbacks
) -> None:
    client = client_for(personas.young)
    _walk(client, personas.own.pk, {"safety": "1"}, followups={"safety_hard": ["hurt"]})
    draft = CheckInDraft.objects.get(young_person=personas.young)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("checkins:review", args=[personas.own.pk]),
            {"idempotency_key": str(draft.idempotency_key)},
            follow=True,
        )
    page = response.content.decode()
    assert "112" in page and "116 111" in page
    checkin = CheckIn.objects.get(young_person=personas.young)
    assert checkin.has_alarm
    assert Flag.objects.filter(checkin=checkin, kind=Flag.Kind.ALARM, area="safety").exists()
    note = Notification.objects.get(recipient=personas.worker, kind="checkin.alarm")
    assert str(personas.young) not in note.text and "young" not in note.text.lower()
    assert note.url == reverse("checkins:person", args=[personas.own.pk, personas.young.pk])
    assert not Notification.objects.filter(recipient=personas.colleague).exists()
    assert len(mail.outbox) == 1
    assert personas.young.username not in mail.outbox[0].body
    assert note.url in mail.outbox[0].body


def test_a_stale_review_page_does_not_send_an_old_draft(personas: Personas, client_for) -> None:
    client = client_for(personas.young)
    _walk(client, personas.own.pk, {})
    response = client.post(
        reverse("checkins:review", args=[personas.own.pk]), {"idempotency_key": "not-a-uuid"}
    )
    assert response.status_code == 302
    assert not CheckIn.objects.exists()
    assert CheckInDraft.objects.filter(young_person=personas.young).exists()


def test_the_history_page_shows_a_chart_with_words_and_a_table(
    personas: Personas, client_for
) -> None:
    from tests.checkins.helpers import answers, submit

    submit(personas.young, personas.own, answers(home=2))
    submit(personas.young, personas.own, answers(home=4))
    page = client_for(personas.young).get(reverse("checkins:history", args=[personas.own.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<svg class="chart"') == 8
    assert "<table" in html and "<title id=" in html


def test_pages_speak_arabic_right_to_left(personas: Personas, client_for) -> None:
    client = client_for(personas.young)
    client.cookies["medskapa_language"] = "ar"
    page = client.get(reverse("checkins:step", args=[personas.own.pk, "area:home"]))
    html = page.content.decode()
    assert 'dir="rtl"' in html
    assert "كيف حالك في البيت؟" in html
