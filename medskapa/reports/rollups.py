"""Rebuilding the well-being rollups from ``checkins.AreaScore``.

Incremental and idempotent: per organisation we keep the highest ``AreaScore.id`` folded in
(``RollupState``). A refresh finds the months that rows above that mark fall in (by their
``submitted_at``, so a check-in sent late from a phone that was offline still lands in its own
month), deletes those months' rollup rows and rebuilds them from the raw rows in one
``INSERT … SELECT``. Ids are handed out before commit, so a transaction can commit a row below
the mark after a refresh: we also keep how many rows lay in the last ``LOOKBACK`` ids below the
mark, and when that number has grown, rebuild those rows' months too. With nothing new a
refresh costs two index look-ups. Rebuilding a whole month from the raw rows gives the same
result however often it runs. ``full=True`` rebuilds every month (use it after scores have
been deleted, e.g. by gallring).

Counting: a young person counts at most once per month and area (their latest answer that
month); a campaign answer counts once. Within one month the counts are therefore people, and
adding them over units or age bands stays exact.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import connection, transaction
from django.db.models import DateField, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from medskapa.checkins.models import AreaScore
from medskapa.organisations.models import Organisation

from .models import RollupState, ScoreRollup

# How far below the mark a late commit is looked for (ids handed out but not yet committed).
LOOKBACK = 10_000
COLUMNS = "organisation_id, month, unit_path, age_band, area, campaign_id, score, n"


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _months_of(rows: QuerySet[AreaScore]) -> set[date]:
    return set(
        rows.annotate(month=TruncMonth("submitted_at", output_field=DateField()))
        .values_list("month", flat=True)
        .distinct()
    )


def _tail(organisation: Organisation, top: int) -> QuerySet[AreaScore]:
    return AreaScore.objects.filter(organisation=organisation, id__gt=top - LOOKBACK, id__lte=top)


def _insert_sql(organisation: Organisation, months: list[date] | None) -> tuple[str, list[Any]]:
    """The ``INSERT … SELECT`` that rebuilds ``months`` (or all) for the organisation."""
    base = AreaScore.objects.filter(organisation=organisation)
    if months is not None:
        # Time ranges, not TruncMonth(...) IN (...), so the (organisation, submitted_at) index
        # is used and only those months are read.
        zone = timezone.get_current_timezone()
        ranges = Q(pk__in=[])
        for month in months:
            ranges |= Q(
                submitted_at__gte=datetime.combine(month, time.min, tzinfo=zone),
                submitted_at__lt=datetime.combine(_next_month(month), time.min, tzinfo=zone),
            )
        base = base.filter(ranges)
    rows = (
        base.annotate(month=TruncMonth("submitted_at", output_field=DateField()))
        .annotate(
            campaign=F("campaign_response__campaign_id"),
            person=Coalesce("young_person_id", "campaign_response_id"),
            org=F("organisation_id"),
            path=F("unit_path"),
            band=F("age_band"),
            key=F("area"),
            value=F("score"),
            at=F("submitted_at"),
            row=F("id"),
        )
        .values("org", "month", "path", "band", "key", "campaign", "value", "person", "at", "row")
    )
    inner, params = rows.query.sql_with_params()
    table = ScoreRollup._meta.db_table
    # Only our own table name and the ORM-compiled inner query go in; values are parameters.
    sql = (
        f"INSERT INTO {table} ({COLUMNS}) "  # noqa: S608  # nosec B608 (see above)
        "SELECT r.org, r.month, r.path, r.band, r.key, r.campaign, r.value, COUNT(*) "
        "FROM (SELECT b.*, ROW_NUMBER() OVER ("
        "PARTITION BY b.person, b.key, b.month ORDER BY b.at DESC, b.row DESC) AS rn "
        f"FROM ({inner}) b) r "
        "WHERE r.rn = 1 "
        "GROUP BY r.org, r.month, r.path, r.band, r.key, r.campaign, r.value"
    )
    return sql, list(params)


@transaction.atomic
def refresh_organisation(organisation: Organisation, *, full: bool = False) -> int:
    """Bring one organisation's rollups up to date; returns the number of months rebuilt."""
    state, _created = RollupState.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    top = AreaScore.objects.filter(organisation=organisation).aggregate(top=Max("id"))["top"] or 0
    if full:
        ScoreRollup.objects.filter(organisation=organisation).delete()
        months: list[date] | None = None
        count = -1
    else:
        found = _months_of(
            AreaScore.objects.filter(organisation=organisation, id__gt=state.last_score_id)
        )
        tail = _tail(organisation, state.last_score_id)
        if tail.count() != state.tail_count:  # a late commit below the mark
            found |= _months_of(tail)
        months = sorted(m for m in found if m is not None)
        count = len(months)
        if not months:
            state.refreshed_at = timezone.now()
            state.save(update_fields=["refreshed_at"])
            return 0
        ScoreRollup.objects.filter(organisation=organisation, month__in=months).delete()
    sql, params = _insert_sql(organisation, months)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    state.last_score_id = top
    state.tail_count = _tail(organisation, top).count()
    state.refreshed_at = timezone.now()
    state.save()
    if count < 0:
        count = (
            ScoreRollup.objects.filter(organisation=organisation).values("month").distinct().count()
        )
    return count


def refresh_all(*, full: bool = False) -> dict[str, int]:
    """Refresh every organisation that has scores; {organisation slug: months rebuilt}."""
    done: dict[str, int] = {}
    with_scores = AreaScore.objects.values("organisation_id").distinct()
    for organisation in Organisation.objects.filter(pk__in=with_scores):
        done[organisation.slug] = refresh_organisation(organisation, full=full)
    return done
