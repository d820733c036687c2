"""Organisation-level view: well-being rollups, the collaboration-gaps log and reports.

``ScoreRollup`` is derived data (rebuilt from ``checkins.AreaScore`` by
``services.rollups_refresh``): per organisation × month × unit path × age band × area ×
campaign × score, how many *young person-months* gave that score — each young person counts
at most once per month and area (their latest answer that month); a campaign answer counts
once. Dashboards read only this table.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation, Unit


class ScoreRollup(models.Model):
    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month, in the organisation's time zone
    unit_path = models.CharField(max_length=1000, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    area = models.CharField(max_length=40)
    campaign_id = models.UUIDField(null=True, blank=True)  # None: personal check-ins
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # None: "Vill inte svara"
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "month", "area"], name="rollup_org_month"),
            models.Index(fields=["organisation", "campaign_id", "month"], name="rollup_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.area}={self.score}: {self.n}"


class RollupState(models.Model):
    """Per organisation: the highest ``AreaScore.id`` already folded into the rollups."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_score_id = models.BigIntegerField(default=0)
    # Rows with an id in (last_score_id - LOOKBACK, last_score_id] at the last refresh: a rise
    # means a transaction that took its id earlier committed after that refresh.
    tail_count = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Rollups of {self.organisation_id} up to {self.last_score_id}"


# --- Collaboration gaps (brister i samverkan) --------------------------------------------------
DEFAULT_AGENCIES = [
    "Skola",
    "Hälso- och sjukvård",
    "Socialtjänst",
    "Polis",
    "Försäkringskassan",
    "Arbetsförmedlingen",
    "Annan",
]
DEFAULT_CATEGORIES = [
    "Ingen SIP trots behov",
    "Information fördes inte vidare",
    "Ingen tog ansvar",
    "Lång väntan mellan verksamheter",
    "Annat",
]


class Agency(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="agency_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class GapCategory(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "gap categories"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="gap_category_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Gap(models.Model):
    """A reported gap in collaboration between agencies."""

    class Sip(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("I don't know")

    class Reporter(models.TextChoices):
        STAFF = "staff", _("Staff")
        YOUNG_PERSON = "young_person", _("Young person")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reporter_kind = models.CharField(max_length=20, choices=Reporter.choices)
    agencies = models.ManyToManyField(Agency, related_name="gaps")
    what_happened = models.TextField(max_length=4000)
    consequence = models.TextField(max_length=4000, blank=True)
    sip = models.CharField(max_length=10, choices=Sip.choices)
    reported_at = models.DateTimeField()
    category = models.ForeignKey(
        GapCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="gaps"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["organisation", "reported_at"], name="gap_org_time")]

    def __str__(self) -> str:
        return f"Gap {self.reported_at:%Y-%m-%d}"


class GapLink(models.Model):
    """A gap linked to a pattern, a decision … (a kind in ``medskapa.web.links``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gap = models.ForeignKey(Gap, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=60)
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
        constraints = [
            models.UniqueConstraint(fields=["gap", "kind", "target_id"], name="gap_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.target_id}"


# --- Reports -------------------------------------------------------------------------------
def logo_path(instance: ReportSettings, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"reports/logos/{instance.organisation_id}/{uuid.uuid4().hex}.{extension}"


class ReportSettings(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    logo = models.FileField(_("logo"), upload_to=logo_path, blank=True, max_length=300)
    logo_text = models.CharField(_("text alternative for the logo"), max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Report settings of {self.organisation_id}"


class Report(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("unit"),
        help_text=_("Leave empty for the whole organisation."),
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from month"))
    period_end = models.DateField(_("to month"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_end", "title"]

    def __str__(self) -> str:
        return self.title


class ReportSection(models.Model):
    """A text staff write for a report (checked with the klarspråk panel)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), max_length=20000)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "heading"]

    def __str__(self) -> str:
        return self.heading
