"""The cross-app link registry: unknown kinds and unreachable targets resolve to nothing."""

from __future__ import annotations

import uuid

from medskapa.access.actor import ANONYMOUS, Actor
from medskapa.web import links


def test_resolve_keeps_order_and_drops_unknown_kinds_and_hidden_targets() -> None:
    visible, hidden = uuid.uuid4(), uuid.uuid4()

    def resolver(
        actor: Actor, organisation_id: uuid.UUID, ids: list[uuid.UUID]
    ) -> list[links.LinkTarget]:
        return [links.LinkTarget("test.thing", i, f"T{i}", f"/t/{i}/") for i in ids if i == visible]

    links.register(links.LinkKind("test.thing", "Thing", resolver, lambda a, o, q: []))
    org = uuid.uuid4()
    result = links.resolve(
        ANONYMOUS,
        org,
        [("nope.kind", uuid.uuid4()), ("test.thing", hidden), ("test.thing", visible)],
    )
    assert [t.id for t in result] == [visible]
