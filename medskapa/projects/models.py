"""Service-design projects: a challenge, its phases and activities, goal images and the young
people's reactions to them, prototypes and their tests, journey maps and the decision log.

Links to objects of other apps (patterns, check-in campaigns, …) are stored as
``(kind, target_id)`` rows and resolved through ``medskapa.web.links``; this app imports no
other domain app.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation, Unit


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace(" ", "").encode()).hexdigest()


def new_code() -> str:
    """Eight characters without look-alikes (no 0/O, 1/I/L), like the organisation invites."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def new_slug() -> str:
    return secrets.token_urlsafe(12)


class PhaseKey(models.TextChoices):
    UNDERSTAND = "understand", _("Understand")
    PATTERNS = "patterns", _("Patterns")
    GOAL_IMAGES = "goal_images", _("Goal images")
    IDEAS = "ideas", _("Ideas and prototypes")
    TEST = "test", _("Test")
    ACT = "act", _("Act")
    CUSTOM = "custom", _("Own phase")


DEFAULT_PHASES = [
    PhaseKey.UNDERSTAND,
    PhaseKey.PATTERNS,
    PhaseKey.GOAL_IMAGES,
    PhaseKey.IDEAS,
    PhaseKey.TEST,
    PhaseKey.ACT,
]


class Project(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="projects"
    )
    # The owning unit: its staff (and those above it) work on the project. None: the whole org.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    title = models.CharField(_("name"), max_length=150)
    challenge = models.CharField(
        _("challenge"),
        max_length=300,
        help_text=_('Start with "How might we …?"'),
    )
    description = models.TextField(
        _("about the project"),
        max_length=3000,
        blank=True,
        help_text=_("Co-creators read this. Write short sentences."),
    )
    staff_notes = models.TextField(
        _("notes for the team"),
        max_length=5000,
        blank=True,
        help_text=_("Only the team sees this, never the young people."),
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    current_phase = models.ForeignKey(
        "Phase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="project_teams"
    )
    join_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    join_code_created_at = models.DateTimeField(null=True, blank=True)
    # The public reaction link for goal images (anyone, one reaction per device).
    campaign_slug = models.CharField(max_length=40, unique=True, null=True, blank=True)
    campaign_open = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    key = models.CharField(max_length=20, choices=PhaseKey.choices, default=PhaseKey.CUSTOM)
    # Empty: the default name of ``key``, in the reader's language.
    name = models.CharField(_("name"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or str(PhaseKey(self.key).label)


class CoCreator(models.Model):
    """A young person taking part in a project; they see the young-person view only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cocreators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cocreator_of"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="cocreator_unique")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.user_id}"


class Activity(models.Model):
    """Something the team did, started from a method card; listed in its phase."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    card = models.CharField(max_length=30)
    title = models.CharField(_("title"), max_length=150)
    notes = models.TextField(_("notes for the team"), max_length=5000, blank=True)
    # What starting it created, if anything: a link kind, an id, and where it lives.
    result_kind = models.CharField(max_length=60, blank=True)
    result_id = models.UUIDField(null=True, blank=True)
    result_title = models.CharField(max_length=200, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class GoalImage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="goal_images")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="goal_images"
    )
    text = models.CharField(
        _("goal image"),
        max_length=300,
        help_text=_("In the young people's own words, for example: I know who I can talk to."),
    )
    staff_notes = models.TextField(
        _("notes for the team"),
        max_length=3000,
        blank=True,
        help_text=_("Only the team sees this, never the young people."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "order", "created_at"]

    def __str__(self) -> str:
        return self.text


class Reaction(models.Model):
    """One reaction to a goal image: one per co-creator, or one per device (public link).

    Who reacted is kept only so that a second answer replaces the first; staff see counts.
    """

    class Choice(models.TextChoices):
        AGREE = "agree", _("I agree")
        UNSURE = "unsure", _("I am not sure")
        DISAGREE = "disagree", _("I do not agree")
        NO_ANSWER = "no_answer", _("I do not want to answer")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal_image = models.ForeignKey(GoalImage, on_delete=models.CASCADE, related_name="reactions")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    device_hash = models.CharField(max_length=64, null=True, blank=True)
    choice = models.CharField(max_length=12, choices=Choice.choices)
    comment = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["goal_image", "participant"],
                condition=models.Q(participant__isnull=False),
                name="reaction_one_per_participant",
            ),
            models.UniqueConstraint(
                fields=["goal_image", "device_hash"],
                condition=models.Q(device_hash__isnull=False),
                name="reaction_one_per_device",
            ),
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class Prototype(models.Model):
    class Outcome(models.TextChoices):
        UNDECIDED = "undecided", _("Not decided yet")
        ADOPT = "adopt", _("Adopt")
        ITERATE = "iterate", _("Iterate")
        DROP = "drop", _("Drop")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="prototypes")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="prototypes"
    )
    title = models.CharField(_("name"), max_length=150)
    hypothesis_if = models.CharField(_("If we …"), max_length=300)
    hypothesis_then = models.CharField(_("then …"), max_length=300)
    hypothesis_seen = models.CharField(_("which we see by …"), max_length=300)
    what_made = models.TextField(_("what was made"), max_length=3000, blank=True)
    tested_with = models.CharField(
        _("who tested it"),
        max_length=300,
        blank=True,
        help_text=_("For example: eight young people in the KAA group. No names."),
    )
    for_young_people = models.TextField(
        _("what co-creators read"),
        max_length=1000,
        blank=True,
        help_text=_("A short, plain description for the young people who test it."),
    )
    open_for_rating = models.BooleanField(_("co-creators may rate it"), default=False)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.UNDECIDED
    )
    outcome_reason = models.TextField(_("why"), max_length=2000, blank=True)
    staff_notes = models.TextField(
        _("notes for the team"),
        max_length=3000,
        blank=True,
        help_text=_("Only the team sees this, never the young people."),
    )
    # Optional check-in measure: mean of chosen life areas before and after, for a cohort.
    measure_areas = models.JSONField(default=list, blank=True)
    measure_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    before_start = models.DateField(null=True, blank=True)
    before_end = models.DateField(null=True, blank=True)
    after_start = models.DateField(null=True, blank=True)
    after_end = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def hypothesis(self) -> str:
        return _("If we %(if)s, then %(then)s, which we see by %(seen)s.") % {
            "if": self.hypothesis_if,
            "then": self.hypothesis_then,
            "seen": self.hypothesis_seen,
        }


class TestRound(models.Model):
    """One occasion when a prototype was tested (a user test)."""

    __test__ = False  # not a pytest test class

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    prototype = models.ForeignKey(Prototype, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("title"), max_length=150)
    held_on = models.DateField(_("date"), null=True, blank=True)
    notes = models.TextField(_("notes for the team"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class Rating(models.Model):
    """A participant's rating (1–5) and comment on a prototype: from a co-creator's own page
    (one each, changeable) or typed in by the team from a test session (no one named)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    prototype = models.ForeignKey(Prototype, on_delete=models.CASCADE, related_name="ratings")
    test_round = models.ForeignKey(
        TestRound, on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prototype", "participant"],
                condition=models.Q(participant__isnull=False),
                name="rating_one_per_participant",
            )
        ]

    def __str__(self) -> str:
        return str(self.score or "–")


class Decision(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    title = models.CharField(_("what was decided"), max_length=300)
    for_young_people = models.TextField(
        _("what it means, in plain words"),
        max_length=1500,
        blank=True,
        help_text=_("Co-creators read this: what changes for young people."),
    )
    decided_by = models.CharField(
        _("decided by"), max_length=200, help_text=_("A person, a group or a board.")
    )
    decided_on = models.DateField(_("decided on"))
    owner = models.CharField(_("owner"), max_length=200, help_text=_("Who makes it happen."))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    staff_notes = models.TextField(
        _("notes for the team"),
        max_length=3000,
        blank=True,
        help_text=_("Only the team sees this, never the young people."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-created_at"]

    def __str__(self) -> str:
        return self.title


class SourceLink(models.Model):
    """A goal image, prototype or decision rests on something: a pattern, a campaign, a goal
    image, … stored as a link kind and an id, resolved through ``medskapa.web.links``."""

    class Source(models.TextChoices):
        GOAL_IMAGE = "goal_image", _("Goal image")
        PROTOTYPE = "prototype", _("Prototype")
        DECISION = "decision", _("Decision")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    source_type = models.CharField(max_length=12, choices=Source.choices)
    source_id = models.UUIDField()
    target_kind = models.CharField(max_length=60)
    target_id = models.UUIDField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["source_type", "source_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_kind", "target_id"],
                name="sourcelink_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_type} → {self.target_kind}"


class Lane(models.TextChoices):
    DOING = "doing", _("Doing")
    THINKING = "thinking", _("Thinking")
    FEELING = "feeling", _("Feeling")
    TOUCHPOINTS = "touchpoints", _("Touchpoints")
    PAIN_POINTS = "pain_points", _("Pain points")
    OPPORTUNITIES = "opportunities", _("Opportunities")


LANES = list(Lane)


class JourneyMap(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="journey_maps")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="journey_maps"
    )
    title = models.CharField(_("title"), max_length=150)
    persona = models.CharField(
        _("whose journey"),
        max_length=200,
        blank=True,
        help_text=_("For example: a 15-year-old who has just got a new social worker."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class Stage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    journey_map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("stage"), max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    # How it feels at this stage, −2 (very bad) … +2 (very good); empty: not known.
    feeling = models.SmallIntegerField(
        _("feeling"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
    )

    class Meta:
        ordering = ["journey_map", "order"]

    def __str__(self) -> str:
        return self.name


class JourneyCard(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    journey_map = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="cards")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="cards")
    lane = models.CharField(_("lane"), max_length=20, choices=Lane.choices)
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text
