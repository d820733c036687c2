from __future__ import annotations

from dataclasses import dataclass

import pytest

from medskapa.access.actor import actor_for_user
from medskapa.conversations import services
from medskapa.conversations.models import Guide, Meeting
from tests.personas import Personas


@dataclass
class World:
    builtin: Guide  # "Samtalsstöd unga vuxna", in the library
    school: Guide  # "Samtalsguide skola", in the library
    guide: Guide  # the own organisation's published copy of the young adults' guide
    other_guide: Guide  # the other organisation's copy, not in the library
    meeting: Meeting  # worker -> young, with the own guide


def build_world(p: Personas) -> World:
    guides = {g.builtin_key: g for g in services.ensure_builtin_guides()}
    builtin = guides["samtalsstod-unga-vuxna"]
    designer = actor_for_user(p.designer)
    guide = services.guide_copy(actor=designer, guide=builtin, organisation=p.own)
    services.version_publish(actor=designer, guide=guide)
    outsider = actor_for_user(p.outsider_designer)
    other_guide = services.guide_copy(actor=outsider, guide=builtin, organisation=p.other)
    services.version_publish(actor=outsider, guide=other_guide)
    meeting = services.meeting_create(
        actor=actor_for_user(p.worker), organisation=p.own, guide=guide, young_person=p.young
    )
    return World(builtin, guides["samtalsguide-skola"], guide, other_guide, meeting)


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)
