"""Every feedback page a young person reads has LIX 40 or less (DOMAIN.md, Tone), with the
demo message as its text."""

from __future__ import annotations

from typing import Any

from django.template import Context, Template
from django.urls import reverse

from medskapa.engines.plainlanguage import lix
from medskapa.feedback.models import FeedbackDelivery
from tests.personas import Personas
from tests.web.test_plain_language import LIX_LIMIT, main_text

from .helpers import campaign, guide, message, publish, respond, share

BODY = (
    "Ni sa att det tog lång tid att få svar. Det var sant. Nu svarar vi inom två dagar. "
    "Tack för att du sa det!"
)


def test_young_peoples_feedback_pages_have_lix_of_40_or_less(
    personas: Personas, client_for: Any
) -> None:
    p = personas
    young = client_for(p.young)
    pages = {"empty inbox": young.get(reverse("feedback:mine")).content.decode()}
    g = guide(p.own)
    share(p.young, p.own, g)
    m = publish(
        p, message(p, "conversations.guide", g.pk, title="Nu svarar vi snabbare", body=BODY)
    )
    delivery = FeedbackDelivery.objects.get(message=m, recipient=p.young)
    pages["inbox"] = young.get(reverse("feedback:mine")).content.decode()
    pages["message"] = young.get(
        reverse("feedback:mine_detail", args=[delivery.pk])
    ).content.decode()
    c = campaign(p)
    respond(c)
    publish(p, message(p, "checkins.campaign", c.pk, title="Mer tid för rast", body=BODY))
    pages["receipt block"] = (
        "<main>"
        + Template('{% load feedback_tags %}{% public_feedback "checkins.campaign" cid %}').render(
            Context({"cid": c.pk})
        )
        + "</main>"
    )
    scores = {name: round(lix(main_text(html)), 1) for name, html in pages.items()}
    print(scores)
    assert all(0 < score <= LIX_LIMIT for score in scores.values()), scores
