from __future__ import annotations

import random
from typing import Any

import pytest

from medskapa.access.actor import Actor, actor_for_user
from medskapa.insights import services
from medskapa.insights.demo import _texts
from medskapa.insights.models import AgeBand, Method, Source, ThemeRun
from medskapa.organisations.models import Membership, Organisation, Unit
from medskapa.organisations.roles import Role
from tests.api.conftest import api_for, issue_token  # noqa: F401  (the API tests' fixtures)


def designer_of(organisation: Organisation) -> Actor:
    """The organisation's designer as an actor (made for an organisation that has none): the
    services ask the layer, so test data is imported by someone who may import it."""
    membership = (
        Membership.objects.active()
        .filter(organisation=organisation, role=Role.DESIGNER, unit__isnull=True)
        .select_related("user")
        .first()
    )
    if membership is not None:
        return actor_for_user(membership.user)
    from tests.personas import make_user

    return actor_for_user(
        make_user(f"designer-{organisation.slug}", org=organisation, role=Role.DESIGNER)
    )


def make_source(
    organisation: Organisation,
    text: str = "Jag fick vänta länge på svar.\n\nMin handläggare lyssnade på mig.",
    *,
    unit: Unit | None = None,
    age_band: str = AgeBand.AGE_13_15,
    participants: int = 1,
    method: str = Method.INTERVIEW,
    **kwargs: Any,
) -> Source:
    return services.source_create(
        actor=designer_of(organisation),
        organisation=organisation,
        title=kwargs.pop("title", "Intervju"),
        method=method,
        text=text,
        unit=unit,
        age_band=age_band,
        participants=participants,
        **kwargs,
    )


def corpus(n: int = 160, seed: int = 3) -> tuple[list[str], list[str]]:
    """Planted themes (the demo's phrase banks): texts and their theme keys."""
    pieces = _texts(random.Random(seed), n)
    return [text for _key, text in pieces], [key for key, _text in pieces]


def seed_corpus(organisation: Organisation, n: int = 160, **kwargs: Any) -> dict[str, str]:
    """A source of ``n`` planted fragments; returns fragment id → planted theme."""
    texts, keys = corpus(n)
    source = make_source(organisation, "\n\n".join(texts), **kwargs)
    fragments = list(source.fragments.order_by("position"))
    assert len(fragments) == n
    return {str(f.pk): key for f, key in zip(fragments, keys, strict=True)}


def finished_run(organisation: Organisation) -> ThemeRun:
    run = services.theme_run_start(
        actor=designer_of(organisation), organisation=organisation, enqueue=False
    )
    services.theme_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == ThemeRun.Status.FINISHED, run.error
    return run


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploads waiting for the column step go to a temporary folder, not the checkout."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
