"""Theme runs through the Tasks API, the affinity board, curation surviving a re-run, and
incremental assignment of new fragments without re-clustering."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from medskapa.access.actor import actor_for_user
from medskapa.insights import services
from medskapa.insights.models import Fragment, Pattern, SuggestedTheme, ThemeRun
from tests.personas import Personas

from .conftest import corpus, designer_of, finished_run, make_source, seed_corpus

pytestmark = pytest.mark.django_db


def _purity(column: SuggestedTheme, planted: dict[str, str]) -> tuple[str, float]:
    keys = [planted[str(pk)] for pk in column.fragments.values_list("pk", flat=True)]
    main, n = Counter(keys).most_common(1)[0]
    return main, n / len(keys)


def test_a_run_started_from_the_page_finishes_with_themes_and_outliers(
    personas: Personas, client_for, django_capture_on_commit_callbacks
) -> None:
    planted = seed_corpus(personas.own)
    client = client_for(personas.designer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:run_start", args=[personas.own.pk]))
    run = ThemeRun.objects.get()
    assert response["Location"].endswith(f"/runs/{run.pk}/")
    assert run.status == ThemeRun.Status.FINISHED and run.progress == 1.0 and run.state
    themes = list(run.themes.filter(is_outliers=False))
    assert 5 <= len(themes) <= 16  # eight planted themes (the engine's quality: its own tests)
    assert sum(_purity(t, planted)[1] for t in themes) / len(themes) > 0.7
    assert run.themes.filter(is_outliers=True).count() == 1
    placed = SuggestedTheme.fragments.through.objects.filter(suggestedtheme__run=run).count()
    assert placed == len(planted)  # every fragment is in exactly one column
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Flytta till" in page.content.decode()


def test_the_status_partial_polls_until_done(personas: Personas, client_for) -> None:
    seed_corpus(personas.own, 40)
    run = services.theme_run_start(
        actor=actor_for_user(personas.designer), organisation=personas.own, enqueue=False
    )
    client = client_for(personas.manager)
    url = reverse("insights:run_status", args=[personas.own.pk, run.pk])
    waiting = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    services.theme_run_execute(run.pk)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and "every 1s" not in done.content.decode()


def test_a_second_run_is_refused_while_one_is_under_way_and_few_fragments_too(
    personas: Personas,
) -> None:
    from django.core.exceptions import ValidationError

    make_source(personas.own)
    with pytest.raises(ValidationError):
        services.theme_run_start(
            actor=designer_of(personas.own), organisation=personas.own, enqueue=False
        )
    seed_corpus(personas.own, 40)
    services.theme_run_start(
        actor=designer_of(personas.own), organisation=personas.own, enqueue=False
    )
    with pytest.raises(ValidationError):
        services.theme_run_start(
            actor=designer_of(personas.own), organisation=personas.own, enqueue=False
        )


def test_a_failing_engine_marks_the_run_failed(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    import medskapa.engines.patterns as engine

    seed_corpus(personas.own, 40)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "discover", broken)
    run = services.theme_run_start(
        actor=designer_of(personas.own), organisation=personas.own, enqueue=False
    )
    services.theme_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == ThemeRun.Status.FAILED and "boom" in run.error


def _board_post(client, p: Personas, run: ThemeRun, **data: object):  # type: ignore[no-untyped-def]
    return client.post(reverse("insights:board", args=[p.own.pk, run.pk]), data)


def test_accept_rename_move_merge_split_and_discard_on_the_board(
    personas: Personas, client_for
) -> None:
    seed_corpus(personas.own)
    run = finished_run(personas.own)
    client = client_for(personas.designer)
    first, second, third, fourth = list(run.themes.filter(is_outliers=False))[:4]

    _board_post(client, personas, run, action="accept", theme=first.pk)
    pattern = Pattern.objects.get()
    assert set(pattern.fragments.all()) == set(first.fragments.all())

    _board_post(client, personas, run, action="rename", theme=first.pk, label="Väntan")
    pattern.refresh_from_db()
    assert pattern.title == "Väntan"

    card = second.fragments.first()
    assert card is not None
    _board_post(client, personas, run, action="move", fragment=card.pk, target=first.pk)
    card.refresh_from_db()
    assert card.pattern == pattern and first.fragments.filter(pk=card.pk).exists()
    assert not second.fragments.filter(pk=card.pk).exists()

    size = second.fragments.count() + third.fragments.count()
    _board_post(client, personas, run, action="merge", theme=third.pk, into=second.pk)
    assert not SuggestedTheme.objects.filter(pk=third.pk).exists()
    assert second.fragments.count() == size

    chosen = list(second.fragments.values_list("pk", flat=True)[:2])
    _board_post(
        client, personas, run, action="split", theme=second.pk, label="Delat", fragments=chosen
    )
    new = run.themes.get(label="Delat")
    assert set(new.fragments.values_list("pk", flat=True)) == set(chosen)

    members = set(fourth.fragments.values_list("pk", flat=True))
    _board_post(client, personas, run, action="discard", theme=fourth.pk)
    fourth.refresh_from_db()
    assert fourth.status == SuggestedTheme.Status.DISCARDED
    outliers = run.themes.get(is_outliers=True)
    assert members <= set(outliers.fragments.values_list("pk", flat=True))


def test_bad_board_input_is_a_message_not_a_500(personas: Personas, client_for) -> None:
    seed_corpus(personas.own, 40)
    run = finished_run(personas.own)
    client = client_for(personas.designer)
    for data in (
        {"action": "nonsense"},
        {"action": "accept", "theme": "not-a-uuid"},
        {"action": "merge", "theme": str(run.themes.first().pk)},  # type: ignore[union-attr]
        {"action": "split", "theme": str(run.themes.first().pk)},  # type: ignore[union-attr]
        {"action": "rename", "theme": str(run.themes.first().pk), "label": "  "},  # type: ignore[union-attr]
    ):
        assert _board_post(client, personas, run, **data).status_code == 302


def test_a_manager_sees_the_board_but_cannot_curate(personas: Personas, client_for) -> None:
    seed_corpus(personas.own, 40)
    run = finished_run(personas.own)
    client = client_for(personas.manager)
    page = client.get(reverse("insights:run", args=[personas.own.pk, run.pk]))
    assert page.status_code == 200 and "Flytta till" not in page.content.decode()
    theme = run.themes.filter(is_outliers=False).first()
    assert theme is not None
    response = _board_post(client, personas, run, action="accept", theme=theme.pk)
    assert response.status_code == 404 and Pattern.objects.count() == 0


def test_curated_patterns_survive_a_re_run(personas: Personas) -> None:
    seed_corpus(personas.own)
    designer = actor_for_user(personas.designer)
    run = finished_run(personas.own)
    columns = list(run.themes.filter(is_outliers=False))
    pattern = services.theme_accept(actor=designer, theme=columns[0])
    services.theme_rename(actor=designer, theme=columns[0], label="Vårt eget namn")
    # The designer moves a quote the engine put elsewhere into the pattern: curation.
    moved = columns[1].fragments.first()
    assert moved is not None
    services.fragment_move(actor=designer, fragment=moved, target=columns[0])
    members = set(pattern.fragments.values_list("pk", flat=True))
    assert moved.pk in members

    second = finished_run(personas.own)
    kept = second.themes.get(pattern=pattern)
    assert kept.label == "Vårt eget namn" and kept.status == SuggestedTheme.Status.ACCEPTED
    assert members <= set(kept.fragments.values_list("pk", flat=True))
    assert members <= set(pattern.fragments.values_list("pk", flat=True))
    pattern.refresh_from_db()
    assert pattern.title == "Vårt eget namn"


def test_new_fragments_are_assigned_to_patterns_without_re_clustering(
    personas: Personas,
) -> None:
    planted = seed_corpus(personas.own)
    designer = actor_for_user(personas.designer)
    run = finished_run(personas.own)
    accepted = {}
    for column in run.themes.filter(is_outliers=False):
        key, purity = _purity(column, planted)
        if purity > 0.9 and key not in accepted:
            accepted[key] = services.theme_accept(actor=designer, theme=column)
    texts, keys = corpus(30, seed=99)
    source = make_source(personas.own, "\n\n".join(texts))
    assert ThemeRun.objects.count() == 1  # no new run
    hits = 0
    for fragment, key in zip(source.fragments.order_by("position"), keys, strict=True):
        if fragment.pattern is not None:
            assert fragment.pattern == accepted.get(key), fragment.text
            hits += 1
    assert hits >= 10  # some planted themes come as two columns; only one was accepted
    # They are on the board as well, in the pattern's column or among the outliers.
    on_board = SuggestedTheme.fragments.through.objects.filter(
        suggestedtheme__run=run, fragment__source=source
    ).count()
    assert on_board == len(texts)


def test_a_highlighted_fragment_is_assigned_too(personas: Personas) -> None:
    planted = seed_corpus(personas.own)
    run = finished_run(personas.own)
    column = next(
        c for c in run.themes.filter(is_outliers=False) if _purity(c, planted)[0] == "school"
    )
    pattern = services.theme_accept(actor=actor_for_user(personas.designer), theme=column)
    source = make_source(
        personas.own,
        "Skolan stressar mig mest just nu och jag sover dåligt innan proven.",
        split_mode="none",
    )
    fragment = services.fragment_from_selection(
        actor=actor_for_user(personas.designer),
        source=source,
        start=0,
        end=len(source.text),
        speaker_role="young_person",
    )
    fragment.refresh_from_db()
    assert fragment.pattern == pattern
    assert Fragment.objects.filter(pattern=pattern).count() > column.fragments.count() - 1
