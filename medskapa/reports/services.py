"""All writes of the reports app. Each declares who may call it (``access.actions``); each
write that touches personal data is audit-logged."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actions import acts, acts_as_system, ensure
from medskapa.access.actor import Actor
from medskapa.access.registry import can
from medskapa.accounts.models import User
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Membership, Organisation, Unit
from medskapa.organisations.roles import Role
from medskapa.web import links

from .models import (
    DEFAULT_AGENCIES,
    DEFAULT_CATEGORIES,
    Agency,
    Gap,
    GapCategory,
    GapLink,
    Report,
    ReportSection,
    ReportSettings,
)

LOGO_MAX_BYTES = 1024 * 1024
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


# --- Configurable lists ---------------------------------------------------------------------
@acts_as_system("The default lists an organisation starts with; nobody chooses them.")
def ensure_defaults(organisation: Organisation) -> None:
    """Give an organisation the default agencies and categories the first time it needs them."""
    if not Agency.objects.filter(organisation=organisation).exists():
        Agency.objects.bulk_create(
            Agency(organisation=organisation, name=name, order=i)
            for i, name in enumerate(DEFAULT_AGENCIES)
        )
    if not GapCategory.objects.filter(organisation=organisation).exists():
        GapCategory.objects.bulk_create(
            GapCategory(organisation=organisation, name=name, order=i)
            for i, name in enumerate(DEFAULT_CATEGORIES)
        )


@acts("reports.settings", on="organisation")
@transaction.atomic
def list_save(*, actor: Actor, organisation: Organisation, kind: str, names: list[str]) -> None:
    """Set the agencies or the categories in use, in the given order. Names no longer listed
    are kept for old gaps but marked not in use."""
    model: type[Agency] | type[GapCategory] = Agency if kind == "agencies" else GapCategory
    cleaned = [n.strip() for n in names if n.strip()]
    if not cleaned:
        raise ValidationError(_("Write at least one name."))
    if len({n.casefold() for n in cleaned}) != len(cleaned):
        raise ValidationError(_("Each name may appear only once."))
    if any(len(n) > 100 for n in cleaned):
        raise ValidationError(_("A name can be at most 100 characters."))
    existing = {
        item.name.casefold(): item for item in model.objects.filter(organisation=organisation)
    }
    for order, name in enumerate(cleaned):
        item = existing.pop(name.casefold(), None)
        if item is None:
            model.objects.create(organisation=organisation, name=name, order=order)
        else:
            item.name, item.order, item.active = name, order, True
            item.save()
    for item in existing.values():
        item.active = False
        item.save(update_fields=["active"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=organisation.pk,
        object_type=f"reports.{kind}",
        detail=f"{len(cleaned)} in use",
    )


# --- Collaboration gaps -------------------------------------------------------------------------
def _unit_of_young_person(user: User, organisation: Organisation) -> Unit | None:
    membership = (
        Membership.objects.active()
        .filter(user=user, organisation=organisation, role=Role.YOUNG_PERSON)
        .select_related("unit")
        .first()
    )
    return membership.unit if membership else None


@acts("gap.report", on="organisation")
@transaction.atomic
def gap_report(
    *,
    actor: Actor,
    organisation: Organisation,
    agencies: list[Agency],
    what_happened: str,
    consequence: str,
    sip: str,
    unit: Unit | None = None,
    request: Any = None,
) -> Gap:
    if actor.user is None:
        raise ValidationError(_("Log in to report."))
    if not agencies:
        raise ValidationError({"agencies": _("Choose at least one.")})
    if any(a.organisation_id != organisation.pk or not a.active for a in agencies):
        raise ValidationError({"agencies": _("Choose from the list.")})
    if not what_happened.strip():
        raise ValidationError({"what_happened": _("Tell us what happened.")})
    if sip not in Gap.Sip.values:
        raise ValidationError({"sip": _("Choose one of the answers.")})
    young = can(actor, "gap.report_as_young_person", organisation)
    if young:
        unit = _unit_of_young_person(actor.user, organisation)
    elif unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("Choose from the list.")})
    gap = Gap(
        organisation=organisation,
        unit=unit,
        reported_by=actor.user,
        reporter_kind=Gap.Reporter.YOUNG_PERSON if young else Gap.Reporter.STAFF,
        what_happened=what_happened.strip(),
        consequence=consequence.strip(),
        sip=sip,
        reported_at=timezone.now(),
    )
    gap.full_clean(exclude=["agencies"])
    gap.save()
    gap.agencies.set(agencies)
    record(
        action=Action.CREATE,
        actor=actor,
        request=request,
        organisation_id=organisation.pk,
        obj=gap,
        subject_id=actor.user.pk if young else None,
    )
    return gap


@acts("gap.review", on="gap")
@transaction.atomic
def gap_review(
    *,
    actor: Actor,
    gap: Gap,
    category: GapCategory | None,
    note: str,
    request: Any = None,
) -> Gap:
    if category is not None and category.organisation_id != gap.organisation_id:
        raise ValidationError({"category": _("Choose from the list.")})
    gap.category = category
    gap.review_note = note.strip()
    gap.reviewed_by = actor.user
    gap.reviewed_at = timezone.now()
    gap.full_clean(exclude=["agencies"])
    gap.save(update_fields=["category", "review_note", "reviewed_by", "reviewed_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        request=request,
        organisation_id=gap.organisation_id,
        obj=gap,
        detail="review",
    )
    return gap


@acts("gap.review", on="gap")
def gap_link_add(
    *, actor: Actor, gap: Gap, kind: str, target_id: UUID, request: Any = None
) -> GapLink:
    """Link a gap to something the actor may see (a pattern, a decision …)."""
    found = links.resolve(actor, gap.organisation_id, [(kind, target_id)])
    if not found:
        raise ValidationError(_("That could not be found, or you may not link to it."))
    link, _created = GapLink.objects.get_or_create(
        gap=gap, kind=kind, target_id=target_id, defaults={"created_by": actor.user}
    )
    record(
        action=Action.UPDATE,
        actor=actor,
        request=request,
        organisation_id=gap.organisation_id,
        obj=gap,
        detail=f"link {kind}",
    )
    return link


@acts("gap.review", on="gap")
def gap_link_remove(*, actor: Actor, gap: Gap, link_id: UUID, request: Any = None) -> None:
    GapLink.objects.filter(gap=gap, pk=link_id).delete()
    record(
        action=Action.UPDATE,
        actor=actor,
        request=request,
        organisation_id=gap.organisation_id,
        obj=gap,
        detail="unlink",
    )


# --- Reports --------------------------------------------------------------------------------
def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError({"period_end": _("The last month comes before the first.")})
    if (end.year - start.year) * 12 + end.month - start.month > 36:
        raise ValidationError({"period_end": _("A report can cover at most three years.")})


@acts("report.create", on="organisation")
@transaction.atomic
def report_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    unit: Unit | None,
    period_start: date,
    period_end: date,
) -> Report:
    _check_period(period_start, period_end)
    report = Report(
        organisation=organisation,
        unit=unit,
        title=title.strip(),
        period_start=period_start.replace(day=1),
        period_end=period_end.replace(day=1),
        created_by=actor.user,
    )
    report.full_clean()
    report.save()
    # A unit-scoped author writes only about the units they cover (the API takes any unit).
    ensure(actor, "report.manage", report)
    for order, heading in enumerate(
        [_("Summary"), _("What we did during the period"), _("What we will do next")]
    ):
        ReportSection.objects.create(report=report, heading=heading, body="", order=order)
    record(action=Action.CREATE, actor=actor, organisation_id=organisation.pk, obj=report)
    return report


@acts("report.manage", on="report")
def report_update(
    *, actor: Actor, report: Report, title: str, period_start: date, period_end: date
) -> Report:
    _check_period(period_start, period_end)
    report.title = title.strip()
    report.period_start = period_start.replace(day=1)
    report.period_end = period_end.replace(day=1)
    report.full_clean()
    report.save()
    record(action=Action.UPDATE, actor=actor, organisation_id=report.organisation_id, obj=report)
    return report


@acts("report.manage", on="report")
def section_save(
    *, actor: Actor, report: Report, section: ReportSection | None, heading: str, body: str
) -> ReportSection:
    if section is not None and section.report_id != report.pk:
        raise ValidationError(_("That section is not in this report."))
    if section is None:
        order = report.sections.count()
        section = ReportSection(report=report, order=order)
    section.heading = heading.strip()
    section.body = body.strip()
    section.full_clean()
    section.save()
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=report.organisation_id,
        obj=report,
        detail="section",
    )
    return section


@acts("report.manage", on="report")
def section_delete(*, actor: Actor, report: Report, section: ReportSection) -> None:
    if section.report_id != report.pk:
        raise ValidationError(_("That section is not in this report."))
    section.delete()
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=report.organisation_id,
        obj=report,
        detail="section removed",
    )


def _check_logo(upload: UploadedFile) -> str:
    """The file's type ("png" or "jpg") if it is a PNG or JPEG image of at most 1 MB."""
    if upload.size is None or upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo may be at most 1 MB."))
    head = upload.read(16)
    upload.seek(0)
    kind = next((k for magic, k in LOGO_TYPES.items() if head.startswith(magic)), None)
    if kind is None:
        raise ValidationError(_("The logo must be a PNG or JPEG image."))
    try:
        from PIL import Image

        with Image.open(upload) as image:
            image.verify()
            if image.width > 4000 or image.height > 4000:
                raise ValidationError(_("The logo may be at most 4000 × 4000 pixels."))
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise ValidationError(_("The image could not be read.")) from error
    finally:
        upload.seek(0)
    return kind


@acts("reports.settings", on="organisation")
def logo_save(
    *,
    actor: Actor,
    organisation: Organisation,
    upload: UploadedFile | None,
    text: str,
    remove: bool,
) -> ReportSettings:
    settings_row, _created = ReportSettings.objects.get_or_create(organisation=organisation)
    if remove and settings_row.logo:
        settings_row.logo.delete(save=False)
        settings_row.logo = ""
    if upload is not None:
        kind = _check_logo(upload)
        if settings_row.logo:
            settings_row.logo.delete(save=False)
        settings_row.logo.save(f"logo.{kind}", upload, save=False)
    settings_row.logo_text = text.strip()[:200]
    settings_row.save()
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=organisation.pk,
        object_type="reports.logo",
    )
    return settings_row
