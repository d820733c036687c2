"""A pattern's contributors for feedback: hand-offs are followed back to their own app,
interview fragments count for coverage but reach nobody by themselves."""

from __future__ import annotations

import uuid

from medskapa.insights.feedback_hooks import SHARED_ANSWER, pattern_contributions
from medskapa.insights.models import Fragment, Pattern, Source
from medskapa.web.registries import contributions as registry
from tests.personas import Personas


def test_a_pattern_follows_shared_answers_and_counts_its_own_fragments(personas: Personas) -> None:
    org = personas.own
    source = Source.objects.create(
        organisation=org,
        title="Intervju",
        method="interview",
        unit=personas.unit_a,
        text="Det var skönt att bli lyssnad på.",
    )
    pattern = Pattern.objects.create(organisation=org, title="Bli lyssnad på")
    own = Fragment.objects.create(
        organisation=org, source=source, text="Det var skönt", pattern=pattern
    )
    answer_id = uuid.uuid4()
    Fragment.objects.create(
        organisation=org,
        source=source,
        text="Att någon lyssnar",
        pattern=pattern,
        contribution_kind=SHARED_ANSWER,
        contribution_id=str(answer_id),
    )
    found = pattern_contributions(org.pk, pattern.pk)
    assert found.follow == [("conversations.shared_answer", answer_id)]  # type: ignore[attr-defined]
    [contribution] = found.contributions  # type: ignore[attr-defined]
    assert contribution.key == f"insights.fragment:{own.pk}"
    assert contribution.recipient is None
    assert contribution.unit_path == personas.unit_a.path
    assert registry.has_provider("insights.pattern")


def test_another_organisations_pattern_yields_nothing(personas: Personas) -> None:
    pattern = Pattern.objects.create(organisation=personas.other, title="X")
    found = pattern_contributions(personas.own.pk, pattern.pk)
    assert found.contributions == [] and found.follow == []  # type: ignore[attr-defined]
