"""Goal-image reactions: one per co-creator (a new answer replaces the old), one per device
through the public link, and staff see only counts, each under five shown as "färre än 5",
with comments hidden until five have reacted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from medskapa.access.actor import actor_for_user
from medskapa.projects import selectors, services
from medskapa.projects.models import Project, Reaction
from tests.personas import Personas, make_user
from tests.projects.conftest import join, make_goal, make_project

pytestmark = pytest.mark.django_db


def _goal_url(project: Project, goal_id: object) -> str:
    return f"/me/projects/{project.pk}/goals/{goal_id}/"


def test_a_co_creator_has_one_reaction_that_a_second_answer_replaces(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    join(project, personas.young)
    client: Client = client_for(personas.young)
    client.post(_goal_url(project, goal.pk), {"choice": "agree", "comment": "Ja!"})
    client.post(_goal_url(project, goal.pk), {"choice": "unsure", "comment": ""})
    reaction = Reaction.objects.get(goal_image=goal)
    assert (reaction.choice, reaction.comment, reaction.participant) == (
        "unsure",
        "",
        personas.young,
    )
    page = client.get(_goal_url(project, goal.pk)).content.decode()
    assert "Du har svarat" in page and "Ändra mitt svar" in page


def test_a_young_person_who_has_not_joined_cannot_react(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    response = client_for(personas.young).post(_goal_url(project, goal.pk), {"choice": "agree"})
    assert response.status_code == 404
    assert not Reaction.objects.exists()


def test_a_bad_answer_changes_nothing(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    join(project, personas.young)
    response = client_for(personas.young).post(_goal_url(project, goal.pk), {"choice": "maybe"})
    assert response.status_code == 200
    assert not Reaction.objects.exists()


@settings(max_examples=25, deadline=None)
@given(choice=st.text(max_size=20), comment=st.text(max_size=1200))
def test_the_service_refuses_any_unknown_answer_or_long_comment(choice: str, comment: str) -> None:
    if choice in Reaction.Choice.values and len(comment.strip()) <= 1000:
        return
    with pytest.raises(ValidationError):
        services._clean_reaction(choice, comment)


def test_the_public_link_takes_one_answer_per_device(personas: Personas) -> None:
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    services.campaign_set(
        actor=services.actor_for_user(personas.designer), project=project, open_=True
    )
    project.refresh_from_db()
    phone = Client()
    phone.get(f"/malbild/{project.campaign_slug}/")  # sets the device cookie
    url = f"/malbild/{project.campaign_slug}/{goal.pk}/"
    phone.post(url, {"choice": "agree", "comment": ""})
    phone.post(url, {"choice": "disagree", "comment": "Nej"})
    other_phone = Client()
    other_phone.get(f"/malbild/{project.campaign_slug}/")
    other_phone.post(url, {"choice": "agree"})
    assert Reaction.objects.filter(goal_image=goal).count() == 2
    assert sorted(Reaction.objects.values_list("choice", flat=True)) == ["agree", "disagree"]
    assert not Reaction.objects.filter(participant__isnull=False).exists()


def test_a_device_without_the_cookie_is_asked_to_allow_it(personas: Personas) -> None:
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    services.campaign_set(
        actor=services.actor_for_user(personas.designer), project=project, open_=True
    )
    project.refresh_from_db()
    response = Client().post(f"/malbild/{project.campaign_slug}/{goal.pk}/", {"choice": "agree"})
    assert response.status_code == 302
    assert not Reaction.objects.exists()


def _react(goal, choices: list[str], comment: str = "") -> None:  # type: ignore[no-untyped-def]
    for index, choice in enumerate(choices):
        services.reaction_save_by_device(
            goal_image=goal,
            choice=choice,
            comment=f"{comment}{index}" if comment else "",
            device_hash=f"device-{goal.pk}-{index}",
        )


def test_fewer_than_five_reactions_show_nothing_but_that(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    _react(goal, ["agree", "agree", "disagree", "unsure"], comment="Hemlig kommentar ")
    summary = selectors.reaction_summary(goal)
    assert not summary.enough and summary.comments == []
    html = (
        client_for(personas.designer)
        .get(f"/org/{personas.own.pk}/projects/{project.pk}/goals/{goal.pk}/")
        .content.decode()
    )
    assert "Färre än 5 har svarat" in html
    assert "Hemlig kommentar" not in html


def test_small_counts_show_as_fewer_than_five_and_comments_appear_from_five(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    _react(goal, ["agree"] * 5 + ["disagree"] * 2, comment="Bra sagt ")
    summary = selectors.reaction_summary(goal)
    assert summary.enough and summary.total == 7
    assert summary.counts["agree"].value == 5 and not summary.counts["agree"].suppressed
    assert summary.counts["disagree"].suppressed and summary.counts["unsure"].suppressed
    html = (
        client_for(personas.designer)
        .get(f"/org/{personas.own.pk}/projects/{project.pk}/goals/{goal.pk}/")
        .content.decode()
    )
    assert "färre än 5" in html
    assert "Bra sagt 0" in html


def test_staff_never_see_who_reacted(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    people = [make_user(f"ung{i}", org=personas.own, role="young_person") for i in range(5)]
    for person in people:
        join(project, person)
        services.reaction_save(
            actor=actor_for_user(person), goal_image=goal, choice="agree", comment="ok"
        )
    for staff in (personas.designer, personas.manager):
        client: Client = client_for(staff)
        for path in ("goals/", f"goals/{goal.pk}/", ""):
            html = client.get(
                f"/org/{personas.own.pk}/projects/{project.pk}/{path}"
            ).content.decode()
            for person in people:
                assert person.username.title() not in html and person.username not in html
