"""The pages: public sign-up, links, staff pages across organisations, young people's pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.engines.plainlanguage import lix
from medskapa.events import services
from medskapa.events.models import PanelMembership, Participation, SignUp
from tests.personas import Personas
from tests.web.test_plain_language import main_text

from .conftest import MakeEvent, sign_up

pytestmark = pytest.mark.django_db
LIX_LIMIT = 40


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Alva",
        "birth_year": "2008",
        "contact_email": "alva@example.com",
        "contact_phone": "",
        "needs": "",
        "guardian_email": "",
        "guardian_phone": "",
        "consent_storage": "on",
        "submission_key": "form-1",
    }
    data.update(overrides)
    return data


def test_the_public_page_shows_the_notice_and_signs_up_without_an_account(
    make_event: MakeEvent, client: Client, django_capture_on_commit_callbacks
) -> None:
    event = make_event()
    url = reverse("events:public", args=[event.slug])
    page = client.get(url).content.decode()
    for words in ("Det här sparar vi", "Varför", "Vem ser", "Hur länge", "Frågor", event.contact):
        assert words in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form())
    # Post/redirect/get to a receipt that says what happens next.
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    assert (
        "Vi har skickat en länk till alva@example.com. "
        "Din plats är bokad först när du har öppnat den." in receipt
    )
    client.post(url, _form())  # the same form sent again
    assert SignUp.objects.filter(event=event).count() == 1
    link = re.search(r"https://medskapa\.example(/e/confirm/[^/]+/)", mail.outbox[-1].body)
    assert link is not None
    assert "Bekräfta" in client.get(link.group(1)).content.decode()
    done = client.post(link.group(1)).content.decode()
    assert "Du har en plats" in done
    assert "/e/cancel/" in done


def test_bad_sign_up_input_shows_errors_and_saves_nothing(
    make_event: MakeEvent, client: Client
) -> None:
    event = make_event()
    response = client.post(
        reverse("events:public", args=[event.slug]),
        _form(birth_year="abc", contact_email="", consent_storage=""),
    )
    assert response.status_code == 400
    assert SignUp.objects.count() == 0
    response = client.post(
        reverse("events:public", args=[event.slug]), _form(contact_email="", consent_storage="")
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()


def test_a_draft_event_has_no_public_page(make_event: MakeEvent, client: Client) -> None:
    event = make_event(published=False)
    assert client.get(reverse("events:public", args=[event.slug])).status_code == 404


def test_the_calendar_file_downloads(make_event: MakeEvent, client: Client) -> None:
    event = make_event()
    response = client.get(reverse("events:ics", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT\r\n" in response.content


def test_cancel_and_guardian_links_work_and_bad_ones_do_not(
    make_event: MakeEvent, client: Client
) -> None:
    result = sign_up(make_event())
    url = reverse("events:cancel", args=[result.cancel_token])
    assert client.get(url).status_code == 200
    result.signup.refresh_from_db()
    assert result.signup.status == SignUp.Status.CONFIRMED  # opening the link changes nothing
    assert client.post(url).status_code == 200
    result.signup.refresh_from_db()
    assert result.signup.status == SignUp.Status.CANCELLED
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:guardian", args=["made-up"])).status_code == 404
    assert client.get(reverse("events:feedback", args=["x" * 500])).status_code == 404


STAFF_PAGES = ["list", "create", "detail", "edit", "signups", "recruitment", "settings"]


def _staff_url(name: str, event, org) -> str:  # type: ignore[no-untyped-def]
    if name in {"detail", "edit", "signups"}:
        return reverse(f"events:{name}", args=[org.pk, event.pk])
    return reverse(f"events:{name}", args=[org.pk])


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_outsiders_get_404_on_every_staff_page(
    name: str, personas: Personas, make_event: MakeEvent, client_for
) -> None:
    event = make_event()
    response = client_for(personas.outsider_admin).get(_staff_url(name, event, personas.own))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="denied").exists()


def test_another_organisations_event_is_404_under_ones_own_address(
    personas: Personas, client_for
) -> None:
    from .conftest import create_event

    theirs = create_event(personas, organisation=personas.other, unit=personas.unit_b)
    response = client_for(personas.designer).get(
        reverse("events:detail", args=[personas.own.pk, theirs.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_the_designer_sees_every_staff_page(
    name: str, personas: Personas, make_event: MakeEvent, client_for
) -> None:
    event = make_event()
    expected = 404 if name == "settings" else 200
    assert (
        client_for(personas.designer).get(_staff_url(name, event, personas.own)).status_code
        == expected
    )


def test_the_sign_up_list_is_for_organisers_and_each_read_is_logged(
    personas: Personas, make_event: MakeEvent, client_for
) -> None:
    event = make_event()
    sign_up(event, name="Kim")
    sign_up(event, name="Okänd", confirm=False)
    url = reverse("events:signups", args=[personas.own.pk, event.pk])
    assert client_for(personas.admin).get(url).status_code == 404
    response = client_for(personas.worker).get(url)
    assert "Kim" in response.content.decode()
    # Disclosed by the layer in one batch: a row per sign-up shown, none for the unopened one.
    rows = AuditEvent.objects.filter(
        action="view", object_type="events.signup", actor_id=personas.worker.pk
    )
    assert rows.count() == 1 and rows.get().purpose == "sign-up list"


def test_staff_create_an_event_and_bad_input_is_refused(personas: Personas, client_for) -> None:
    client = client_for(personas.worker)
    url = reverse("events:create", args=[personas.own.pk])
    start = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    data = {
        "title": "Fika",
        "description": "Vi fikar.",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Huset",
        "seats": "10",
        "age_min": "12",
        "age_max": "18",
        "languages": "svenska",
        "contact": "Dana",
        "unit": str(personas.unit_a.pk),
        "published": "on",
    }
    assert client.post(url, data).status_code == 200  # ends before it starts
    data["ends_at"] = (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    data["unit"] = str(personas.unit_a2.pk)  # not the worker's unit
    assert client.post(url, data).status_code == 200
    data["unit"] = str(personas.unit_b.pk)  # another organisation's
    assert client.post(url, data).status_code == 200
    data["unit"] = str(personas.unit_a.pk)
    response = client.post(url, data)
    assert response.status_code == 302


def test_marking_attendance_gives_the_young_person_a_participation(
    personas: Personas, make_event: MakeEvent, client_for
) -> None:
    event = make_event()
    signup = sign_up(event, user=personas.young).signup
    url = reverse("events:attendance", args=[personas.own.pk, event.pk, signup.pk])
    client_for(personas.worker).post(url, {"attended": "yes"})
    participation = Participation.objects.get(user=personas.young, event=event)
    young = client_for(personas.young)
    page = young.get(reverse("events:mine")).content.decode()
    assert event.title in page and "Inga svar än" in page
    feedback_url = reverse("events:participation_feedback", args=[participation.pk])
    assert young.post(feedback_url, {"rating": "5", "text": "Kul"}).status_code == 302
    assert client_for(personas.young_other).get(feedback_url).status_code == 404


def test_only_the_organisers_mark_attendance_and_only_for_this_events_sign_ups(
    personas: Personas, make_event: MakeEvent, client_for
) -> None:
    event = make_event()
    other = make_event(unit=personas.unit_a2)
    signup = sign_up(event, user=personas.young).signup
    theirs = sign_up(other).signup
    url = reverse("events:attendance", args=[personas.own.pk, event.pk, signup.pk])
    for outsider in (personas.admin, personas.young, personas.outsider_worker):
        assert client_for(outsider).post(url, {"attended": "yes"}).status_code == 404
    # Another event's sign-up under this event's URL is not found either.
    mixed = reverse("events:attendance", args=[personas.own.pk, event.pk, theirs.pk])
    assert client_for(personas.worker).post(mixed, {"attended": "yes"}).status_code == 404
    signup.refresh_from_db()
    theirs.refresh_from_db()
    assert signup.attended is None and theirs.attended is None
    assert AuditEvent.objects.filter(action="denied", detail="event.mark_attendance").exists()


def test_a_young_person_joins_and_leaves_the_panel_with_one_click(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.young)
    url = reverse("events:panel", args=[personas.own.pk])
    response = client.post(
        url, {"topics": ["workshops"], "frequency": "monthly", "channel": "app", "contact": ""}
    )
    assert response.status_code == 302
    membership = PanelMembership.objects.get(user=personas.young)
    assert (
        client_for(personas.young_other)
        .post(reverse("events:panel_leave", args=[membership.pk]))
        .status_code
        == 404
    )
    client.post(reverse("events:panel_leave", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.left_at is not None
    assert client_for(personas.worker).get(url).status_code == 404


def test_young_peoples_pages_read_easily(
    personas: Personas, make_event: MakeEvent, client: Client, client_for
) -> None:
    event = make_event()
    result = sign_up(event)
    young = client_for(personas.young)
    pages = {
        "public": client.get(reverse("events:public", args=[event.slug])),
        "signed up": client.post(reverse("events:public", args=[event.slug]), _form()),
        "cancel": client.get(reverse("events:cancel", args=[result.cancel_token])),
        "mine": young.get(reverse("events:mine")),
        "panel": young.get(reverse("events:panel", args=[personas.own.pk])),
    }
    for name, response in pages.items():
        text = main_text(response.content.decode())
        text = text.replace(event.description, "").replace(event.accessibility, "")
        score = lix(text)
        assert score <= LIX_LIMIT, f"{name}: LIX {score:.0f}"


def test_the_start_pages_show_the_events_panels(
    personas: Personas, make_event: MakeEvent, client_for
) -> None:
    event = make_event()
    assert event.title in client_for(personas.young).get("/").content.decode()
    assert (
        reverse("events:list", args=[personas.own.pk])
        in client_for(personas.worker).get("/").content.decode()
    )


def test_staff_can_invite_the_panel_and_see_only_a_count(
    personas: Personas, make_event: MakeEvent, client_for
) -> None:
    services.panel_join(
        actor=actor_for_user(personas.young),
        organisation=personas.own,
        topics=["workshops"],
        frequency="monthly",
        channel="app",
    )
    event = make_event()
    client = client_for(personas.designer)
    response = client.post(
        reverse("events:invite_panel", args=[personas.own.pk, event.pk]), follow=True
    )
    page = response.content.decode()
    assert "färre än 5" in page and "Young" not in page
    assert (
        services.panel_invite_for_event(actor=actor_for_user(personas.designer), event=event) == 0
    )
