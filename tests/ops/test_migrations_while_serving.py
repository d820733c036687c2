"""Migrations run while the previous release still serves (docs/deploy.md, "Upgrades"). On the
big tables, an operation that rewrites the table, scans it under a lock or builds an index
without CONCURRENTLY stops every check-in for as long as it runs; renaming or removing a column
breaks the hosts still running the old code. This walk fails on any such new migration.

What it flags on a table that existed before the migration (one created in the same migration
is empty, so anything goes there), following PostgreSQL 14+:

- ``AddIndex`` (use ``AddIndexConcurrently`` in a non-atomic migration), ``AddConstraint``
  (a unique constraint builds an index; a check constraint scans the table);
- ``AddField`` with an index, a unique constraint or a foreign key (index build and constraint
  validation under lock). A NOT NULL column with a constant default is *not* flagged: since
  PostgreSQL 11 that is a change of the catalogue only, and Django passes the default as a
  constant;
- ``AlterField`` that changes the column type, shortens a text column, makes a column NOT NULL
  (a full scan under an exclusive lock), or adds an index, a unique constraint or a foreign key;
- ``RunSQL`` that names a big table without ``CONCURRENTLY``, and ``RunPython`` in an app that
  owns a big table (it may touch every row in one transaction), unless ``elidable``;
- on any table: ``RemoveField``, ``RenameField``, ``RenameModel``, ``DeleteModel`` and
  ``AlterModelTable`` (expand first, contract in a later release).

Migrations that ran before any installation had data in volume are allowed below, each with why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

# (app label, model name): the tables that grow with every young person's answer.
BIG_TABLES = {
    ("checkins", "checkin"): "every check-in",
    ("checkins", "areascore"): "eight rows per check-in",
    ("checkins", "flag"): "flags from check-ins",
    ("audit", "auditevent"): "every read and write of personal data",
    ("insights", "fragment"): "every shared fragment",
}

ALLOWED = {
    ("audit", "0002_append_only_trigger"): "creates a function and two triggers; reads no rows",
    ("audit", "0004_refuse_truncate"): "creates a function and a statement trigger; reads no rows",
    ("insights", "0002_encrypt_masked_originals"): (
        "encrypts the masked originals stored before encryption at rest, in batches, before any "
        "installation held them in volume; today: a batched command, as rotate_field_keys is"
    ),
    ("checkins", "0007_campaign_results_fill"): (
        "fills each campaign's first results snapshot from its answers (campaigns, not the "
        "check-in table), before any installation; today: a batched command"
    ),
    ("checkins", "0010_contact_details_encrypt_rows"): (
        "encrypts the contact details stored before encryption at rest (contact requests and "
        "reminder plans, not check-ins), before any installation; today: a batched command"
    ),
    ("checkins", "0003_areascore_org_time"): (
        "index built before any installation had check-ins in volume; today: AddIndexConcurrently"
    ),
    ("checkins", "0004_checkin_processed_at"): (
        "back-fills processed_at in one UPDATE and builds the partial index, before production; "
        "today: a batched command and AddIndexConcurrently"
    ),
}


@dataclass(frozen=True)
class Finding:
    migration: tuple[str, str]
    operation: str
    why: str

    def __str__(self) -> str:
        return f"{self.migration[0]}.{self.migration[1]}: {self.operation}: {self.why}"


def _big_table_names(state: ProjectState) -> set[str]:
    names = set()
    for key in BIG_TABLES:
        if key in state.models:
            model = state.models[key]
            names.add(model.options.get("db_table") or f"{key[0]}_{key[1]}")
    return names


def _added_index(old: models.Field | None, new: models.Field) -> str:
    if new.is_relation and new.db_constraint and not (old is not None and old.is_relation):  # type: ignore[attr-defined]
        return "adds a foreign key (validated under lock, with its index)"
    if new.unique and not (old is not None and old.unique):
        return "adds a unique constraint (an index built under lock)"
    if new.db_index and not (old is not None and old.db_index):
        return "adds an index without CONCURRENTLY"
    return ""


def _check(
    app: str, op: Operation, state: ProjectState, created: set[tuple[str, str]]
) -> Iterator[str]:
    """Why ``op`` must not run on a serving installation, if it must not."""
    if isinstance(op, migrations.SeparateDatabaseAndState):
        for inner in op.database_operations:
            yield from _check(app, inner, state, created)
        return
    if isinstance(op, (migrations.RemoveField, migrations.RenameField)):
        yield "the previous release still reads this column: expand now, contract later"
    elif isinstance(op, (migrations.RenameModel, migrations.DeleteModel)):
        if (app, op.name_lower) not in created:
            yield "the previous release still uses this table: expand now, contract later"
    elif isinstance(op, migrations.AlterModelTable):
        yield "renames a table the previous release still uses"
    model = getattr(op, "model_name_lower", None)
    key = (app, model) if model else None
    big = key in BIG_TABLES and key not in created
    if isinstance(op, migrations.RunSQL):
        sql = " ".join(s if isinstance(s, str) else str(s[0]) for s in (
            op.sql if isinstance(op.sql, (list, tuple)) else [op.sql]
        )).lower()  # fmt: skip
        if any(name in sql for name in _big_table_names(state)) and "concurrently" not in sql:
            yield "raw SQL on a big table, in the migration's transaction"
    elif isinstance(op, migrations.RunPython):
        owns_big = any(label == app for label, _ in BIG_TABLES)
        if owns_big and not op.elidable:
            yield "RunPython in an app with a big table: batch it outside the migration"
    if not big:
        return
    if isinstance(op, AddIndexConcurrently):
        return
    if isinstance(op, migrations.AddIndex):
        yield "builds an index without CONCURRENTLY (writes wait until it is done)"
    elif isinstance(op, migrations.AddConstraint):
        yield "adds a constraint: builds an index or scans the table under lock"
    elif isinstance(op, migrations.AddField):
        why = _added_index(None, op.field)
        if why:
            yield why
    elif isinstance(op, migrations.AlterField):
        old = state.models[key].fields[op.name]  # type: ignore[index]
        new = op.field
        if old.get_internal_type() != new.get_internal_type():
            yield (
                f"changes the column type ({old.get_internal_type()} to "
                f"{new.get_internal_type()}): a rewrite"
            )
        elif (new.max_length or 0) < (old.max_length or 0):
            yield "shortens a text column: a scan under lock"
        if old.null and not new.null:
            yield "makes a column NOT NULL: a full scan under an exclusive lock"
        why = _added_index(old, new)
        if why:
            yield why


def findings() -> list[Finding]:
    """Every flagged operation of the project's migrations, in the order they apply."""
    loader = MigrationLoader(None, ignore_no_migrations=True)  # from disk; no database
    plan: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        plan += [node for node in loader.graph.forwards_plan(leaf) if node not in plan]
    state = ProjectState(real_apps=loader.unmigrated_apps)
    found = []
    for node in plan:
        migration = loader.graph.nodes[node]
        app = migration.app_label
        created: set[tuple[str, str]] = set()
        for op in migration.operations:
            if isinstance(op, migrations.CreateModel):
                created.add((app, op.name_lower))
            if migration.__module__.startswith("medskapa."):
                found += [
                    Finding((app, migration.name), op.describe(), why)
                    for why in _check(app, op, state, created)
                ]
            op.state_forwards(app, state)
    return found


def _lint(*operations: Operation, app: str = "checkins") -> list[str]:
    """Findings for one made-up migration applied on top of the project's current state."""
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    created: set[tuple[str, str]] = set()
    return [why for op in operations for why in _check(app, op, state, created)]


def test_no_migration_takes_a_long_lock_or_breaks_the_previous_release() -> None:
    flagged = [f for f in findings() if f.migration not in ALLOWED]
    assert not flagged, "Migrations unsafe while serving:\n" + "\n".join(map(str, flagged))


def test_every_allowed_migration_still_needs_its_place_on_the_list() -> None:
    needed = {f.migration for f in findings()}
    assert set(ALLOWED) <= needed, f"stale entries: {set(ALLOWED) - needed}"


def test_the_big_tables_named_here_exist() -> None:
    from django.apps import apps

    for app, model in BIG_TABLES:
        assert apps.get_model(app, model)


def test_an_index_on_check_ins_must_be_built_concurrently() -> None:
    index = models.Index(fields=["language"], name="checkin_language")
    assert _lint(migrations.AddIndex("checkin", index)) == [
        "builds an index without CONCURRENTLY (writes wait until it is done)"
    ]
    assert _lint(AddIndexConcurrently("checkin", index)) == []


def test_a_type_change_or_not_null_on_a_big_table_is_refused() -> None:
    assert _lint(migrations.AlterField("checkin", "language", models.TextField())) == [
        "changes the column type (CharField to TextField): a rewrite"
    ]
    assert _lint(
        migrations.AlterField("checkin", "processed_at", models.DateTimeField(null=False))
    ) == ["makes a column NOT NULL: a full scan under an exclusive lock"]
    # Widening a varchar only changes the catalogue.
    assert (
        _lint(migrations.AlterField("checkin", "language", models.CharField(max_length=20))) == []
    )


def test_new_columns_are_fine_unless_they_bring_an_index_or_a_foreign_key() -> None:
    assert _lint(migrations.AddField("flag", "note", models.TextField(default=""))) == []
    assert _lint(
        migrations.AddField("flag", "code", models.CharField(max_length=5, db_index=True))
    ) == ["adds an index without CONCURRENTLY"]
    assert _lint(
        migrations.AddField(
            "areascore",
            "unit",
            models.ForeignKey("organisations.unit", null=True, on_delete=models.SET_NULL),
        )
    ) == ["adds a foreign key (validated under lock, with its index)"]


def test_data_migrations_on_big_tables_are_refused_unless_batched_elsewhere() -> None:
    update = migrations.RunSQL("UPDATE checkins_checkin SET language = 'sv'")
    assert _lint(update) == ["raw SQL on a big table, in the migration's transaction"]
    noop = migrations.RunPython.noop
    assert _lint(migrations.RunPython(noop)) == [
        "RunPython in an app with a big table: batch it outside the migration"
    ]
    assert _lint(migrations.RunPython(noop), app="klarsprak") == []


def test_renaming_or_removing_a_column_breaks_the_previous_release_on_any_table() -> None:
    assert _lint(migrations.RemoveField("graphversion", "note")) == [
        "the previous release still reads this column: expand now, contract later"
    ]
    assert _lint(migrations.RenameField("graphversion", "number", "version")) == [
        "the previous release still reads this column: expand now, contract later"
    ]


def test_anything_goes_on_a_table_made_in_the_same_migration() -> None:
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    created = {("checkins", "checkin")}
    index = models.Index(fields=["language"], name="checkin_language")
    assert list(_check("checkins", migrations.AddIndex("checkin", index), state, created)) == []
