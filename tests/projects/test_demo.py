"""seed_demo gives each demo organisation one project in each phase, with realistic content."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from medskapa.projects import selectors
from medskapa.projects.models import (
    Activity,
    Decision,
    GoalImage,
    JourneyCard,
    PhaseKey,
    Project,
    Reaction,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_one_project_in_each_phase_and_is_idempotent() -> None:
    call_command("seed_demo", verbosity=0)
    counts = (Project.objects.count(), Reaction.objects.count(), Activity.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Project.objects.count(), Reaction.objects.count(), Activity.objects.count()) == counts
    for slug in ("sodertalje", "helsingborg"):
        projects = Project.objects.filter(organisation__slug=slug)
        phases = sorted(p.current_phase.key for p in projects if p.current_phase)
        assert phases == sorted(
            [
                PhaseKey.UNDERSTAND,
                PhaseKey.PATTERNS,
                PhaseKey.GOAL_IMAGES,
                PhaseKey.IDEAS,
                PhaseKey.TEST,
                PhaseKey.ACT,
            ]
        )
        goal = GoalImage.objects.get(
            project__organisation__slug=slug, text__startswith="Jag vet vem"
        )
        assert selectors.reaction_summary(goal).enough
        assert (
            JourneyCard.objects.filter(journey_map__project__organisation__slug=slug).count() >= 9
        )
        decision = Decision.objects.filter(
            project__organisation__slug=slug, status="in_progress"
        ).get()
        assert len(selectors.decision_sources(decision)) == 2
    helsingborg = Project.objects.filter(organisation__slug="helsingborg").first()
    assert helsingborg is not None
    assert helsingborg.phases.first().display_name == "Förstå behovet"  # type: ignore[union-attr]
