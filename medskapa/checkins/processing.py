"""What follows from a stored check-in, derived in batches: area scores, flags, the case
worker's notification, a stale draft removed and the audit row.

The request that receives a check-in only commits the young person's answer (one row, no
lock shared with anyone) and calls ``schedule``. Everything else happens here, one batch per
organisation at a time: a batch of hundreds of check-ins costs a handful of queries and one
turn of the organisation's audit-chain lock, where doing it per request made every young
person of an organisation queue behind that lock. A check-in row is its own outbox: until
``processed_at`` is set it is picked up again, so a worker that dies loses nothing, and
``manage.py process_checkins`` (a timer) sweeps whatever a lost job left behind.

With the immediate tasks backend (development, tests, a small installation) ``schedule``
processes at once, in the request; with a worker backend the scores and routine flags reach
the case worker a moment later. An alarm never waits for a worker or a timer: its flag and the
case worker's note are derived in the young person's own request (``alarm_derive``), and the
batch leaves them alone. The young person's page never waits either: the help numbers for an
alarm answer come from the answer itself.

A job's marker in the shared cache is a heartbeat, not a reservation: it lives a few seconds
and the running job renews it, so a worker that dies blocks nobody for longer than that. A
database-backend task row left ``RUNNING`` by a dead worker (its own heartbeat gone) is marked
failed and its work queued again by the next submission or the timer.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Min, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks.backends.immediate import ImmediateBackend

from medskapa.access.actor import Actor, Grant
from medskapa.audit.services import Action, append, event_fields
from medskapa.organisations.roles import Role
from medskapa.web.models import Notification
from medskapa.web.services import notify_many

from . import graph as graph_engine
from .models import AreaScore, CheckIn, CheckInDraft, Flag, FlagRules, GraphVersion
from .selectors import case_worker_ids

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A queued job processes everything pending when it starts, so one per organisation is
# enough. The marker lives in the shared cache for a few seconds and the running job renews
# it between batches: a job lost with its worker delays new jobs by at most this long. A job
# still waiting in a busy queue may see a second one queued after it; both are harmless (rows
# are claimed with skip-locked), a blocked queue is not.
MARKER_SECONDS = 8
# A running job's own heartbeat (per task id): a RUNNING task row without one is dead.
ALIVE_SECONDS = 8
# Under a steady stream one job keeps going, gathering what came in for a moment when there
# was little, and hands over to a new job after a while.
JOB_SECONDS = 60
SMALL_BATCH = 200
GATHER_SECONDS = 0.5


def _queued_key(organisation_id: UUID) -> str:
    return f"medskapa:checkins:processing-queued:{organisation_id}"


def _alive_key(task_id: str) -> str:
    return f"medskapa:checkins:processing-alive:{task_id}"


def _heartbeat(organisation_id: UUID, task_id: str | None) -> None:
    """The running job says it is alive: its organisation's marker and its own task's."""
    try:
        cache.set(_queued_key(organisation_id), 1, MARKER_SECONDS)
        if task_id:
            cache.set(_alive_key(task_id), 1, ALIVE_SECONDS)
    except Exception:  # a cache that does not answer only costs a duplicate job
        logger.warning("Could not renew the check-in job's heartbeat")


def schedule(organisation_id: UUID) -> None:
    """Have the organisation's new check-ins processed; never fails the young person's send.

    With the immediate backend: now, in the caller's transaction (it sees the new row). With a
    worker backend: queued once the caller's transaction has committed (at once in autocommit),
    so the worker never looks before the row is there.
    """
    from .tasks import process_checkins

    if isinstance(process_checkins.get_backend(), ImmediateBackend):
        try:  # no queue to flood, so no marker
            process_submitted(organisation_id)
        except Exception:  # the check-in is stored; the timer will process it
            logger.exception("Could not process check-ins of %s", organisation_id)
        return
    transaction.on_commit(lambda: _queue(organisation_id))


def _queue(organisation_id: UUID) -> None:
    from .tasks import process_checkins

    key = _queued_key(organisation_id)
    try:
        if cache.add(key, 1, MARKER_SECONDS) and organisation_id not in recover_lost_jobs():
            process_checkins.enqueue(organisation_id=str(organisation_id))
    except Exception:  # the check-in is stored; the timer will process it
        logger.exception("Could not queue check-in processing for %s", organisation_id)
        cache.delete(key)


def process_queued(organisation_id: UUID, task_id: str | None = None) -> int:
    """The job ``schedule`` queued. It renews the marker while it works, so a stream of
    check-ins queues nothing more; when the work runs out it clears the marker and looks once
    more, so a check-in stored in between is never left waiting. After ``JOB_SECONDS`` it hands
    over to a fresh job rather than outlive the queue's time-out."""
    key = _queued_key(organisation_id)
    started = time.monotonic()
    total = 0
    failed: set[UUID] = set()  # left for the timer, not retried in a loop

    def beat() -> None:
        _heartbeat(organisation_id, task_id)

    while True:
        beat()
        done = process_submitted(organisation_id, failed=failed, heartbeat=beat)
        total += done
        cache.delete(key)
        if not _has_pending(organisation_id, exclude=failed):
            return total
        if time.monotonic() - started > JOB_SECONDS:
            _queue(organisation_id)
            return total
        if not cache.add(key, 1, MARKER_SECONDS):
            return total  # a job was queued meanwhile: it takes over
        if done < SMALL_BATCH:
            time.sleep(GATHER_SECONDS)  # let a few more arrive: one batch costs the same


def recover_lost_jobs() -> set[UUID]:
    """Task rows of the database backend that a dead worker left ``RUNNING``: marked failed
    (with the reason) and their organisation's work queued again. A live job renews its
    heartbeat every batch, so a row without one, started longer ago than the heartbeat
    lives, belongs to a worker that is gone. Other backends keep no such rows. Returns the
    organisations whose work was queued again."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from .tasks import process_checkins

    backend = process_checkins.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return set()
    cutoff = timezone.now() - timedelta(seconds=ALIVE_SECONDS)
    stale = [
        row
        for row in DBTaskResult.objects.running().filter(
            task_path=process_checkins.module_path, started_at__lt=cutoff
        )
        if not cache.get(_alive_key(str(row.pk)))
    ]
    requeued: set[UUID] = set()
    for row in stale:
        row.set_failed(WorkerLost(f"No heartbeat from the worker since {cutoff:%H:%M:%S}"))
        organisation_id = row.args_kwargs.get("kwargs", {}).get("organisation_id")
        if organisation_id and UUID(organisation_id) not in requeued:
            process_checkins.enqueue(organisation_id=organisation_id)
            requeued.add(UUID(organisation_id))
    if stale:
        logger.warning("Recovered %d check-in jobs lost with their worker", len(stale))
    return requeued


class WorkerLost(Exception):
    """What a recovered task row records as its failure."""


def _has_pending(organisation_id: UUID, exclude: set[UUID]) -> bool:
    return (
        CheckIn.objects.filter(organisation_id=organisation_id, processed_at__isnull=True)
        .exclude(pk__in=exclude)
        .exists()
    )


def process_submitted(
    organisation_id: UUID,
    batch_size: int = BATCH_SIZE,
    failed: set[UUID] | None = None,
    heartbeat: Callable[[], None] | None = None,
) -> int:
    """Process every pending check-in of one organisation; returns how many.

    A batch that fails is retried one check-in at a time, so one check-in that cannot be
    processed (a bug, logged) never holds back the flags of everyone sent after it; it stays
    pending (its ids are added to ``failed``) for the timer to try again.
    """
    total = 0
    failed = set() if failed is None else failed
    while True:
        pending = _pending_ids(organisation_id, batch_size, exclude=failed)
        try:
            done = _process_batch(organisation_id, pending)
        except Exception:
            logger.exception("A batch of check-ins failed; trying them one at a time")
            done = 0
            for checkin_id in pending:
                try:
                    done += _process_batch(organisation_id, [checkin_id])
                except Exception:
                    logger.exception("Check-in %s could not be processed", checkin_id)
                    failed.add(checkin_id)
        total += done
        if heartbeat is not None:
            heartbeat()
        if len(pending) < batch_size or not done:  # all done, or another processor has them
            return total


def _pending_ids(organisation_id: UUID, limit: int, exclude: set[UUID]) -> list[UUID]:
    return list(
        CheckIn.objects.filter(organisation_id=organisation_id, processed_at__isnull=True)
        .exclude(pk__in=exclude)
        .order_by("submitted_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def pending_organisations() -> list[UUID]:
    return list(
        CheckIn.objects.filter(processed_at__isnull=True)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def process_all() -> int:
    """The timer's sweep: task rows lost with a worker, then every organisation's pending
    check-ins."""
    try:
        recover_lost_jobs()
    except Exception:  # the sweep below does the work anyway
        logger.exception("Could not recover lost check-in jobs")
    return sum(process_submitted(organisation_id) for organisation_id in pending_organisations())


@transaction.atomic
def _process_batch(organisation_id: UUID, checkin_ids: list[UUID]) -> int:
    if not checkin_ids:
        return 0
    # Two processors never take the same rows: the second skips what the first has locked,
    # and rows processed meanwhile no longer match.
    checkins = list(
        CheckIn.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(organisation_id=organisation_id, processed_at__isnull=True, pk__in=checkin_ids)
        .select_related("young_person", "unit")
        .order_by("submitted_at", "id")
    )
    if not checkins:
        return 0
    rules, _created = FlagRules.objects.get_or_create(organisation_id=organisation_id)
    versions = GraphVersion.objects.in_bulk({c.graph_version_id for c in checkins})
    history = (
        _earlier_answers(organisation_id, checkins, rules.drop_window) if rules.drop_enabled else {}
    )
    # Alarms their own request has flagged and notified already (``alarm_derive``).
    alarmed = _alarmed({c.pk for c in checkins if c.has_alarm})
    scores: list[AreaScore] = []
    flags: list[Flag] = []
    for checkin in checkins:
        graph = versions[checkin.graph_version_id].load()
        earlier = [
            answers
            for submitted_at, answers in history.get(checkin.young_person_id, [])
            if submitted_at < checkin.submitted_at
        ]
        found = find_flags(checkin, graph, rules, earlier)
        if checkin.pk in alarmed:
            found = [f for f in found if f.kind != Flag.Kind.ALARM]
        flags.extend(found)
        scores.extend(_scores_of(checkin))
    AreaScore.objects.bulk_create(scores)
    if flags:
        Flag.objects.bulk_create(flags)
        # The alarm's note already told the worker to open this check-in: no second one.
        notify = {f.checkin.pk for f in flags} - alarmed
        _notify_workers(organisation_id, [c for c in checkins if c.pk in notify], flags, rules)
    _drop_stale_drafts(organisation_id, checkins)
    CheckIn.objects.filter(pk__in=[c.pk for c in checkins]).update(processed_at=timezone.now())
    # Last: the audit chain's lock is held from here to the commit.
    append(organisation_id, [_audit_fields(checkin) for checkin in checkins])
    return len(checkins)


def _alarmed(checkin_ids: set[UUID]) -> set[UUID]:
    if not checkin_ids:
        return set()
    return set(
        Flag.objects.filter(checkin_id__in=checkin_ids, kind=Flag.Kind.ALARM).values_list(
            "checkin_id", flat=True
        )
    )


def alarm_derive(checkin: CheckIn) -> int:
    """The alarm flags of one check-in and its case workers' notes, at once, in the young
    person's own request: nothing that concerns an alarm waits for a worker or a timer.

    Idempotent with the batch: the check-in row is locked, and neither runs when the other
    has flagged it (a processed check-in, or one that has an alarm flag, is left alone; the
    batch skips alarm flags that exist and sends no second note). Returns the flags made.
    """
    with transaction.atomic():
        locked = (
            CheckIn.objects.select_for_update(of=("self",))
            .filter(pk=checkin.pk, processed_at__isnull=True)
            .first()
        )
        if locked is None or _alarmed({checkin.pk}):
            return 0
        graph = GraphVersion.objects.get(pk=checkin.graph_version_id).load()
        flags = _alarm_flags(checkin, graph)
        if not flags:
            return 0
        Flag.objects.bulk_create(flags)
        rules, _created = FlagRules.objects.get_or_create(organisation_id=checkin.organisation_id)
        _notify_workers(checkin.organisation_id, [checkin], flags, rules)
    return len(flags)


def _earlier_answers(
    organisation_id: UUID, checkins: list[CheckIn], drop_window: int
) -> dict[UUID, list[tuple[datetime, dict[str, Any]]]]:
    """Each person's latest check-ins (newest first), enough for every check-in in the batch
    to find its own earlier ones: one query for the whole batch."""
    per_person = Counter(c.young_person_id for c in checkins)
    # As before batching: up to three times the window, since "Vill inte svara" leaves gaps.
    depth = drop_window * 3 + max(per_person.values())
    rows = (
        CheckIn.objects.filter(organisation_id=organisation_id, young_person_id__in=per_person)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("young_person_id")],
                order_by=[F("submitted_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=depth)
        .values_list("young_person_id", "submitted_at", "answers")
        .order_by("young_person_id", "-submitted_at")
    )
    history: dict[UUID, list[tuple[datetime, dict[str, Any]]]] = defaultdict(list)
    for person, submitted_at, answers in rows:
        history[person].append((submitted_at, answers))
    return history


def _scores_of(checkin: CheckIn) -> list[AreaScore]:
    band = age_band(checkin.young_person.birth_year, checkin.submitted_at)
    unit_path = checkin.unit.path if checkin.unit else ""
    return [
        AreaScore(
            organisation_id=checkin.organisation_id,
            checkin=checkin,
            young_person_id=checkin.young_person_id,
            unit_path=unit_path,
            age_band=band,
            area=area,
            score=score,
            submitted_at=checkin.submitted_at,
        )
        for area, score in checkin.answers["areas"].items()
    ]


def _notify_workers(
    organisation_id: UUID, checkins: list[CheckIn], flags: list[Flag], rules: FlagRules
) -> None:
    """One note per flagged check-in (of ``checkins``) to each of the person's case workers;
    no personal details, only a link to a page that checks access again."""
    alarm_ids = {f.checkin.pk for f in flags if f.kind == Flag.Kind.ALARM}
    flagged = {f.checkin.pk for f in flags}
    if not flagged.intersection(c.pk for c in checkins):
        return
    people = {c.young_person_id for c in checkins if c.pk in flagged}
    workers = case_worker_ids(organisation_id, people)
    waiting = _alarms_waiting(
        organisation_id, {c.young_person_id for c in checkins if c.pk in alarm_ids}
    )
    notes = []
    for checkin in checkins:
        if checkin.pk not in flagged:
            continue
        alarm = checkin.pk in alarm_ids
        for worker, language in workers.get(checkin.young_person_id, []):
            with translation.override(language):  # the worker's language, not the batch's
                text = (
                    _alarm_text(*waiting[checkin.young_person_id])
                    if alarm
                    else _("A check-in needs your attention.")
                )
            notes.append(
                Notification(
                    recipient_id=worker,
                    organisation_id=organisation_id,
                    kind="checkin.alarm" if alarm else "checkin.flag",
                    text=text,
                    url=reverse("checkins:person", args=[organisation_id, checkin.young_person_id]),
                )
            )
    notes.sort(key=lambda note: note.kind != "checkin.alarm")  # alarms first: their e-mail
    notify_many(notes, email=rules.email_workers)


def _alarms_waiting(organisation_id: UUID, people: set[Any]) -> dict[Any, tuple[int, datetime]]:
    """Per young person, how many alarm answers wait and since when (the oldest open one)."""
    if not people:
        return {}
    return {
        row["young_person_id"]: (row["n"], row["oldest"])
        for row in Flag.objects.filter(
            organisation_id=organisation_id,
            young_person_id__in=people,
            kind=Flag.Kind.ALARM,
            handled_at__isnull=True,
        )
        .values("young_person_id")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
    }


def _alarm_text(count: int, oldest: datetime) -> str:
    """The note's words: how many alarm answers wait and since when, so the worker sees how
    urgent it is before opening the page. A count and a time only, never what was answered or
    by whom (a note can be read over a shoulder, and its e-mail leaves the platform)."""
    since = formats.date_format(timezone.localtime(oldest), "DATETIME_FORMAT")
    return ngettext(
        "%(n)s alarm answer waits, since %(since)s: open it as soon as you can.",
        "%(n)s alarm answers wait, the oldest since %(since)s: open them as soon as you can.",
        count,
    ) % {"n": count, "since": since}


def _drop_stale_drafts(organisation_id: UUID, checkins: list[CheckIn]) -> None:
    """A draft last touched before a check-in the person sent (from the app, say) is done."""
    latest: dict[UUID, datetime] = {}
    for checkin in checkins:
        person = checkin.young_person_id
        latest[person] = max(latest.get(person, checkin.submitted_at), checkin.submitted_at)
    stale = [
        pk
        for pk, person, updated_at in CheckInDraft.objects.filter(
            organisation_id=organisation_id, young_person_id__in=latest
        ).values_list("pk", "young_person_id", "updated_at")
        if updated_at <= latest[person]
    ]
    if stale:
        CheckInDraft.objects.filter(pk__in=stale).delete()


def _audit_fields(checkin: CheckIn) -> dict[str, Any]:
    """The young person's own CREATE, as the request would have written it."""
    actor = Actor(
        user=checkin.young_person,
        grants=(Grant(checkin.organisation_id, None, Role.YOUNG_PERSON),),
    )
    return event_fields(
        action=Action.CREATE,
        actor=actor,
        organisation_id=checkin.organisation_id,
        obj=checkin,
        subject_id=checkin.young_person_id,
    )


# --- What the rules find in one check-in (pure, no queries) -------------------------------
def age_band(birth_year: int | None, on: datetime) -> str:
    """Coarse age bands, the finest any report may show."""
    if birth_year is None:
        return ""
    age = on.year - birth_year
    for upper, band in ((12, "8-12"), (15, "13-15"), (17, "16-17"), (20, "18-20")):
        if age <= upper:
            return band
    return "21+"


def find_flags(
    checkin: CheckIn,
    graph: graph_engine.Graph,
    rules: FlagRules,
    earlier_answers: list[dict[str, Any]],
) -> list[Flag]:
    """The flags the organisation's rules raise on one check-in (not saved): any alarm answer;
    a low score; a drop of N steps from the person's own running median of their last
    ``drop_window`` answers. ``earlier_answers`` are the person's earlier check-ins' answers,
    newest first."""
    found: list[Flag] = _alarm_flags(checkin, graph)

    def flag(kind: str, area: str = "", detail: str = "") -> None:
        found.append(
            Flag(
                organisation_id=checkin.organisation_id,
                checkin=checkin,
                young_person_id=checkin.young_person_id,
                kind=kind,
                area=area,
                detail=detail,
            )
        )

    scores: dict[str, int | None] = checkin.answers["areas"]
    if rules.low_enabled:
        for area, score in scores.items():
            if score is not None and score <= rules.low_at_most:
                flag(Flag.Kind.LOW, area, str(score))
    if rules.drop_enabled:
        for area, score in scores.items():
            if score is None:
                continue
            earlier = [
                value
                for value in (a.get("areas", {}).get(area) for a in earlier_answers)
                if isinstance(value, int)
            ][: rules.drop_window]
            if len(earlier) >= 2:
                usual = statistics.median(earlier)
                if usual - score >= rules.drop_steps:
                    flag(Flag.Kind.DROP, area, f"{usual:g}→{score}")
    return found


def _alarm_flags(checkin: CheckIn, graph: graph_engine.Graph) -> list[Flag]:
    """One flag per alarm answer (not saved); no organisation's rule turns these off."""
    found = []
    for followup_key, choice_key in graph.alarms(checkin.answers):
        followup = graph.followup(followup_key)
        found.append(
            Flag(
                organisation_id=checkin.organisation_id,
                checkin=checkin,
                young_person_id=checkin.young_person_id,
                kind=Flag.Kind.ALARM,
                area=followup.area if followup else "",
                detail=f"{followup_key}:{choice_key}",
            )
        )
    return found
