"""The demo seed imports insights as the demo organisation's designer (the services ask the
layer, so demo data is made by someone who may make it)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from medskapa.insights.models import Source, ThemeRun
from medskapa.organisations.models import Membership
from medskapa.organisations.roles import Role


@pytest.mark.django_db
def test_the_demo_seed_imports_insights_as_the_organisations_designer() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    sources = Source.objects.select_related("created_by")
    assert sources.exists()
    for source in sources:
        assert Membership.objects.filter(
            user=source.created_by, organisation=source.organisation, role=Role.DESIGNER
        ).exists()
    assert ThemeRun.objects.filter(status=ThemeRun.Status.FINISHED).exists()
