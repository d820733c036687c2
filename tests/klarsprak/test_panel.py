"""The readability panel: the htmx endpoint, the no-JavaScript path and the template tag."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from medskapa.audit.models import AuditEvent
from medskapa.klarsprak.models import OfficialeseTerm
from medskapa.klarsprak.panel import MAX_TEXT_LENGTH, analysis_context, build_panel
from tests.personas import Personas

pytestmark = pytest.mark.django_db
ANALYSE = "/klarsprak/analyse/"
# "Handläggaren skriver utredningen. Beslutet kommer snart."
# 6 words, 2 sentences, 4 long (Handläggaren, skriver, utredningen, Beslutet): 3 + 66.7 = 69.7
HARD_TEXT = "Handläggaren skriver utredningen. Beslutet kommer snart."
# "Vi ses på fredag. Ta med en vän." 8 words, 2 sentences, 0 long: 4
EASY_TEXT = "Vi ses på fredag. Ta med en vän."


def post(client: Client, organisation: object, text: str, **extra: str) -> str:
    data = {"klarsprak_organisation": str(organisation), "klarsprak_field": "body", "body": text}
    data.update(extra)
    response = client.post(ANALYSE, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def lix_shown(html: str) -> str:
    match = re.search(r"LIX (\d+) – ([^<]+)<", html)
    assert match, html
    return f"{match.group(1)} – {match.group(2)}"


def test_the_endpoint_returns_the_panel_with_the_lix_of_the_text(
    personas: Personas, client_for
) -> None:
    worker = client_for(personas.worker)
    assert lix_shown(post(worker, personas.own.pk, HARD_TEXT)) == "70 – very hard"
    html = post(worker, personas.own.pk, EASY_TEXT)
    assert lix_shown(html) == "4 – very easy"
    assert "Target: at most 40 for texts to young people." in html


def test_the_panel_is_in_swedish_for_a_swedish_browser(personas: Personas, client_for) -> None:
    worker = client_for(personas.worker)
    worker.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = worker.post(
        ANALYSE, {"klarsprak_organisation": str(personas.own.pk), "text": EASY_TEXT}
    )
    html = response.content.decode()
    assert "LIX 4 – mycket lätt" in html
    assert "Mål: högst 40 för texter till unga." in html


def test_the_panel_lists_long_sentences_words_passives_and_officialese(
    personas: Personas, client_for
) -> None:
    text = (
        "Du erhåller beslutet när ansökan har granskats. "
        + " ".join(["ord"] * 22)
        + ". Handlingarna ska skickas in."
    )
    html = post(client_for(personas.designer), personas.own.pk, text)
    assert "erhåller</strong> → få" in html
    assert "granskats" in html and "skickas" in html
    assert "Handlingarna" in html
    assert "(22 words)" in html


def test_each_staff_role_may_use_the_endpoint(personas: Personas, client_for) -> None:
    for user in (personas.admin, personas.manager, personas.worker, personas.designer):
        assert "LIX" in post(client_for(user), personas.own.pk, EASY_TEXT)


@pytest.mark.parametrize("who", ["young", "guardian", "outsider_worker"])
def test_young_people_guardians_and_outsiders_are_refused(
    personas: Personas, client_for, who: str
) -> None:
    response = client_for(getattr(personas, who)).post(
        ANALYSE, {"klarsprak_organisation": str(personas.own.pk), "text": EASY_TEXT}
    )
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(personas: Personas, client: Client) -> None:
    response = client.post(ANALYSE, {"klarsprak_organisation": str(personas.own.pk)})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("organisation", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_missing_or_unknown_organisation_is_a_404(
    personas: Personas, client_for, organisation: str
) -> None:
    response = client_for(personas.worker).post(
        ANALYSE, {"klarsprak_organisation": organisation, "text": "Hej."}
    )
    assert response.status_code == 404


def test_get_is_not_allowed(personas: Personas, client_for) -> None:
    assert client_for(personas.worker).get(ANALYSE).status_code == 405


def test_the_endpoint_needs_the_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.worker)
    response = client.post(ANALYSE, {"klarsprak_organisation": str(personas.own.pk)})
    assert response.status_code == 403


def test_a_text_over_the_cap_gets_a_clear_error_and_no_analysis(
    personas: Personas, client_for
) -> None:
    html = post(client_for(personas.worker), personas.own.pk, "a" * (MAX_TEXT_LENGTH + 1))
    assert "too long to check" in html
    assert "20 000" in html
    assert "LIX" not in html
    assert "LIX" in post(client_for(personas.worker), personas.own.pk, "a " * 9_999 + ".")


def test_the_text_is_neither_stored_nor_written_to_the_audit_log(
    personas: Personas, client_for
) -> None:
    secret = "Alva berättade om pappas hemlighet."
    worker = client_for(personas.worker)  # logging in writes a row of its own
    before = AuditEvent.objects.count()
    post(worker, personas.own.pk, secret)
    events = AuditEvent.objects.all()
    assert events.count() == before
    assert not any("hemlighet" in f"{e.detail}{e.purpose}{e.object_id}" for e in events)
    assert OfficialeseTerm.objects.count() == 0


def test_an_empty_text_shows_a_hint(personas: Personas, client_for) -> None:
    html = post(client_for(personas.worker), personas.own.pk, "")
    assert "Write your text and the check appears here." in html


def test_the_organisations_own_terms_are_used_and_never_another_organisations(
    personas: Personas, client_for
) -> None:
    OfficialeseTerm.objects.create(
        organisation=personas.own, key="blankett", hard="blankett", plain="papper"
    )
    OfficialeseTerm.objects.create(
        organisation=personas.other, key="formulär", hard="formulär", plain="brev"
    )
    text = "Fyll i blanketten och formuläret."
    own = post(client_for(personas.worker), personas.own.pk, text)
    assert "blanketten</strong> → papper" in own
    assert "brev" not in own
    other = post(client_for(personas.outsider_worker), personas.other.pk, text)
    assert "formuläret</strong> → brev" in other
    assert "papper" not in other


def test_a_shipped_term_the_organisation_removed_is_not_suggested(personas: Personas) -> None:
    OfficialeseTerm.objects.create(
        organisation=personas.own, key="erhålla", hard="erhålla", plain="få", removed=True
    )
    own = build_panel("Du erhåller ett brev.", personas.own)
    other = build_panel("Du erhåller ett brev.", personas.other)
    assert own.officialese == []
    assert [o["plain"] for o in other.officialese] == ["få"]


# --- The template tag and the path without JavaScript -------------------------------------
def render(template: str, **context: object) -> str:
    return Template("{% load klarsprak %}" + template).render(Context(context))


def test_the_tag_renders_a_live_region_wired_to_the_textarea(personas: Personas) -> None:
    html = render('{% klarsprak_panel "id_body" org %}', org=personas.own)
    assert 'id="klarsprak-id_body"' in html
    assert 'aria-live="polite"' in html
    assert f'hx-post="{reverse("klarsprak:analyse")}"' in html
    assert 'hx-trigger="input changed delay:600ms from:#id_body, load"' in html
    assert 'hx-include="#id_body"' in html
    assert 'hx-params="body,klarsprak_organisation,klarsprak_field"' in html
    assert str(personas.own.pk) in html
    assert 'hx-target="this"' in html


def test_the_tag_accepts_a_bound_form_field(personas: Personas) -> None:
    from django import forms

    class Summary(forms.Form):
        summary = forms.CharField(widget=forms.Textarea)

    html = render("{% klarsprak_panel form.summary org %}", form=Summary(), org=personas.own)
    assert 'hx-include="#id_summary"' in html
    assert 'hx-params="summary,' in html


def test_analysis_context_renders_the_same_panel_on_the_server(personas: Personas) -> None:
    context = analysis_context(HARD_TEXT, personas.own)
    html = render('{% klarsprak_panel "id_body" org %}', org=personas.own, **context)
    assert "LIX 70 – very hard" in html


def test_the_try_page_without_javascript_shows_the_panel_after_posting(
    personas: Personas, client_for
) -> None:
    url = reverse("klarsprak:try", args=[personas.own.pk])
    worker = client_for(personas.worker)
    page = worker.get(url).content.decode()
    assert "Check the text" in page
    assert "Write your text and the check appears here." in page
    response = worker.post(url, {"text": HARD_TEXT, "klarsprak_review": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "LIX 70 – very hard" in html
    assert "Handläggaren skriver utredningen." in html  # the text is kept in the textarea


def test_the_try_page_is_refused_to_young_people_and_outsiders(
    personas: Personas, client_for
) -> None:
    url = reverse("klarsprak:try", args=[personas.own.pk])
    for user in (personas.young, personas.outsider_admin):
        assert client_for(user).get(url).status_code == 404


def test_the_try_page_links_to_the_list_only_for_those_who_may_edit_it(
    personas: Personas, client_for
) -> None:
    url = reverse("klarsprak:try", args=[personas.own.pk])
    terms = reverse("klarsprak:terms", args=[personas.own.pk])
    assert terms in client_for(personas.designer).get(url).content.decode()
    assert terms not in client_for(personas.worker).get(url).content.decode()


def test_long_lists_are_cut_and_say_how_many_more(personas: Personas, client_for) -> None:
    words = " ".join(f"långord{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(50))
    html = post(client_for(personas.worker), personas.own.pk, words + ".")
    assert "… and 10 more." in html


def test_the_staff_start_page_links_to_the_try_page_and_the_list(
    personas: Personas, client_for
) -> None:
    try_url = reverse("klarsprak:try", args=[personas.own.pk])
    terms_url = reverse("klarsprak:terms", args=[personas.own.pk])
    designer = client_for(personas.designer).get("/").content.decode()
    assert try_url in designer and terms_url in designer
    worker = client_for(personas.worker).get("/").content.decode()
    assert try_url in worker and terms_url not in worker
    young = client_for(personas.young).get("/").content.decode()
    assert try_url not in young
