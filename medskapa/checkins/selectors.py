"""Reads of check-in data, through the permission layer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.accounts.models import User
from medskapa.organisations.models import Caseload, Membership, Organisation, hash_secret
from medskapa.organisations.roles import Role

from .charts import Point, describe_trend
from .graph import Graph, text_in
from .models import (
    AreaScore,
    Campaign,
    CampaignCode,
    CampaignResponse,
    CheckIn,
    ContactRequest,
    Flag,
    ReminderPlan,
    ShareLink,
)

SMALL_GROUP = 5


def checkins_of(actor: Actor, young_person: User, organisation: Organisation) -> QuerySet[CheckIn]:
    return scope(actor, "checkin.view", CheckIn.objects.all()).filter(
        young_person=young_person, organisation=organisation
    )


def trajectories(checkins: list[CheckIn], graph: Graph) -> list[dict[str, Any]]:
    """Per area, in the graph's order: points oldest first, the latest score and the trend."""
    ordered = sorted(checkins, key=lambda c: c.submitted_at)
    result = []
    for area in graph.areas:
        points = [
            Point(c.submitted_at, c.answers["areas"].get(area.key))
            for c in ordered
            if area.key in c.answers["areas"]
        ]
        latest = next((p.score for p in reversed(points) if p.score is not None), None)
        result.append(
            {"area": area, "points": points, "latest": latest, "trend": describe_trend(points)}
        )
    return result


# --- Flags in human words, the most severe first ------------------------------------------
# Alarm answers first, then contact requests (their own list on the page), then drops from
# the person's usual level, then low answers: a worker reads an alarm before anything routine.
SEVERITY: dict[str, int] = {
    Flag.Kind.ALARM: 0,
    "contact_request": 1,
    Flag.Kind.DROP: 2,
    Flag.Kind.LOW: 3,
}


@dataclass
class FlagLine:
    """One flag as a worker reads it: never an area key, an answer key or a kind code."""

    flag: Flag
    words: str

    @property
    def is_alarm(self) -> bool:
        return self.flag.kind == Flag.Kind.ALARM

    @property
    def label(self) -> str:
        """What kind of flag, in words (the kind's code never reaches a page)."""
        labels: dict[str, str] = {
            Flag.Kind.ALARM: _("An alarm answer"),
            Flag.Kind.DROP: _("A drop from the usual level"),
            Flag.Kind.LOW: _("A low answer"),
        }
        return labels.get(self.flag.kind, _("A flag"))


@dataclass
class FlagGroup:
    """The open flags of one check-in: alarms each on their own, routine flags together."""

    checkin: CheckIn
    alarms: list[FlagLine] = field(default_factory=list)
    routine: list[FlagLine] = field(default_factory=list)

    @property
    def severity(self) -> int:
        return min(SEVERITY[line.flag.kind] for line in self.alarms + self.routine)


def flag_words(flag: Flag, graph: Graph, language: str) -> str:
    """The flag in words from the question graph in ``language`` (e.g. "Trygghet: Någon gör
    mig illa"), so a worker never has to decode ``safety_hard:hurt`` or ``free_time``."""
    followup_key, _sep, choice_key = flag.detail.partition(":")
    followup = graph.followup(followup_key) if flag.kind == Flag.Kind.ALARM else None
    area = graph.area(flag.area or (followup.area if followup else ""))
    area_title = text_in(area.title, language) if area else _("An area no longer asked")
    if flag.kind == Flag.Kind.ALARM:
        choice = followup.choice(choice_key) if followup else None
        if choice is None:
            return _("%(area)s: an alarm answer") % {"area": area_title}
        return f"{area_title}: {text_in(choice.text, language)}"
    if flag.kind == Flag.Kind.DROP:
        usual, _arrow, score = flag.detail.partition("→")
        return _("%(area)s: down to %(score)s of 5 from a usual %(usual)s") % {
            "area": area_title,
            "usual": usual.replace(".", ",") if language == "sv" else usual,
            "score": score,
        }
    label = graph.scale_labels.get(int(flag.detail)) if flag.detail.isdigit() else None
    if label is None:
        return _("%(area)s: a low answer") % {"area": area_title}
    return _("%(area)s: %(score)s of 5, “%(label)s”") % {
        "area": area_title,
        "score": flag.detail,
        "label": text_in(label, language),
    }


def _flag_lines(flags: list[Flag], language: str) -> list[FlagLine]:
    graphs: dict[Any, Graph] = {}
    lines = []
    for flag in flags:
        version = flag.checkin.graph_version
        if version.pk not in graphs:
            graphs[version.pk] = version.load()
        lines.append(FlagLine(flag, flag_words(flag, graphs[version.pk], language)))
    return lines


def _flags_of(actor: Actor, young_person: User, organisation: Organisation) -> QuerySet[Flag]:
    return (
        scope(actor, "flag.handle", Flag.objects.all())
        .filter(organisation=organisation, young_person=young_person)
        .select_related("checkin__graph_version")
    )


def open_flag_groups(
    actor: Actor, young_person: User, organisation: Organisation, language: str
) -> list[FlagGroup]:
    """Open flags grouped per check-in; groups with an alarm first (however many routine
    flags are newer), then drops, then low answers; newest check-in first within a level."""
    flags = list(_flags_of(actor, young_person, organisation).filter(handled_at__isnull=True))
    groups: dict[Any, FlagGroup] = {}
    for line in _flag_lines(flags, language):
        group = groups.setdefault(line.flag.checkin_id, FlagGroup(line.flag.checkin))
        (group.alarms if line.is_alarm else group.routine).append(line)
    for group in groups.values():
        group.alarms.sort(key=lambda line: line.words)
        group.routine.sort(key=lambda line: (SEVERITY[line.flag.kind], line.words))
    return sorted(
        groups.values(),
        key=lambda g: (g.severity, -g.checkin.submitted_at.timestamp()),
    )


def handled_flags(
    actor: Actor, young_person: User, organisation: Organisation, language: str, limit: int = 50
) -> list[FlagLine]:
    """The latest handled flags, with who handled them and the note, for colleagues."""
    flags = list(
        _flags_of(actor, young_person, organisation)
        .filter(handled_at__isnull=False)
        .select_related("handled_by")
        .order_by("-handled_at")[:limit]
    )
    return _flag_lines(flags, language)


@dataclass
class CaseloadRow:
    young_person: User
    latest: CheckIn | None = None
    open_flags: list[Flag] = field(default_factory=list)
    open_requests: list[ContactRequest] = field(default_factory=list)
    trends: dict[str, str] = field(default_factory=dict)

    @property
    def needs_attention(self) -> bool:
        return bool(self.open_flags or self.open_requests)

    @property
    def open_alarms(self) -> list[Flag]:
        return [f for f in self.open_flags if f.kind == Flag.Kind.ALARM]

    @property
    def has_alarm(self) -> bool:
        return bool(self.open_alarms)

    @property
    def alarm_since(self) -> datetime | None:
        """When the oldest open alarm came: how long it has waited."""
        return min((f.created_at for f in self.open_alarms), default=None)

    @property
    def open_routine(self) -> int:
        return len(self.open_flags) - len(self.open_alarms)


def caseload_rows(actor: Actor, organisation: Organisation) -> list[CaseloadRow]:
    """The worker's caseload: open alarms first (the longest waiting first), then open
    contact requests, then other open flags, then the rest."""
    people = (
        scope(actor, "checkin.follow", User.objects.all())
        .filter(memberships__organisation=organisation, memberships__ended_at__isnull=True)
        .distinct()
    )
    rows = {p.pk: CaseloadRow(p) for p in people}
    ids = list(rows)
    checkins = (
        scope(actor, "checkin.view", CheckIn.objects.all())
        .filter(organisation=organisation, young_person_id__in=ids)
        .order_by("young_person_id", "-submitted_at")
    )
    recent: dict[Any, list[CheckIn]] = defaultdict(list)
    for checkin in checkins.only("young_person_id", "answers", "submitted_at", "has_alarm"):
        if len(recent[checkin.young_person_id]) < 2:
            recent[checkin.young_person_id].append(checkin)
    for person_id, items in recent.items():
        rows[person_id].latest = items[0]
        if len(items) == 2:
            for area, score in items[0].answers["areas"].items():
                before = items[1].answers["areas"].get(area)
                if score is not None and before is not None:
                    rows[person_id].trends[area] = (
                        "up" if score > before else "down" if score < before else "same"
                    )
    for flag in scope(actor, "flag.handle", Flag.objects.all()).filter(
        organisation=organisation, young_person_id__in=ids, handled_at__isnull=True
    ):
        rows[flag.young_person_id].open_flags.append(flag)
    for request in scope(actor, "contact_request.handle", ContactRequest.objects.all()).filter(
        organisation=organisation, young_person_id__in=ids, handled_at__isnull=True
    ):
        rows[request.young_person_id].open_requests.append(request)
    never = timezone.now() - timezone.now()  # zero timedelta, for sorting people with none
    return sorted(
        rows.values(),
        key=lambda r: (
            not r.has_alarm,
            r.alarm_since.timestamp() if r.alarm_since else 0,
            not r.open_requests,
            not r.open_flags,
            -(r.latest.submitted_at.timestamp() if r.latest else never.total_seconds()),
        ),
    )


# --- Campaign results: aggregates only, small groups hidden ---------------------------------
@dataclass(frozen=True)
class AreaResult:
    area_key: str
    title: str
    counts: dict[int, int | None]  # per score 1–5; None: fewer than five (or hidden with one)
    skipped: int | None
    mean: float | None


def suppress(count: int, k: int = SMALL_GROUP) -> int | None:
    """A count shown only when it is at least ``k``; 0 is shown as 0."""
    return count if count == 0 or count >= k else None


def suppress_cells(
    cells: dict[Any, int], total_shown: bool, k: int = SMALL_GROUP
) -> dict[Any, int | None]:
    """Hide every cell under ``k``, and, when the total is shown and only one cell is hidden,
    also the smallest shown non-zero cell, so no hidden cell is the total minus the rest."""
    shown: dict[Any, int | None] = {key: suppress(n, k) for key, n in cells.items()}
    hidden = [key for key, value in shown.items() if value is None]
    if total_shown and len(hidden) == 1:
        visible = sorted(
            (n, str(key), key) for key, n in cells.items() if shown[key] is not None and n > 0
        )
        if visible:
            shown[visible[0][2]] = None
    return shown


# Live results move in steps of at least this many answers: a manager watching the page
# while a class answers never sees one pupil's answer as the difference of two views.
RESULTS_STEP = 5

RawCounts = dict[str, dict[str, int]]  # area -> "1".."5" / "skip" -> answers


def results_due(shown_responses: int, live_responses: int) -> bool:
    """Whether the results shown may be renewed: only with ``RESULTS_STEP`` new answers."""
    return live_responses - shown_responses >= RESULTS_STEP


def campaign_counts(campaign: Campaign) -> RawCounts:
    """The campaign's answers as they are now (only the renewal of the shown results reads
    these; no page does)."""
    raw: RawCounts = defaultdict(dict)
    for row in (
        AreaScore.objects.filter(campaign_response__campaign=campaign)
        .values("area", "score")
        .annotate(n=Count("id"))
    ):
        raw[row["area"]]["skip" if row["score"] is None else str(row["score"])] = row["n"]
    return dict(raw)


def campaign_results(campaign: Campaign, graph: Graph, language: str) -> dict[str, Any]:
    """The campaign's shown results (renewed in steps, see ``RESULTS_STEP``), per area: how
    many chose each step (and skipped), with groups under five hidden."""
    areas = [
        (area.key, area.title.get(language) or area.title["sv"])
        for area in graph.areas
        if area.key in campaign.areas
    ]
    return results_view(campaign.results, campaign.results_responses, areas)


def results_view(raw: RawCounts, responses: int, areas: list[tuple[str, str]]) -> dict[str, Any]:
    """What a page shows of some counts: the number of answers is shown, so the cells of an
    area (five steps and "skipped") add up to it; complementary suppression stops a hidden
    cell being worked out by subtraction, and the mean is shown only when no cell is hidden.
    """
    total = responses if responses >= SMALL_GROUP else None
    results = []
    for key, title in areas:
        counts = raw.get(key, {})
        cells: dict[Any, int] = {score: counts.get(str(score), 0) for score in range(1, 6)}
        cells["skip"] = counts.get("skip", 0)
        if total is None:
            shown: dict[Any, int | None] = dict.fromkeys(cells)
        else:
            shown = suppress_cells(cells, total_shown=True)
        answered = sum(n for cell, n in cells.items() if cell != "skip")
        mean = None
        if total is not None and None not in shown.values() and answered:
            mean = round(sum(s * cells[s] for s in range(1, 6)) / answered, 1)
        results.append(
            AreaResult(
                area_key=key,
                title=title,
                counts={s: shown[s] for s in range(1, 6)},
                skipped=shown["skip"],
                mean=mean,
            )
        )
    return {"responses": total, "areas": results, "step": RESULTS_STEP}


def campaign_code_counts(campaign: Campaign) -> dict[str, int]:
    """How many answer codes were printed and how many are used: never which."""
    return campaign.codes.aggregate(printed=Count("id"), used=Count("id", filter=Q(used=True)))


def campaigns_for(actor: Actor, organisation: Organisation) -> QuerySet[Campaign]:
    return (
        scope(actor, "campaign.manage", Campaign.objects.all())
        .filter(organisation=organisation)
        .select_related("unit")
        .annotate(answers=Count("responses", filter=Q()))
    )


# --- Reads moved from services (they write nothing) -------------------------------------
def young_person_membership(user: User, organisation: Organisation) -> Membership | None:
    return (
        Membership.objects.active()
        .filter(user=user, organisation=organisation, role=Role.YOUNG_PERSON)
        .select_related("unit")
        .first()
    )


def _active_caseloads(organisation_id: Any) -> QuerySet[Caseload]:
    """The one caseload query: open caseload rows whose worker is an active worker of the
    organisation (a worker who left keeps no access and gets no notes)."""
    return Caseload.objects.filter(
        organisation_id=organisation_id,
        ended_at__isnull=True,
        worker__is_active=True,
        worker__memberships__organisation_id=organisation_id,
        worker__memberships__role=Role.WORKER,
        worker__memberships__ended_at__isnull=True,
    )


def case_worker_ids(organisation_id: Any, people: Any) -> dict[Any, list[tuple[Any, str]]]:
    """Each young person's case workers (id and chosen language, so a note is written in the
    worker's language, not the young person's), for many people in one query."""
    workers: dict[Any, list[tuple[Any, str]]] = defaultdict(list)
    for person, worker, language in (
        _active_caseloads(organisation_id)
        .filter(young_person_id__in=people)
        .values_list("young_person_id", "worker_id", "worker__preferred_language")
        .distinct()
    ):
        workers[person].append((worker, language or "sv"))
    return workers


def case_workers(young_person: User, organisation: Organisation) -> list[User]:
    ids = _active_caseloads(organisation.pk).filter(young_person=young_person).values("worker_id")
    return list(User.objects.filter(pk__in=ids))


def reminders_due(now: datetime) -> list[ReminderPlan]:
    due = []
    plans = ReminderPlan.objects.filter(every_days__gt=0, young_person__is_active=True)
    for plan in plans.select_related("young_person", "organisation"):
        if plan.snoozed_until and plan.snoozed_until > now:
            continue
        last_checkin = (
            CheckIn.objects.filter(young_person=plan.young_person, organisation=plan.organisation)
            .values_list("submitted_at", flat=True)
            .first()
        )
        since = max(filter(None, [last_checkin, plan.last_sent_at]), default=None)
        if since is None or now - since >= timedelta(days=plan.every_days):
            due.append(plan)
    return due


def share_link_find(token: str) -> ShareLink | None:
    link = ShareLink.objects.filter(token_hash=hash_secret(token)).first()
    if link is None or link.revoked_at is not None or link.expires_at <= timezone.now():
        return None
    return link


def campaign_code_hash(campaign: Campaign, code: str) -> str:
    return hash_secret(f"{campaign.pk}:{''.join(ch for ch in code if ch.isalnum())}")


def campaign_code_usable(campaign: Campaign, code: str) -> bool:
    """Whether a code may start an answer (it is used only when the answer is sent)."""
    if not code or len(code) > 20:
        return False
    return CampaignCode.objects.filter(
        campaign=campaign, code_hash=campaign_code_hash(campaign, code), used=False
    ).exists()


def campaign_is_open(campaign: Campaign, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return campaign.opens_at <= now < campaign.closes_at


def campaign_response_by_receipt(code: str) -> CampaignResponse | None:
    code = "".join(ch for ch in code if ch.isalnum())
    if not code or len(code) > 20:
        return None
    return (
        CampaignResponse.objects.filter(receipt_hash=hash_secret(code))
        .select_related("campaign")
        .first()
    )
