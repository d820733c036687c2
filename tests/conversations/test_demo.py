"""seed_demo gets both guides and, for Elin in Södertälje, a prepared and a summarised meeting."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from medskapa.accounts.models import User
from medskapa.conversations.models import Guide, Meeting

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_guides_and_elins_meetings_once(db: None) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert Guide.objects.filter(builtin_key__isnull=False).count() == 2
    for slug in ("sodertalje", "helsingborg"):
        assert Guide.objects.filter(organisation__slug=slug).count() == 2
    elin = User.objects.get(username="elin.sodertalje")
    meetings = Meeting.objects.filter(young_person=elin)
    assert meetings.count() == 2
    assert all(m.worker.email == "handlaggare@sodertalje.example" for m in meetings)
    summarised = [m for m in meetings if m.current_summary() is not None]
    assert len(summarised) == 1
    assert summarised[0].current_summary().responses.count() == 1  # type: ignore[union-attr]
    prepared = next(m for m in meetings if m.current_summary() is None)
    assert prepared.prepared_at is not None and prepared.answers.filter(shared=True).exists()
