""" "Who has read my data": a young person sees every read of their data by someone else, in
words, and only their own; everyone else gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medskapa.audit.models import AuditEvent
from medskapa.engines.plainlanguage import lix
from tests.checkins.helpers import answers, submit
from tests.mydata.helpers import read_by
from tests.personas import Personas
from tests.web.test_plain_language import LIX_LIMIT, main_text

pytestmark = pytest.mark.django_db
PAGE = "/me/data/"


def _worker_reads_checkins(p: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    submit(p.young, p.own, answers(home=2))
    url = reverse("checkins:person", args=[p.own.pk, p.young.pk])
    assert client_for(p.worker).get(url).status_code == 200


def test_a_workers_read_of_the_checkins_is_listed_with_role_and_purpose_in_words(
    personas: Personas, client_for
) -> None:
    _worker_reads_checkins(personas, client_for)
    assert AuditEvent.objects.filter(
        action="view", subject_id=personas.young.pk, purpose="check-ins of a young person"
    ).exists()
    html = client_for(personas.young).get(PAGE).content.decode()
    assert "En personal som hjälper dig" in html  # the worker's role, in words
    assert "För att följa hur du mår." in html  # the purpose, in words
    assert personas.own.name in html
    assert str(personas.worker) not in html  # no name by default: role and organisation only


def test_the_page_never_lists_another_persons_reads(personas: Personas, client_for) -> None:
    read_by(personas.worker, personas.young_other, personas.own, "sign-up list")
    read_by(personas.outsider_worker, personas.outsider_young, personas.other, "sign-up list")
    read_by(personas.young, personas.young, personas.own, "sign-up list")  # their own look
    html = client_for(personas.young).get(PAGE).content.decode()
    assert "Ingen har tittat på dina uppgifter än." in html
    assert "anmält sig" not in html


def test_reads_in_an_organisation_the_young_person_is_not_in_are_left_out(
    personas: Personas, client_for
) -> None:
    read_by(personas.outsider_worker, personas.young, personas.other, "sign-up list")
    html = client_for(personas.young).get(PAGE).content.decode()
    assert personas.other.name not in html


@pytest.mark.parametrize("who", ["guardian", "worker", "admin", "outsider_worker"])
def test_people_who_are_not_young_people_get_404(who: str, personas: Personas, client_for) -> None:
    assert client_for(getattr(personas, who)).get(PAGE).status_code == 404


def test_logged_out_visitors_are_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("language", "heading", "rtl"),
    [
        ("sv", "Vem har läst mina uppgifter", False),
        ("en", "Who has read my data", False),
        ("ar", "من قرأ بياناتي", True),
    ],
)
def test_the_page_speaks_swedish_english_and_arabic(
    language: str, heading: str, rtl: bool, personas: Personas, client_for
) -> None:
    _worker_reads_checkins(personas, client_for)
    client = client_for(personas.young)
    client.cookies["medskapa_language"] = language
    html = client.get(PAGE).content.decode()
    assert heading in html
    assert ('dir="rtl"' in html) is rtl


def test_the_swedish_page_text_has_lix_of_40_or_less(personas: Personas, client_for) -> None:
    _worker_reads_checkins(personas, client_for)
    read_by(personas.admin, personas.young, personas.own, "access-log review")
    text = main_text(client_for(personas.young).get(PAGE).content.decode())
    assert "Vem har läst" in text
    assert lix(text) <= LIX_LIMIT, (lix(text), text)
    ask = main_text(
        client_for(personas.young)
        .get(reverse("mydata:ask", args=[AuditEvent.objects.filter(action="view").first().pk]))
        .content.decode()
    )
    assert lix(ask) <= LIX_LIMIT, (lix(ask), ask)


def test_the_start_page_links_a_young_person_to_the_page(personas: Personas, client_for) -> None:
    html = client_for(personas.young).get(reverse("web:start")).content.decode()
    assert f'href="{PAGE}"' in html
