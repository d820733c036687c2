"""Insights on the permission layer: services ask it themselves, writes on detail pages are
checked under their own action (audited), the organisation in the URL is the layer's to
compare, and a theme run is started by a designer and run by the system in their name."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from medskapa.access.actions import Denied, declaration_of
from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.insights import services, tasks
from medskapa.insights.models import Fragment, Pattern, SuggestedTheme, ThemeRun
from medskapa.organisations.models import Membership
from medskapa.organisations.roles import Role
from tests.personas import Personas

from .conftest import designer_of, finished_run, make_source, seed_corpus

pytestmark = pytest.mark.django_db


def _denials(action: str) -> int:
    return AuditEvent.objects.filter(action="denied", detail=action).count()


def test_a_manager_cannot_curate_the_board_by_calling_a_service(personas: Personas) -> None:
    run = ThemeRun.objects.create(organisation=personas.own)
    theme = SuggestedTheme.objects.create(run=run, label="Väntan")
    with pytest.raises(Denied):
        services.theme_accept(actor=actor_for_user(personas.manager), theme=theme)
    with pytest.raises(Denied):
        services.theme_rename(actor=actor_for_user(personas.manager), theme=theme, label="Vår")
    theme.refresh_from_db()
    assert theme.pattern is None and theme.label == "Väntan"
    assert not Pattern.objects.exists()


def test_a_designer_cannot_move_a_quote_into_another_organisations_board(
    personas: Personas,
) -> None:
    """The designer of both organisations still asks the layer for the target column too."""
    Membership.objects.create(
        user=personas.designer, organisation=personas.other, role=Role.MANAGER
    )
    fragment = make_source(personas.own, "Jag fick vänta länge.").fragments.get()
    other_theme = SuggestedTheme.objects.create(
        run=ThemeRun.objects.create(organisation=personas.other), label="Annan"
    )
    with pytest.raises(Denied):
        services.fragment_move(
            actor=actor_for_user(personas.designer), fragment=fragment, target=other_theme
        )
    assert not other_theme.fragments.exists()


def test_a_manager_posting_a_highlight_gets_404_and_the_refusal_is_audited(
    personas: Personas, client_for
) -> None:
    source = make_source(personas.own, "Jag fick vänta länge på svar.", split_mode="none")
    before = _denials("insight_source.manage")
    response = client_for(personas.manager).post(
        reverse("insights:source", args=[personas.own.pk, source.pk]),
        {"start": 0, "end": 10, "speaker_role": "young_person"},
    )
    assert response.status_code == 404
    assert Fragment.objects.filter(source=source).count() == 1
    assert _denials("insight_source.manage") == before + 1


def test_a_manager_posting_a_pattern_description_gets_404_and_it_is_audited(
    personas: Personas, client_for
) -> None:
    pattern = Pattern.objects.create(organisation=personas.own, title="Väntan")
    before = _denials("insight_pattern.manage")
    response = client_for(personas.manager).post(
        reverse("insights:pattern", args=[personas.own.pk, pattern.pk]),
        {"title": "Annat", "description": ""},
    )
    assert response.status_code == 404
    pattern.refresh_from_db()
    assert pattern.title == "Väntan"
    assert _denials("insight_pattern.manage") == before + 1


def test_a_source_reached_through_another_organisations_url_is_404(
    personas: Personas, client_for
) -> None:
    """The layer compares the URL's organisation with the object's (no ``_same_org`` left)."""
    Membership.objects.create(
        user=personas.designer, organisation=personas.other, role=Role.DESIGNER
    )
    source = make_source(personas.own)
    client = client_for(personas.designer)
    assert (
        client.get(reverse("insights:source", args=[personas.own.pk, source.pk])).status_code == 200
    )
    wrong = reverse("insights:source", args=[personas.other.pk, source.pk])
    assert client.get(wrong).status_code == 404


def test_a_pending_upload_of_another_organisation_is_not_deleted(personas: Personas) -> None:
    theirs = default_storage.save(
        f"{services.UPLOADS_DIR}/{personas.other.pk}/t.csv", ContentFile(b"namn\nAlva")
    )
    services.pending_upload_delete(
        actor=designer_of(personas.own), organisation=personas.own, name=theirs
    )
    assert default_storage.exists(theirs)
    with pytest.raises(Denied):
        services.pending_upload_delete(
            actor=designer_of(personas.own), organisation=personas.other, name=theirs
        )
    assert default_storage.exists(theirs)


def test_a_theme_run_is_started_by_a_designer_and_run_by_the_system_in_their_name(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    seed_corpus(personas.own, 40)
    with pytest.raises(Denied):
        services.theme_run_start(actor=actor_for_user(personas.manager), organisation=personas.own)
    designer = actor_for_user(personas.designer)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.theme_run_start(actor=designer, organisation=personas.own)
    run.refresh_from_db()
    assert run.status == ThemeRun.Status.FINISHED and run.created_by == personas.designer
    executed = AuditEvent.objects.get(object_id=str(run.pk), detail__startswith="run by")
    assert executed.actor_id is None and str(personas.designer.pk) in executed.detail
    declared = declaration_of(tasks.services.theme_run_execute)
    assert declared is not None and declared.kind == "system"


def test_unmasking_keeps_one_audited_row_with_the_written_reason(personas: Personas) -> None:
    fragment = make_source(personas.own, "Jag heter Alva.").fragments.get()
    shown = services.fragment_unmask(
        actor=actor_for_user(personas.designer),
        fragment=fragment,
        reason="Behöver kontakta personen om samtycke",
    )
    assert "Alva" in shown
    row = AuditEvent.objects.get(action="view", object_id=str(fragment.pk))
    assert row.purpose == "Behöver kontakta personen om samtycke" and row.detail == "unmask"
    with pytest.raises(Denied):
        services.fragment_unmask(
            actor=actor_for_user(personas.manager), fragment=fragment, reason="Vill bara se"
        )


def test_the_board_is_curated_by_the_designer_through_the_declared_services(
    personas: Personas,
) -> None:
    seed_corpus(personas.own)
    run = finished_run(personas.own)
    column = run.themes.filter(is_outliers=False).first()
    assert column is not None
    pattern = services.theme_accept(actor=designer_of(personas.own), theme=column)
    assert pattern.organisation == personas.own
