"""Instruments: an org admin loads a definition it has the rights to (every problem listed,
nothing saved on error), a worker asks a young person on their caseload, the young person
answers one item per page and sends once, and the stored score is the engine's score for the
version answered. Nobody else reaches any of it.

The definition used here is made up for the tests (no licensed wording)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.audit.models import AuditEvent
from medskapa.checkins import instruments
from medskapa.checkins.models import InstrumentAssignment, InstrumentResponse, InstrumentVersion
from medskapa.engines import instruments as engine
from medskapa.organisations.models import Organisation
from medskapa.web.models import Notification
from tests.personas import Personas

LABELS_SV = {"1": "Aldrig", "2": "Sällan", "3": "Ibland", "4": "Ofta", "5": "Hela tiden"}
LABELS_EN = {"1": "Never", "2": "Rarely", "3": "Sometimes", "4": "Often", "5": "All the time"}
DEFINITION: dict[str, Any] = {
    "format": 1,
    "id": "test-mood",
    "name": {"sv": "Testformulär", "en": "Test form"},
    "version": "1",
    "licence": "Written for Medskapa's tests (CC0). Not validated.",
    "languages": ["sv", "en"],
    "instructions": {"sv": "Tänk på de senaste två veckorna.", "en": "Think of the last weeks."},
    "items": [
        {"id": "a", "subscale": "x", "text": {"sv": "Jag har känt mig glad.", "en": "Happy."}},
        {
            "id": "b",
            "subscale": "x",
            "reverse": True,
            "text": {"sv": "Jag har känt mig orolig.", "en": "Worried."},
        },
        {"id": "c", "subscale": "y", "text": {"sv": "Jag har sovit bra.", "en": "Slept well."}},
    ],
    "scale": {"min": 1, "max": 5, "labels": {"sv": LABELS_SV, "en": LABELS_EN}},
    "scoring": {"method": "sum"},
    "missing": {"max_missing": 1, "prorate": True},
    "cutoffs": [
        {"id": "low", "below": 8, "label": {"sv": "Tungt just nu", "en": "Hard right now"}},
        {"id": "high", "label": {"sv": "Går ganska bra", "en": "Fairly well"}},
    ],
    "subscales": [
        {"id": "x", "name": {"sv": "Känslor", "en": "Feelings"}},
        {"id": "y", "name": {"sv": "Sömn", "en": "Sleep"}},
    ],
}


def loaded(admin: User, org: Organisation, definition: dict[str, Any]) -> InstrumentVersion:
    """A definition loaded with the rights confirmed, and activated."""
    version, _created = instruments.instrument_upload(
        actor=actor_for_user(admin),
        organisation=org,
        text=json.dumps(definition),
        rights_confirmed=True,
    )
    instruments.instrument_set_active(actor=actor_for_user(admin), version=version, active=True)
    version.refresh_from_db()
    return version


def ask(p: Personas, version: InstrumentVersion) -> InstrumentAssignment:
    return instruments.assignment_create(
        actor=actor_for_user(p.worker), organisation=p.own, young_person=p.young, version=version
    )


def answer_all(client: Client, org: Organisation, request: InstrumentAssignment, *values: str):  # type: ignore[no-untyped-def]
    for number, value in enumerate(values, start=1):
        response = client.post(
            reverse("checkins:instrument_item", args=[org.pk, request.pk, number]),
            {"answer": value},
        )
        assert response.status_code == 302, response.content.decode()[:500]
    return client.post(
        reverse("checkins:instrument_review", args=[org.pk, request.pk]),
        {"idempotency_key": str(request.idempotency_key)},
    )


# --- Loading definitions -------------------------------------------------------------------------
def test_a_valid_definition_is_saved_inactive_with_who_confirmed_the_rights(
    personas: Personas, client_for
) -> None:
    admin = client_for(personas.admin)
    response = admin.post(
        reverse("checkins:instruments", args=[personas.own.pk]),
        {"definition": json.dumps(DEFINITION), "rights": "on"},
    )
    assert response.status_code == 302
    version = InstrumentVersion.objects.get(organisation=personas.own)
    assert (version.key, version.number, version.name) == ("test-mood", 1, "Testformulär")
    assert not version.is_active
    assert version.rights_confirmed_by == personas.admin and version.rights_confirmed_at
    assert AuditEvent.objects.filter(action="create", object_id=str(version.pk)).exists()
    detail = admin.get(reverse("checkins:instrument_detail", args=[personas.own.pk, version.pk]))
    assert detail.status_code == 200 and "Jag har känt mig orolig." in detail.content.decode()
    admin.post(
        reverse("checkins:instrument_activate", args=[personas.own.pk, version.pk]), {"active": "1"}
    )
    version.refresh_from_db()
    assert version.is_active


def test_a_definition_can_be_uploaded_as_a_file(personas: Personas, client_for) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "test.json", json.dumps(DEFINITION).encode(), content_type="application/json"
    )
    response = client_for(personas.admin).post(
        reverse("checkins:instruments", args=[personas.own.pk]), {"file": upload, "rights": "on"}
    )
    assert response.status_code == 302
    assert InstrumentVersion.objects.filter(organisation=personas.own).count() == 1


def test_every_problem_in_an_invalid_definition_is_listed_and_nothing_is_saved(
    personas: Personas, client_for
) -> None:
    broken = copy.deepcopy(DEFINITION)
    broken["items"][1]["reverse"] = "yes"
    broken["scale"]["max"] = 1
    del broken["licence"]
    broken["typo"] = 1
    with pytest.raises(engine.DefinitionError) as expected:
        engine.load_definition(broken)
    response = client_for(personas.admin).post(
        reverse("checkins:instruments", args=[personas.own.pk]),
        {"definition": json.dumps(broken), "rights": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert len(expected.value.problems) >= 3
    for problem in expected.value.problems:
        assert problem.replace("'", "&#x27;").replace('"', "&quot;") in html
    assert not InstrumentVersion.objects.exists()


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"id": "x"}', "{" * 5000])
def test_text_that_is_no_definition_is_refused_with_a_message(
    personas: Personas, client_for, text: str
) -> None:
    response = client_for(personas.admin).post(
        reverse("checkins:instruments", args=[personas.own.pk]),
        {"definition": text, "rights": "on"},
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not InstrumentVersion.objects.exists()


def test_the_rights_checkbox_is_required(personas: Personas, client_for) -> None:
    response = client_for(personas.admin).post(
        reverse("checkins:instruments", args=[personas.own.pk]),
        {"definition": json.dumps(DEFINITION)},
    )
    assert response.status_code == 400
    assert 'id="rights-error"' in response.content.decode()
    assert not InstrumentVersion.objects.exists()


def test_an_edited_definition_is_a_new_version_and_answers_keep_theirs(
    personas: Personas, client_for
) -> None:
    first = loaded(personas.admin, personas.own, DEFINITION)
    request = ask(personas, first)
    answer_all(client_for(personas.young), personas.own, request, "3", "3", "3")
    again, created = instruments.instrument_upload(
        actor=actor_for_user(personas.admin),
        organisation=personas.own,
        text=json.dumps(DEFINITION),
        rights_confirmed=True,
    )
    assert (again, created) == (first, False)
    edited = copy.deepcopy(DEFINITION)
    edited["items"][2]["text"]["sv"] = "Jag har sovit gott."
    second = loaded(personas.admin, personas.own, edited)
    first.refresh_from_db()
    assert second.number == 2 and second.is_active and not first.is_active
    assert InstrumentResponse.objects.get().instrument == first


# --- Answering and scoring ---------------------------------------------------------------------
def test_the_stored_score_is_the_engines_score_with_reverse_items_and_bands(
    personas: Personas, client_for
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    request = ask(personas, version)
    young = client_for(personas.young)
    done = answer_all(young, personas.own, request, "1", "5", "2")
    stored = InstrumentResponse.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "checkins:instrument_done", args=[personas.own.pk, stored.pk]
    )
    expected = engine.score(engine.load_definition(DEFINITION), {"a": 1, "b": 5, "c": 2})
    # b is reversed: 5 counts as 1, so raw = 1 + 1 + 2 = 4, which is below 8: "low".
    assert (stored.raw, stored.value, stored.band, stored.valid) == (4.0, 4.0, "low", True)
    assert stored.score == expected.to_dict()
    assert stored.subscales == expected.to_dict()["subscales"]
    assert stored.subscales["x"]["value"] == 1.0
    assert stored.instrument == version and stored.answers == {"a": 1, "b": 5, "c": 2}
    request.refresh_from_db()
    assert request.completed_at is not None


def test_a_skipped_item_is_prorated_as_the_definition_says(personas: Personas, client_for) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    request = ask(personas, version)
    answer_all(client_for(personas.young), personas.own, request, "5", "skip", "4")
    stored = InstrumentResponse.objects.get()
    expected = engine.score(engine.load_definition(DEFINITION), {"a": 5, "b": None, "c": 4})
    assert stored.score == expected.to_dict()
    assert stored.valid and stored.raw == pytest.approx(13.5) and stored.band == "high"


def test_sending_twice_with_the_same_key_stores_one_response(
    personas: Personas, client_for
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    request = ask(personas, version)
    young = client_for(personas.young)
    first = answer_all(young, personas.own, request, "3", "3", "3")
    second = young.post(
        reverse("checkins:instrument_review", args=[personas.own.pk, request.pk]),
        {"idempotency_key": str(request.idempotency_key)},
    )
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert InstrumentResponse.objects.count() == 1
    sent = instruments.response_submit(
        actor=actor_for_user(personas.young),
        assignment=request,
        idempotency_key=request.idempotency_key,
        language="sv",
    )
    assert not sent.created and InstrumentResponse.objects.count() == 1


def test_items_show_faces_for_a_1_to_5_scale_and_plain_choices_otherwise(
    personas: Personas, client_for
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    request = ask(personas, version)
    young = client_for(personas.young)
    page = young.get(reverse("checkins:instrument_item", args=[personas.own.pk, request.pk, 1]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="face"' in html and "Hela tiden" in html and 'value="skip"' in html
    zero_to_four = copy.deepcopy(DEFINITION)
    zero_to_four["id"] = "test-zero"
    zero_to_four["scale"] = {"min": 0, "max": 4}
    zero_to_four["cutoffs"] = []
    other = ask(personas, loaded(personas.admin, personas.own, zero_to_four))
    page = young.get(reverse("checkins:instrument_item", args=[personas.own.pk, other.pk, 1]))
    assert 'class="face"' not in page.content.decode()
    assert 'value="0"' in page.content.decode()


@pytest.mark.parametrize("value", ["9", "0", "", "1.5", "a"])
def test_an_answer_off_the_scale_is_refused(personas: Personas, client_for, value: str) -> None:
    request = ask(personas, loaded(personas.admin, personas.own, DEFINITION))
    response = client_for(personas.young).post(
        reverse("checkins:instrument_item", args=[personas.own.pk, request.pk, 1]),
        {"answer": value},
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.answers == {}


def test_sending_before_every_item_is_passed_goes_back_to_the_first_open_one(
    personas: Personas, client_for
) -> None:
    request = ask(personas, loaded(personas.admin, personas.own, DEFINITION))
    young = client_for(personas.young)
    young.post(
        reverse("checkins:instrument_item", args=[personas.own.pk, request.pk, 1]), {"answer": "2"}
    )
    response = young.post(
        reverse("checkins:instrument_review", args=[personas.own.pk, request.pk]),
        {"idempotency_key": str(request.idempotency_key)},
    )
    assert response["Location"] == reverse(
        "checkins:instrument_item", args=[personas.own.pk, request.pk, 2]
    )
    assert not InstrumentResponse.objects.exists()


# --- The worker's side -------------------------------------------------------------------------
def test_a_worker_asks_a_young_person_who_is_notified_and_sees_it_on_the_start_page(
    personas: Personas, client_for
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    response = client_for(personas.worker).post(
        reverse("checkins:instrument_assign", args=[personas.own.pk, personas.young.pk]),
        {"instrument": str(version.pk)},
    )
    assert response.status_code == 302
    request = InstrumentAssignment.objects.get()
    assert request.young_person == personas.young and request.assigned_by == personas.worker
    note = Notification.objects.get(recipient=personas.young, kind="checkin.instrument")
    assert "Testformulär" not in note.text  # notifications name nothing
    rf = RequestFactory().get("/")
    rf.user = personas.young
    html = Template('{% include "checkins/instruments/young_section.html" %}').render(
        Context({"request": rf, "organisation": personas.own})
    )
    assert "Testformulär" in html
    start = client_for(personas.young).get(note.url)
    assert start.status_code == 200


def test_the_person_section_shows_scores_over_time_and_logs_the_read(
    personas: Personas, client_for
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    young = client_for(personas.young)
    answer_all(young, personas.own, ask(personas, version), "1", "5", "2")
    answer_all(young, personas.own, ask(personas, version), "4", "2", "4")
    rf = RequestFactory().get("/")
    rf.user = personas.worker
    html = Template('{% include "checkins/instruments/person_section.html" %}').render(
        Context({"request": rf, "organisation": personas.own, "young_person": personas.young})
    )
    assert "Tungt just nu" in html and "Går ganska bra" in html
    assert ">4<" in html and ">12<" in html
    assert AuditEvent.objects.filter(
        action="view", purpose="instrument scores of a young person", subject_id=personas.young.pk
    ).exists()
    detail = client_for(personas.worker).get(
        reverse("checkins:instrument_response", args=[InstrumentResponse.objects.first().pk])  # type: ignore[union-attr]
    )
    assert detail.status_code == 200 and "Jag har sovit bra." in detail.content.decode()


def test_a_deactivated_instrument_can_no_longer_be_answered_or_asked_for(
    personas: Personas, client_for
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    request = ask(personas, version)
    instruments.instrument_set_active(
        actor=actor_for_user(personas.admin), version=version, active=False
    )
    young = client_for(personas.young)
    url = reverse("checkins:instrument_start", args=[personas.own.pk, request.pk])
    assert young.get(url).status_code == 404
    client_for(personas.worker).post(
        reverse("checkins:instrument_assign", args=[personas.own.pk, personas.young.pk]),
        {"instrument": str(version.pk)},
    )
    assert InstrumentAssignment.objects.count() == 1


# --- Who reaches what ----------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["worker", "manager", "designer", "young", "outsider_admin"])
def test_only_the_organisations_admins_load_instruments(
    personas: Personas, client_for, who: str
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    client = client_for(getattr(personas, who))
    assert client.get(reverse("checkins:instruments", args=[personas.own.pk])).status_code == 404
    detail = reverse("checkins:instrument_detail", args=[personas.own.pk, version.pk])
    assert client.get(detail).status_code == 404
    activate = reverse("checkins:instrument_activate", args=[personas.own.pk, version.pk])
    assert client.post(activate, {"active": "0"}).status_code == 404
    posted = client.post(
        reverse("checkins:instruments", args=[personas.own.pk]),
        {"definition": json.dumps({**DEFINITION, "id": "other"}), "rights": "on"},
    )
    assert posted.status_code == 404
    assert InstrumentVersion.objects.count() == 1


@pytest.mark.parametrize("who", ["colleague", "manager", "admin", "outsider_worker"])
def test_only_a_case_worker_can_ask_or_read_the_answers(
    personas: Personas, client_for, who: str
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    answer_all(client_for(personas.young), personas.own, ask(personas, version), "3", "3", "3")
    client = client_for(getattr(personas, who))
    assign = reverse("checkins:instrument_assign", args=[personas.own.pk, personas.young.pk])
    assert client.post(assign, {"instrument": str(version.pk)}).status_code == 404
    stored = InstrumentResponse.objects.get()
    assert client.get(reverse("checkins:instrument_response", args=[stored.pk])).status_code == 404
    assert InstrumentAssignment.objects.count() == 1


def test_a_young_person_cannot_open_or_answer_someone_elses(personas: Personas, client_for) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    request = ask(personas, version)
    answer_all(client_for(personas.young), personas.own, request, "3", "3", "3")
    open_request = ask(personas, version)
    other = client_for(personas.young_other)
    stored = InstrumentResponse.objects.get()
    for url in (
        reverse("checkins:instrument_start", args=[personas.own.pk, open_request.pk]),
        reverse("checkins:instrument_item", args=[personas.own.pk, open_request.pk, 1]),
        reverse("checkins:instrument_review", args=[personas.own.pk, open_request.pk]),
        reverse("checkins:instrument_done", args=[personas.own.pk, stored.pk]),
        reverse("checkins:instrument_response", args=[stored.pk]),
    ):
        assert other.get(url).status_code == 404, url
    posted = other.post(
        reverse("checkins:instrument_item", args=[personas.own.pk, open_request.pk, 1]),
        {"answer": "1"},
    )
    assert posted.status_code == 404
    resent = other.post(
        reverse("checkins:instrument_review", args=[personas.own.pk, request.pk]),
        {"idempotency_key": str(request.idempotency_key)},
    )
    assert resent.status_code == 404
    # The young person sees their own answers, without the score.
    own = client_for(personas.young).get(reverse("checkins:instrument_response", args=[stored.pk]))
    assert own.status_code == 200 and 'id="score-heading"' not in own.content.decode()


# --- Random text never breaks the upload page --------------------------------------------------
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.sampled_from(sorted(DEFINITION)), inner, max_size=6)
            ),
            max_leaves=20,
        ).map(json.dumps),
    )
)
def test_random_text_as_a_definition_never_breaks_the_page(personas: Personas, text: str) -> None:
    client = Client()
    client.force_login(personas.admin)
    response = client.post(
        reverse("checkins:instruments", args=[personas.own.pk]),
        {"definition": text, "rights": "on"},
    )
    assert response.status_code in (302, 400)
