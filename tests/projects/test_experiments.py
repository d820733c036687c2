"""Prototypes: the hypothesis template, participant ratings with suppression, and the optional
check-in measure (a hook the check-ins app registers), suppressed when n < 5."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from django.test import Client

from medskapa.projects import selectors, services
from medskapa.projects.models import Rating
from medskapa.web.registries import cohort_measures
from tests.personas import Personas, make_user
from tests.projects.conftest import join, make_project, make_prototype

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_measure() -> Iterator[None]:
    previous = cohort_measures.cohort_measure()
    areas = cohort_measures.measure_areas()
    cohort_measures.register_cohort_measure(None)
    yield
    cohort_measures.register_cohort_measure(previous, areas)


def _page(client: Client, prototype) -> str:  # type: ignore[no-untyped-def]
    project = prototype.project
    return client.get(
        f"/org/{project.organisation_id}/projects/{project.pk}/prototypes/{prototype.pk}/"
    ).content.decode()


def test_the_hypothesis_reads_as_the_template(personas: Personas) -> None:
    prototype = make_prototype(make_project(personas, unit=personas.unit_a))
    assert prototype.hypothesis == (
        "Om vi skickar ett sms med bild på handläggaren, så kommer unga att känna sig tryggare "
        "när de kommer, vilket vi ser genom fler kommer till första mötet."
    )


def test_ratings_are_hidden_under_five_and_averaged_from_five(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    prototype = make_prototype(make_project(personas, unit=personas.unit_a), open_for_rating=True)
    for score in (4, 5, 3, 4):
        services.rating_record(
            actor=services.actor_for_user(personas.designer),
            project=prototype.project,
            prototype=prototype,
            score=score,
            comment="Fint",
        )
    assert selectors.rating_summary(prototype).mean is None
    client = client_for(personas.designer)
    assert "Färre än 5 har svarat" in _page(client, prototype)
    services.rating_record(
        actor=services.actor_for_user(personas.designer),
        project=prototype.project,
        prototype=prototype,
        score=4,
        comment="Tydligt",
    )
    summary = selectors.rating_summary(prototype)
    assert (summary.n, summary.mean) == (5, 4.0)
    html = _page(client, prototype)
    assert "Medelbetyg: 4,0 av 5." in html or "Medelbetyg: 4.0 av 5." in html
    assert "Tydligt" in html


def test_a_co_creator_rates_once_and_may_change_it(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    prototype = make_prototype(project, open_for_rating=True)
    join(project, personas.young)
    client: Client = client_for(personas.young)
    url = f"/me/projects/{project.pk}/prototypes/{prototype.pk}/"
    client.post(url, {"score": "2", "comment": "Svårt att förstå"})
    client.post(url, {"score": "5", "comment": ""})
    rating = Rating.objects.get()
    assert (rating.score, rating.participant) == (5, personas.young)
    assert client.post(url, {"score": "", "comment": ""}).status_code == 200  # nothing to save
    assert Rating.objects.get().score == 5


def test_a_prototype_not_open_for_rating_is_404_for_co_creators(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    prototype = make_prototype(project, open_for_rating=False)
    join(project, personas.young)
    url = f"/me/projects/{project.pk}/prototypes/{prototype.pk}/"
    assert client_for(personas.young).get(url).status_code == 404


def _measured(personas: Personas):  # type: ignore[no-untyped-def]
    return make_prototype(
        make_project(personas, unit=personas.unit_a),
        measure_areas=["school", "friends"],
        measure_unit=personas.unit_a,
        before_start=date(2026, 1, 1),
        before_end=date(2026, 1, 31),
        after_start=date(2026, 3, 1),
        after_end=date(2026, 3, 31),
    )


def test_without_a_registered_measure_the_section_says_so(
    personas: Personas, client_for, no_measure: None
) -> None:  # type: ignore[no-untyped-def]
    prototype = _measured(personas)
    assert not selectors.measure(prototype).available
    assert "inte kopplad till projekt" in _page(client_for(personas.designer), prototype)


def test_the_measure_compares_before_and_after_and_hides_small_cohorts(
    personas: Personas, client_for, no_measure: None
) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[UUID, UUID | None, list[str], date, date]] = []

    def fake(
        org: UUID, unit: UUID | None, areas: list[str], start: date, end: date
    ) -> tuple[float | None, int]:
        calls.append((org, unit, areas, start, end))
        return (3.1, 12) if start.month == 1 else (3.6, 4)

    cohort_measures.register_cohort_measure(fake, [("school", "Skola"), ("friends", "Kompisar")])
    prototype = _measured(personas)
    result = selectors.measure(prototype)
    assert calls[0] == (
        personas.own.pk,
        personas.unit_a.pk,
        ["school", "friends"],
        date(2026, 1, 1),
        date(2026, 1, 31),
    )
    assert result.before is not None and (result.before.mean, result.before.n) == (3.1, 12)
    assert result.after is not None and result.after.suppressed and result.after.mean is None
    assert result.change is None
    html = _page(client_for(personas.designer), prototype)
    assert "3.1" in html or "3,1" in html
    assert "3.6" not in html and "3,6" not in html
    assert "färre än 5" in html

    cohort_measures.register_cohort_measure(lambda *a: (3.1, 12) if a[3].month == 1 else (3.6, 9))
    assert selectors.measure(prototype).change == 0.5


def test_the_edit_form_offers_the_registered_life_areas(
    personas: Personas, client_for, no_measure: None
) -> None:  # type: ignore[no-untyped-def]
    cohort_measures.register_cohort_measure(lambda *a: (None, 0), [("school", "Skola")])
    prototype = _measured(personas)
    project = prototype.project
    html = (
        client_for(personas.designer)
        .get(f"/org/{personas.own.pk}/projects/{project.pk}/prototypes/{prototype.pk}/edit/")
        .content.decode()
    )
    assert 'type="checkbox" name="areas" value="school"' in html


def test_bad_measure_dates_are_refused_with_a_message(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    response = client_for(personas.designer).post(
        f"/org/{personas.own.pk}/projects/{project.pk}/prototypes/",
        {
            "title": "X",
            "hypothesis_if": "a",
            "hypothesis_then": "b",
            "hypothesis_seen": "c",
            "outcome": "undecided",
            "before_start": "2026-02-01",
            "before_end": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "Slutdatumet kan inte vara före startdatumet" in response.content.decode()
    assert not project.prototypes.exists()
    assert make_user  # personas helper kept importable
