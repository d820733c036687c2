"""The question editor: admins change areas, follow-ups, alarm tags and texts with plain forms;
each save is a new version, earlier check-ins keep theirs, bad input saves nothing, and only the
organisation's own admins reach any of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medskapa.access.actor import actor_for_user
from medskapa.checkins import services
from medskapa.checkins.models import CheckIn, Flag, GraphVersion
from medskapa.organisations.models import Organisation
from tests.checkins.helpers import answers, submit
from tests.personas import Personas


def version_count(org: Organisation) -> int:
    return GraphVersion.objects.filter(graph__organisation=org).count()


def area_data(org: Organisation, area: str = "school", **changes: str) -> dict[str, Any]:
    """The area form's fields as the page fills them in, with changes."""
    version = services.current_graph_version(org)
    school = next(a for a in version.definition["areas"] if a["key"] == area)
    data: dict[str, Any] = {"version": version.number, "icon": school["icon"]}
    for prefix in ("title", "question", "why"):
        for language in ("sv", "en", "ar"):
            data[f"{prefix}_{language}"] = school[prefix].get(language, "")
    data.update(changes)
    return data


def followup_data(org: Organisation, area: str = "school", **changes: Any) -> dict[str, Any]:
    """The follow-up form as the page fills it in: every choice, plus two empty new rows."""
    version = services.current_graph_version(org)
    followup = next(f for f in version.definition["followups"] if f["area"] == area)
    choices = followup["choices"]
    data: dict[str, Any] = {
        "version": version.number,
        "at_most": followup["at_most"],
        "choices-TOTAL_FORMS": len(choices) + 2,
        "choices-INITIAL_FORMS": len(choices),
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 12,
    }
    for language in ("sv", "en", "ar"):
        data[f"question_{language}"] = followup["question"].get(language, "")
    for index, choice in enumerate([*choices, {}, {}]):
        data[f"choices-{index}-key"] = choice.get("key", "")
        for language in ("sv", "en", "ar"):
            data[f"choices-{index}-text_{language}"] = choice.get("text", {}).get(language, "")
        if choice.get("alarm"):
            data[f"choices-{index}-alarm"] = "on"
    data.update(changes)
    return data


def editor_url(name: str, org: Organisation, *args: Any) -> str:
    return reverse(f"checkins:{name}", args=[org.pk, *args])


def area_keys(org: Organisation) -> list[str]:
    return [a.key for a in services.current_graph_version(org).load().areas]


# --- Editing and versions -----------------------------------------------------------------------
def test_the_overview_shows_the_current_version_areas_follow_ups_alarms_and_history(
    personas: Personas, client_for
) -> None:
    page = client_for(personas.admin).get(editor_url("editor", personas.own))
    html = page.content.decode()
    assert page.status_code == 200
    for title in ("Hälsa och kropp", "Skola", "Trygghet", "Framtid"):
        assert title in html
    # Alarm-tagged choices are marked in words, not only by colour.
    assert html.count("tag-alarm") == 5
    assert editor_url("editor_version", personas.own, 1) in html


def test_editing_a_title_makes_a_new_version_and_old_check_ins_keep_their_text(
    personas: Personas, client_for
) -> None:
    old = submit(personas.young, personas.own, answers(school=3))
    admin = client_for(personas.admin)
    response = admin.post(
        editor_url("editor_area", personas.own, "school"),
        area_data(personas.own, title_sv="Skolan och lärarna", title_en=""),
    )
    assert response.status_code == 302
    current = services.current_graph_version(personas.own)
    assert current.number == 2 and current.created_by == personas.admin
    assert "Skolan och lärarna" in current.note
    school = current.load().area("school")
    assert school is not None and school.title == {"sv": "Skolan och lärarna", "ar": "المدرسة"}
    old.refresh_from_db()
    assert old.graph_version.number == 1
    # The worker's person page shows the old check-in with the text it was answered with.
    page = client_for(personas.worker).get(
        reverse("checkins:person", args=[personas.own.pk, personas.young.pk])
    )
    latest = page.content.decode().split('id="latest-heading"')[1].split("</section>")[0]
    assert "<dt>Skola</dt>" in latest and "Skolan och lärarna" not in latest
    # A new check-in answers the new version.
    new = submit(personas.young, personas.own, answers())
    assert new.graph_version == current
    # The old version stays readable, read-only.
    old_page = admin.get(editor_url("editor_version", personas.own, 1))
    assert old_page.status_code == 200
    assert ">Skola<" in old_page.content.decode()
    assert "editor_area_move" not in old_page.content.decode()
    assert 'name="direction"' not in old_page.content.decode()


def test_the_publish_is_audit_logged(personas: Personas, client_for) -> None:
    from medskapa.audit.models import AuditEvent

    client_for(personas.admin).post(
        editor_url("editor_area", personas.own, "school"), area_data(personas.own, title_sv="Plugg")
    )
    assert AuditEvent.objects.filter(
        action="create", organisation_id=personas.own.pk, detail="questions version 2"
    ).exists()


def test_saving_without_a_change_makes_no_new_version(personas: Personas, client_for) -> None:
    admin = client_for(personas.admin)
    response = admin.post(
        editor_url("editor_area", personas.own, "school"), area_data(personas.own)
    )
    assert response.status_code == 302
    assert version_count(personas.own) == 1


def test_a_form_opened_on_an_older_version_saves_nothing(personas: Personas, client_for) -> None:
    admin = client_for(personas.admin)
    stale = area_data(personas.own, title_sv="Plugg")
    admin.post(editor_url("editor_area", personas.own, "home"), area_data(personas.own, "home"))
    admin.post(
        editor_url("editor_area", personas.own, "health"),
        area_data(personas.own, "health", title_sv="Kroppen"),
    )
    assert version_count(personas.own) == 2
    response = admin.post(editor_url("editor_area", personas.own, "school"), stale)
    assert response.status_code == 409
    assert version_count(personas.own) == 2


def test_adding_an_area_makes_the_young_persons_check_in_ask_it(
    personas: Personas, client_for
) -> None:
    response = client_for(personas.admin).post(
        editor_url("editor_area_add", personas.own),
        {
            "version": 1,
            "icon": "star",
            "title_sv": "Husdjur och natur",
            "question_sv": "Hur har du det med djur och natur?",
            "why_sv": "Vi frågar för att djur kan ge lugn.",
        },
    )
    assert response.status_code == 302
    assert area_keys(personas.own)[-1] == "husdjur_och_natur"
    young = client_for(personas.young)
    step = "area:husdjur_och_natur"
    page = young.get(reverse("checkins:step", args=[personas.own.pk, step]))
    assert page.status_code == 200
    assert "Hur har du det med djur och natur?" in page.content.decode()
    # English was left empty: the English page falls back to Swedish.
    young.post(reverse("set_language"), {"language": "en"})
    english = young.get(reverse("checkins:step", args=[personas.own.pk, step]))
    assert "Hur har du det med djur och natur?" in english.content.decode()
    checkin = submit(
        personas.young,
        personas.own,
        {**answers(), "areas": {**answers()["areas"], "husdjur_och_natur": 5}},
    )
    assert checkin.answers["areas"]["husdjur_och_natur"] == 5


def test_ticking_alarm_on_a_choice_makes_that_answer_raise_an_alarm_flag(
    personas: Personas, client_for
) -> None:
    data = answers(school=1)
    data["followups"] = {"school_hard": ["mean"]}
    before = submit(personas.young, personas.own, data)
    assert not Flag.objects.filter(checkin=before, kind=Flag.Kind.ALARM).exists()
    form = followup_data(personas.own)
    mean_index = next(i for i in range(7) if form.get(f"choices-{i}-key") == "mean")
    form[f"choices-{mean_index}-alarm"] = "on"
    response = client_for(personas.admin).post(
        editor_url("editor_followup", personas.own, "school"), form
    )
    assert response.status_code == 302
    after = submit(personas.young, personas.own, data)
    assert after.has_alarm
    flag = Flag.objects.get(checkin=after, kind=Flag.Kind.ALARM)
    assert flag.area == "school" and flag.detail == "school_hard:mean"
    overview = client_for(personas.admin).get(editor_url("editor", personas.own)).content.decode()
    assert overview.count("tag-alarm") == 6


def test_choices_can_be_added_changed_and_removed_keeping_the_keys_of_the_others(
    personas: Personas, client_for
) -> None:
    form = followup_data(personas.own, at_most="3")
    form["choices-0-DELETE"] = "on"  # "keep_up"
    form["choices-1-text_sv"] = "Jag är ensam på rasterna"
    form["choices-5-text_sv"] = "Läxorna är för svåra"
    form["choices-5-text_ar"] = "الواجبات صعبة"
    response = client_for(personas.admin).post(
        editor_url("editor_followup", personas.own, "school"), form
    )
    assert response.status_code == 302
    followup = services.current_graph_version(personas.own).load().followup("school_hard")
    assert followup is not None and followup.at_most == 3
    assert [c.key for c in followup.choices] == [
        "alone",
        "no_help",
        "mean",
        "absent",
        "laxorna_ar_for_svara",
    ]
    assert followup.choice("alone").text["sv"] == "Jag är ensam på rasterna"  # type: ignore[union-attr]
    assert followup.choice("laxorna_ar_for_svara").text["ar"] == "الواجبات صعبة"  # type: ignore[union-attr]


def test_a_follow_up_can_be_removed_and_added_again(personas: Personas, client_for) -> None:
    admin = client_for(personas.admin)
    confirm = admin.get(editor_url("editor_followup_remove", personas.own, "school"))
    assert confirm.status_code == 200
    admin.post(editor_url("editor_followup_remove", personas.own, "school"), {"version": 1})
    graph = services.current_graph_version(personas.own).load()
    assert graph.followup("school_hard") is None
    assert "followup:school_hard" not in graph.steps(answers(school=1))
    page = admin.get(editor_url("editor_followup", personas.own, "school"))
    assert page.status_code == 200
    added = admin.post(
        editor_url("editor_followup", personas.own, "school"),
        {
            "version": 2,
            "question_sv": "Vad är svårt?",
            "at_most": "2",
            "choices-TOTAL_FORMS": 2,
            "choices-INITIAL_FORMS": 0,
            "choices-0-text_sv": "Matten",
            "choices-1-text_sv": "Någon hotar mig",
            "choices-1-alarm": "on",
        },
    )
    assert added.status_code == 302
    followup = services.current_graph_version(personas.own).load().followup("school_hard")
    assert followup is not None
    assert [(c.key, c.alarm) for c in followup.choices] == [
        ("matten", False),
        ("nagon_hotar_mig", True),
    ]


def test_areas_move_up_and_down_and_can_be_removed_after_confirmation(
    personas: Personas, client_for
) -> None:
    admin = client_for(personas.admin)
    admin.post(
        editor_url("editor_area_move", personas.own, "school"), {"version": 1, "direction": "up"}
    )
    assert area_keys(personas.own)[:2] == ["school", "health"]
    admin.post(
        editor_url("editor_area_move", personas.own, "health"), {"version": 2, "direction": "down"}
    )
    assert area_keys(personas.own)[:3] == ["school", "feelings", "health"]
    # A double click (the same form sent twice) does not move it twice.
    admin.post(
        editor_url("editor_area_move", personas.own, "health"), {"version": 2, "direction": "down"}
    )
    assert area_keys(personas.own)[:3] == ["school", "feelings", "health"]
    # The first area cannot move up.
    admin.post(
        editor_url("editor_area_move", personas.own, "school"), {"version": 3, "direction": "up"}
    )
    assert version_count(personas.own) == 3

    confirm = admin.get(editor_url("editor_area_remove", personas.own, "home"))
    assert confirm.status_code == 200 and version_count(personas.own) == 3
    admin.post(editor_url("editor_area_remove", personas.own, "home"), {"version": 3})
    graph = services.current_graph_version(personas.own).load()
    assert graph.area("home") is None and graph.followup("home_hard") is None
    # A check-in without the removed area is complete.
    without_home = answers()
    del without_home["areas"]["home"]
    assert submit(personas.young, personas.own, without_home).graph_version == (
        services.current_graph_version(personas.own)
    )


def test_free_text_questions_can_be_changed_added_and_removed(
    personas: Personas, client_for
) -> None:
    response = client_for(personas.admin).post(
        editor_url("editor_free_texts", personas.own),
        {
            "version": 1,
            "texts-TOTAL_FORMS": 3,
            "texts-INITIAL_FORMS": 2,
            "texts-0-key": "feel_good",
            "texts-0-question_sv": "Vad gör dig glad?",
            "texts-1-key": "would_help",
            "texts-1-question_sv": "Vad skulle hjälpa dig?",
            "texts-1-DELETE": "on",
            "texts-2-question_sv": "Något mer du vill säga?",
        },
    )
    assert response.status_code == 302
    graph = services.current_graph_version(personas.own).load()
    assert [(t.key, t.question["sv"]) for t in graph.free_texts] == [
        ("feel_good", "Vad gör dig glad?"),
        ("nagot_mer_du_vill_saga", "Något mer du vill säga?"),
    ]


# --- Bad input: a clear message, nothing saved ------------------------------------------------
def test_an_empty_swedish_title_is_refused_with_a_message(personas: Personas, client_for) -> None:
    response = client_for(personas.admin).post(
        editor_url("editor_area", personas.own, "school"), area_data(personas.own, title_sv="  ")
    )
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert version_count(personas.own) == 1


def test_an_area_whose_title_gives_an_existing_key_is_refused(
    personas: Personas, client_for
) -> None:
    response = client_for(personas.admin).post(
        editor_url("editor_area_add", personas.own),
        {"version": 1, "icon": "star", "title_sv": "Skola!", "question_sv": "?", "why_sv": "."},
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert version_count(personas.own) == 1


@pytest.mark.parametrize("at_most", ["7", "0", "två", ""])
def test_a_follow_up_threshold_outside_1_to_4_is_refused(
    personas: Personas, client_for, at_most: str
) -> None:
    response = client_for(personas.admin).post(
        editor_url("editor_followup", personas.own, "school"),
        followup_data(personas.own, at_most=at_most),
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert version_count(personas.own) == 1


def test_removing_every_choice_or_sending_an_unknown_key_is_refused(
    personas: Personas, client_for
) -> None:
    admin = client_for(personas.admin)
    form = followup_data(personas.own)
    for index in range(5):
        form[f"choices-{index}-DELETE"] = "on"
    assert (
        admin.post(editor_url("editor_followup", personas.own, "school"), form).status_code == 400
    )
    tampered = followup_data(personas.own, **{"choices-0-key": "not_a_choice"})
    assert (
        admin.post(editor_url("editor_followup", personas.own, "school"), tampered).status_code
        == 400
    )
    assert version_count(personas.own) == 1


def test_the_last_area_cannot_be_removed(personas: Personas, client_for) -> None:
    definition = services.current_graph_version(personas.own).definition
    only_school = {
        **definition,
        "areas": [a for a in definition["areas"] if a["key"] == "school"],
        "followups": [f for f in definition["followups"] if f["area"] == "school"],
    }
    services.graph_version_publish(
        actor=actor_for_user(personas.admin),
        organisation=personas.own,
        definition=only_school,
        note="test",
    )
    response = client_for(personas.admin).post(
        editor_url("editor_area_remove", personas.own, "school"), {"version": 2}
    )
    assert response.status_code == 400
    assert version_count(personas.own) == 2


def test_an_unknown_area_is_404(personas: Personas, client_for) -> None:
    admin = client_for(personas.admin)
    assert admin.get(editor_url("editor_area", personas.own, "nope")).status_code == 404
    assert admin.get(editor_url("editor_version", personas.own, 99)).status_code == 404


# --- Who may edit -----------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["worker", "manager", "designer", "young", "outsider_admin"])
def test_only_the_organisations_own_admins_reach_the_editor(
    personas: Personas, client_for, who: str
) -> None:
    client = client_for(getattr(personas, who))
    for name, args in (
        ("editor", ()),
        ("editor_version", (1,)),
        ("editor_area", ("school",)),
        ("editor_area_add", ()),
        ("editor_area_remove", ("school",)),
        ("editor_followup", ("school",)),
        ("editor_followup_remove", ("school",)),
        ("editor_free_texts", ()),
    ):
        assert client.get(editor_url(name, personas.own, *args)).status_code == 404, name
    response = client.post(
        editor_url("editor_area", personas.own, "school"), area_data(personas.own, title_sv="X")
    )
    assert response.status_code == 404
    moved = client.post(
        editor_url("editor_area_move", personas.own, "school"), {"version": 1, "direction": "up"}
    )
    assert moved.status_code == 404
    assert version_count(personas.own) == 1


# --- Random text never breaks the forms --------------------------------------------------------
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "title_sv",
                "title_ar",
                "question_sv",
                "why_sv",
                "icon",
                "version",
                "at_most",
                "choices-0-key",
                "choices-0-text_sv",
                "choices-5-text_sv",
                "choices-TOTAL_FORMS",
                "choices-INITIAL_FORMS",
                "texts-0-key",
                "texts-TOTAL_FORMS",
                "texts-2-question_sv",
            ]
        ),
        st.text(max_size=400),
        max_size=6,
    )
)
def test_random_text_in_the_editor_forms_never_breaks_a_page(
    personas: Personas, fields: dict[str, str]
) -> None:
    client = Client()
    client.force_login(personas.admin)
    before = version_count(personas.own)
    for name, args, base in (
        ("editor_area", ("school",), area_data(personas.own)),
        ("editor_area_add", (), {"version": services.current_graph_version(personas.own).number}),
        ("editor_followup", ("school",), followup_data(personas.own)),
        ("editor_free_texts", (), {}),
        ("editor_area_move", ("health",), {"direction": "down"}),
    ):
        response = client.post(editor_url(name, personas.own, *args), {**base, **fields})
        assert response.status_code in (200, 302, 400, 409), (name, response.status_code)
    for version in GraphVersion.objects.filter(graph__organisation=personas.own):
        version.load()  # every version that got saved is a working graph
    assert version_count(personas.own) >= before


def test_checkins_record_the_version_they_answered(personas: Personas) -> None:
    first = submit(personas.young, personas.own)
    assert CheckIn.objects.get(pk=first.pk).graph_version.number == 1


def test_a_check_in_sent_right_after_a_publish_answers_the_new_version(
    personas: Personas,
) -> None:
    submit(personas.young, personas.own)  # the current version is now in the shared cache
    definition = services.current_graph_version(personas.own).definition
    services.graph_version_publish(
        actor=actor_for_user(personas.admin),
        organisation=personas.own,
        definition=definition,
        note="ny",
    )
    after = submit(personas.young, personas.own)
    assert CheckIn.objects.get(pk=after.pk).graph_version.number == 2
