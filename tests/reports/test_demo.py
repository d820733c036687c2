"""The demo seed: gaps and a drafted report for the demo organisations, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from medskapa.reports.models import Gap, Report, ScoreRollup


@pytest.mark.django_db
def test_the_demo_seed_adds_gaps_a_report_and_rollups_once() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    gaps, reports = Gap.objects.count(), Report.objects.count()
    assert gaps >= 8 and reports == 2
    assert ScoreRollup.objects.exists()
    assert Gap.objects.filter(reporter_kind="young_person").exists()
    assert Report.objects.first().sections.exclude(body="").count() == 3  # type: ignore[union-attr]
    call_command("seed_demo", stdout=io.StringIO())
    assert (Gap.objects.count(), Report.objects.count()) == (gaps, reports)
