"""The audit log: append-only, hash-chained per organisation, naming people by pseudonym.

Every read and write of identified personal data, every failed log-in and every refused
permission check leaves a row. Rows are never updated or deleted by the application: the model
refuses it, on PostgreSQL triggers refuse it too, and ``manage.py secure_audit_log`` takes the
tables away from the application's database role. Each row carries a keyed hash (HMAC) of the
row before it in the same organisation's chain, and ``manage.py audit_checkpoint`` publishes
each chain's head outside the database, so ``manage.py verify_audit`` finds a changed, removed
or re-chained row and a shortened chain.

People are named in the rows by a random pseudonym (``AuditPseudonym``), never by their id, so
that forgetting a person (erasure, gallring) deletes one mapping row and leaves every chained row
untouched: the chain still verifies and no row names them. ``AuditEvent.objects`` reads and
filters in person ids and maps through the table; ``AuditEvent.stored`` gives the rows exactly as
they are chained (for the hash check). Rows written before pseudonyms (hash version 1) hold the
raw ids. Organisations and users are referenced by id, not by foreign key, so the log outlives
them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
)
from django.utils.translation import gettext_lazy as _

# Columns that name a person (by pseudonym in rows of hash version 2 and later).
PERSON_FIELDS = ("actor_id", "subject_id")
# An object id names a person when the object is a person's account.
PERSON_OBJECT_TYPES = ("accounts.user",)
_CHUNK = 1000


class AppendOnlyError(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")


def _as_uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def stored_refs(person_ids: Iterable[Any]) -> list[Any]:
    """What the rows hold for these people: their pseudonyms, and their raw ids (rows of hash
    version 1, and ids that are not people's, such as API tokens')."""
    values = list(person_ids)
    ids = [i for i in (_as_uuid(v) for v in values) if i is not None]
    pseudonyms = AuditPseudonym.objects.filter(person_id__in=ids).values_list(
        "pseudonym", flat=True
    )
    return values + list(pseudonyms)


def people_of(stored: Iterable[Any]) -> dict[uuid.UUID, uuid.UUID]:
    """Pseudonym -> person id for the stored values that are pseudonyms still mapped."""
    wanted = {i for i in (_as_uuid(v) for v in stored if v) if i is not None}
    if not wanted:
        return {}
    pairs = AuditPseudonym.objects.filter(pseudonym__in=wanted).values_list(
        "pseudonym", "person_id"
    )
    return dict(pairs)


def _stored_lookups(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Filters on a person column, given in person ids, as filters on what the rows hold."""
    out: dict[str, Any] = {}
    for key, value in kwargs.items():
        name, _sep, lookup = key.partition("__")
        if name not in PERSON_FIELDS or value is None or lookup not in ("", "exact", "in"):
            out[key] = value
            continue
        values = list(value) if lookup == "in" else [value]
        out[f"{name}__in"] = stored_refs(values)
    return out


def _name_people(events: Sequence[AuditEvent]) -> None:
    """Replace the pseudonyms in loaded rows by the person ids they stand for (one query)."""
    stored: list[Any] = [getattr(e, f, None) for e in events for f in PERSON_FIELDS]
    stored += [e.object_id for e in events if e.object_type in PERSON_OBJECT_TYPES]
    people = people_of(stored)
    if not people:
        return
    for event in events:
        for name in PERSON_FIELDS:
            value = event.__dict__.get(name)
            if value in people:
                setattr(event, name, people[value])
        if event.object_type in PERSON_OBJECT_TYPES:
            pseudonym = _as_uuid(event.__dict__.get("object_id", ""))
            if pseudonym in people:
                event.object_id = str(people[pseudonym])


class _PeopleIterable(ModelIterable):
    def __iter__(self) -> Iterator[Any]:
        rows = super().__iter__()
        while chunk := list(islice(rows, _CHUNK)):
            _name_people(chunk)
            yield from chunk


def _values_iterable(base: type, names: list[str]) -> type:
    """An iterable for ``values()``/``values_list()`` that maps the person columns."""
    wanted = [n for n in names if n in PERSON_FIELDS]

    class Mapped(base):
        def __iter__(self) -> Iterator[Any]:
            rows = super().__iter__()
            while chunk := list(islice(rows, _CHUNK)):
                if base is FlatValuesListIterable:
                    people = people_of(chunk)
                    yield from (people.get(v, v) for v in chunk)
                elif base is ValuesIterable:
                    people = people_of(r[n] for r in chunk for n in wanted)
                    for row in chunk:
                        yield {k: people.get(v, v) if k in wanted else v for k, v in row.items()}
                else:
                    spots = [i for i, n in enumerate(names) if n in wanted]
                    people = people_of(r[i] for r in chunk for i in spots)
                    for row in chunk:
                        yield tuple(
                            people.get(v, v) if i in spots else v for i, v in enumerate(row)
                        )

    return Mapped


class AuditQuerySet(AppendOnlyQuerySet):
    """Rows as people read them: person ids in filters and in the rows, pseudonyms in the table.

    Filters on ``actor_id``/``subject_id`` (exact and ``__in``, as keyword arguments) match the
    person's pseudonym and, for rows written before pseudonyms, their raw id. Loaded rows and
    ``values()``/``values_list()`` give person ids back; a forgotten person's pseudonym stays a
    pseudonym and names nobody.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._iterable_class = _PeopleIterable

    def _filter_or_exclude(self, negate: bool, args: Any, kwargs: Any) -> AuditQuerySet:
        return super()._filter_or_exclude(negate, args, _stored_lookups(kwargs))  # type: ignore[misc]

    def _mapped(self, clone: Any, fields: tuple[str, ...]) -> Any:
        names = list(fields) or [f.attname for f in self.model._meta.concrete_fields]
        plain = (ValuesIterable, ValuesListIterable, FlatValuesListIterable)
        if clone._iterable_class in plain and any(n in PERSON_FIELDS for n in names):
            clone._iterable_class = _values_iterable(clone._iterable_class, names)
        return clone

    def values(self, *fields: Any, **expressions: Any) -> Any:
        return self._mapped(super().values(*fields, **expressions), fields)

    def values_list(self, *fields: Any, flat: bool = False, named: bool = False) -> Any:
        return self._mapped(super().values_list(*fields, flat=flat, named=named), fields)


class AuditReviewQuerySet(models.QuerySet["AuditReview"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Recorded reviews are append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Recorded reviews are append-only.")


class AuditPseudonym(models.Model):
    """The one link from a person to the pseudonym the audit rows name them by.

    Forgetting the person deletes this row (the only deletion in the audit app): the chained
    rows stay as they are and name nobody. The pseudonym is random, not derived from the id, so
    nothing can recompute it. Never updated: re-pointing a pseudonym would hand one person's
    history to another (the database role may insert and delete here, not update).
    """

    person_id = models.UUIDField(primary_key=True)
    pseudonym = models.UUIDField(unique=True, default=uuid.uuid4)

    def __str__(self) -> str:
        return str(self.pseudonym)


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        EXPORT = "export", _("Exported")
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        LOGIN_FAILED = "login_failed", _("Failed log-in")
        DENIED = "denied", _("Refused")

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    organisation_id = models.UUIDField(null=True, blank=True)
    actor_id = models.UUIDField(null=True, blank=True, db_index=True)
    actor_kind = models.CharField(max_length=10, default="user")  # user | token | anonymous
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The young person (or other person) the data is about, for "who looked at this child?".
    subject_id = models.UUIDField(null=True, blank=True, db_index=True)
    purpose = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # 1: plain SHA-256 over raw ids (rows written before keys); 2 and later: HMAC-SHA256 with the
    # key of that generation (``AUDIT_CHAIN_KEY_VERSION``) over pseudonyms. Rows keep the version
    # they were written with, so old rows verify as they are and are never rewritten.
    hash_version = models.PositiveSmallIntegerField(default=1)

    objects = AuditQuerySet.as_manager()
    # The rows exactly as chained (pseudonyms, not person ids): for the hash check only.
    stored = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["organisation_id", "id"], name="audit_org_chain")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")


class AuditReview(models.Model):
    """A recorded follow-up of the access log: who reviewed which period, and what they found.

    Like the log itself, a recorded review is never changed or removed (model guard here, the
    same trigger on PostgreSQL); a correction is a new review.
    """

    class Kind(models.TextChoices):
        SAMPLE = "sample", _("Regular sample")
        SUSPICION = "suspicion", _("On suspicion")

    id = models.BigAutoField(primary_key=True)
    organisation_id = models.UUIDField(db_index=True)
    reviewer_id = models.UUIDField()
    reviewer_name = models.CharField(max_length=150)
    kind = models.CharField(_("kind of review"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    filters = models.CharField(max_length=500, blank=True)
    findings = models.TextField(_("findings"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start}..{self.period_end}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("Recorded reviews are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Recorded reviews are append-only.")

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError(
                {"period_end": _("The end of the period must be on or after its start.")}
            )
