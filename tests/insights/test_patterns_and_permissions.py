"""Pattern pages suppress small groups; permissions keep organisations apart and only roles
with identified access see unmasked text (with a reason, audit-logged)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.insights import selectors, services
from medskapa.insights.models import Fragment, Pattern
from medskapa.web import links
from tests.personas import Personas

from .conftest import make_source

pytestmark = pytest.mark.django_db


def _pattern(p: Personas) -> Pattern:
    """Quotes from a big group (a workshop of 12, 13–15) and a small one (one interview, 18–20)."""
    big = make_source(
        p.own,
        "Vi väntar för länge på svar.\n\nIngen ringer tillbaka.",
        participants=12,
        age_band="13-15",
        method="workshop",
        unit=p.unit_a,
    )
    small = make_source(
        p.own, "Jag väntade i tre månader.", participants=1, age_band="18-20", unit=p.unit_a2
    )
    pattern = Pattern.objects.create(organisation=p.own, title="Väntan", description="Om väntan.")
    Fragment.objects.filter(source__in=[big, small]).update(pattern=pattern)
    return pattern


def test_counts_under_five_are_shown_as_fewer_than_five(personas: Personas) -> None:
    pattern = _pattern(personas)
    summary = selectors.pattern_summary(
        actor_for_user(personas.manager),
        pattern,
        titles={"age_band": "a", "role": "r", "unit": "u", "method": "m", "no_unit": "-"},
    )
    ages = dict(summary.breakdowns[0].rows)
    assert ages["18–20 år"] is None
    # The total (13) is shown, so one hidden cell would be the total minus the rest: the
    # other cell is hidden too (complementary suppression, engines.smallgroups).
    assert ages["13–15 år"] is None and summary.total == 13
    assert summary.fragments == 3


def test_the_manager_sees_no_quote_from_a_group_under_five(personas: Personas, client_for) -> None:
    pattern = _pattern(personas)
    url = reverse("insights:pattern", args=[personas.own.pk, pattern.pk])
    page = client_for(personas.manager).get(url).content.decode()
    assert "Vi väntar för länge på svar." in page
    assert "Jag väntade i tre månader." not in page
    assert "färre än 5" in page
    designer_page = client_for(personas.designer).get(url).content.decode()
    assert "Jag väntade i tre månader." in designer_page  # may see identified data


def test_a_designer_of_another_organisation_never_sees_our_fragments(
    personas: Personas, client_for
) -> None:
    source = make_source(personas.own, "Vår hemliga text.")
    pattern = _pattern(personas)
    client = client_for(personas.outsider_designer)
    fragment = source.fragments.get()
    for url in (
        reverse("insights:home", args=[personas.own.pk]),
        reverse("insights:source", args=[personas.own.pk, source.pk]),
        reverse("insights:source", args=[personas.other.pk, source.pk]),
        reverse("insights:pattern", args=[personas.own.pk, pattern.pk]),
        reverse("insights:unmask", args=[personas.own.pk, fragment.pk]),
        reverse("insights:export", args=[personas.own.pk, "csv"]),
    ):
        assert client.get(url).status_code == 404, url
    theirs = client.get(reverse("insights:home", args=[personas.other.pk]))
    assert theirs.status_code == 200 and "Vår hemliga text" not in theirs.content.decode()
    assert AuditEvent.objects.filter(action="denied").exists()
    actor = actor_for_user(personas.outsider_designer)
    assert not selectors.fragments_for(actor, personas.own).exists()
    assert links.resolve(actor, personas.own.pk, [("insights.pattern", pattern.pk)]) == []


@pytest.mark.parametrize("role", ["worker", "admin", "young", "guardian"])
def test_workers_admins_and_young_people_see_no_fragments(
    role: str, personas: Personas, client_for
) -> None:
    source = make_source(personas.own, "Text.")
    client = client_for(getattr(personas, role))
    assert client.get(reverse("insights:home", args=[personas.own.pk])).status_code in (302, 404)
    assert client.get(
        reverse("insights:source", args=[personas.own.pk, source.pk])
    ).status_code in (302, 404)


def test_only_a_designer_with_a_reason_sees_the_unmasked_text_and_it_is_audited(
    personas: Personas, client_for
) -> None:
    source = make_source(personas.own, "Jag heter Alva och mitt nummer är 070-123 45 67.")
    fragment = source.fragments.get()
    assert "Alva" not in fragment.text
    url = reverse("insights:unmask", args=[personas.own.pk, fragment.pk])
    for role in ("manager", "admin", "worker"):
        assert client_for(getattr(personas, role)).get(url).status_code == 404
    designer = client_for(personas.designer)
    no_reason = designer.post(url, {"reason": ""})
    assert "Alva" not in no_reason.content.decode()
    shown = designer.post(url, {"reason": "Kontrollera samtycke med ungdomen"})
    assert "Jag heter Alva och mitt nummer är 070-123 45 67." in shown.content.decode()
    event = AuditEvent.objects.get(action="view", detail="unmask")
    assert event.purpose == "Kontrollera samtycke med ungdomen"
    assert event.object_id == str(fragment.pk)


def test_the_designer_sees_what_was_masked(personas: Personas, client_for) -> None:
    source = make_source(personas.own, "Ring Emma på 070-123 45 67.")
    page = client_for(personas.designer).get(
        reverse("insights:source", args=[personas.own.pk, source.pk])
    )
    content = page.content.decode()
    assert "Ring [namn] på [telefon]." in content and "Emma" not in content


def test_a_pattern_is_a_link_target_for_other_apps(personas: Personas) -> None:
    pattern = _pattern(personas)
    kind = links.kind("insights.pattern")
    assert kind is not None
    designer = actor_for_user(personas.designer)
    found = links.resolve(designer, personas.own.pk, [("insights.pattern", pattern.pk)])
    assert [t.title for t in found] == ["Väntan"]
    assert found[0].url.endswith(f"/insights/patterns/{pattern.pk}/")
    assert [t.id for t in kind.search(designer, personas.own.pk, "vänt")] == [pattern.pk]
    assert kind.search(actor_for_user(personas.worker), personas.own.pk, "vänt") == []


def test_the_pattern_description_is_written_by_a_designer(personas: Personas, client_for) -> None:
    pattern = _pattern(personas)
    url = reverse("insights:pattern", args=[personas.own.pk, pattern.pk])
    assert client_for(personas.manager).post(url, {"title": "X"}).status_code == 404
    client_for(personas.designer).post(url, {"title": "Lång väntan", "description": "Ny text"})
    pattern.refresh_from_db()
    assert (pattern.title, pattern.description) == ("Lång väntan", "Ny text")


def test_codebook_tags_are_hierarchical_and_applied_by_form_and_key(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.designer)
    url = reverse("insights:codebook", args=[personas.own.pk])
    client.post(url, {"name": "Kontakt", "description": "Kontakt med soc"})
    from medskapa.insights.models import Tag

    parent = Tag.objects.get()
    client.post(url, {"name": "Väntan", "parent": parent.pk, "shortcut": "v"})
    child = Tag.objects.get(name="Väntan")
    assert child.full_name == "Kontakt › Väntan"
    again = client.post(url, {"name": "väntan", "parent": parent.pk})
    assert again.status_code == 200 and Tag.objects.count() == 2
    fragment = make_source(personas.own, "Text om väntan.").fragments.get()
    tag_url = reverse("insights:fragment_tags", args=[personas.own.pk, fragment.pk])
    client.post(tag_url, {"tags": [str(parent.pk), str(child.pk)]})
    assert set(fragment.tags.all()) == {parent, child}
    client.post(tag_url, {"toggle": str(child.pk)})  # the keyboard key posts a toggle
    assert set(fragment.tags.all()) == {parent}
    other_tag = Tag.objects.create(organisation=personas.other, name="Främmande")
    client.post(tag_url, {"tags": [str(other_tag.pk)]})
    assert other_tag not in fragment.tags.all()


def test_deleting_a_source_deletes_its_fragments_and_masked_originals(
    personas: Personas, client_for
) -> None:
    from medskapa.insights.models import MaskedSpan

    source = make_source(personas.own, "Jag heter Alva.")
    client_for(personas.designer).post(
        reverse("insights:source_delete", args=[personas.own.pk, source.pk])
    )
    assert Fragment.objects.count() == 0 and MaskedSpan.objects.count() == 0


def test_unmask_service_refuses_a_short_reason(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    fragment = make_source(personas.own, "Jag heter Alva.").fragments.get()
    with pytest.raises(ValidationError):
        services.fragment_unmask(
            actor=actor_for_user(personas.designer), fragment=fragment, reason="ok"
        )
