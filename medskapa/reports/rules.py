"""Who may do what in reports; registered from AppConfig.ready.

Decisions (DOMAIN.md lets an organisation restrict, never widen):

* Dashboards (``reports.view``): managers and designers. A manager's figures cover the units
  of their grants (a unit grant covers its subtree; an org-wide grant the whole organisation);
  a designer's likewise (designers are normally org-wide). Workers do not see organisation
  dashboards unless they also hold a manager or designer grant: DOMAIN.md allows workers their
  own unit's aggregates, and the issue asks us to keep them out by default — this restricts.
  Org admins run the platform and, like in check-ins, see no aggregates. Which figures:
  ``reports.view_whole`` (org-wide grants) or the units of ``reports.view_unit``.
* Collaboration gaps: young people, workers, managers and designers report. Managers (in their
  units) and designers review and categorise. Who reported — identified data when a young
  person reported — is shown only to managers (with a second factor, audit-logged). Where the
  actor holds no staff role, ``gap.report_as_young_person`` says the report is theirs as a
  young person (simpler words, their own unit).
* Reports: managers and designers write them for a unit they cover (or the whole organisation
  when their grant is org-wide). Settings (agencies, categories, the logo): org admins and
  org-wide managers.
"""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Organisation, Unit
from medskapa.organisations.roles import Role

from .models import Gap, Report

READERS = (Role.MANAGER, Role.DESIGNER)


@rule("reports.view", Organisation)
def _view_dashboards(actor: Actor) -> Q:
    """Managers and designers see their organisation's dashboards (for their units)."""
    return Q(pk__in=actor.org_ids(*READERS))


@rule("reports.view_whole", Organisation)
def _view_whole_organisation(actor: Actor) -> Q:
    """Org-wide managers and designers see the figures of the whole organisation."""
    return Q(pk__in=actor.org_wide_ids(*READERS))


@rule("reports.view_unit", Unit)
def _view_unit_figures(actor: Actor) -> Q:
    """Managers and designers see the figures of the units of their grants (whole subtrees)."""
    return actor.q_within_units(READERS, org_field="organisation_id", path_field="path")


@rule("reports.settings", Organisation)
def _settings(actor: Actor) -> Q:
    """Org admins and org-wide managers set agencies, gap categories and the logo."""
    return Q(pk__in=actor.org_ids(Role.ORG_ADMIN) | actor.org_wide_ids(Role.MANAGER))


@rule("gap.report", Organisation)
def _report_gap(actor: Actor) -> Q:
    """Young people and staff who work with them report gaps in collaboration."""
    return Q(pk__in=actor.org_ids(Role.YOUNG_PERSON, Role.WORKER, *READERS))


@rule("gap.report_as_young_person", Organisation)
def _report_gap_as_young_person(actor: Actor) -> Q:
    """Where the actor reports as a young person (a member of no staff role there): their own
    unit is taken from their membership and the report is about them."""
    young = Q(pk__in=actor.org_ids(Role.YOUNG_PERSON))
    return young & ~Q(pk__in=actor.org_ids(Role.WORKER, *READERS))


@rule("gap.review", Gap)
def _review_gap(actor: Actor) -> Q:
    """Managers in their units, designers across the organisation (org-wide grants)."""
    return actor.q_within_units(READERS, org_field="organisation_id", path_field="unit__path")


@rule("gap.view_reporter", Gap, identified=True, subject="reported_by_id")
def _view_reporter(actor: Actor) -> Q:
    """Who reported: managers of the gap's unit only."""
    return actor.q_within_units(
        [Role.MANAGER], org_field="organisation_id", path_field="unit__path"
    )


@rule("report.create", Organisation)
def _create_report(actor: Actor) -> Q:
    return Q(pk__in=actor.org_ids(*READERS))


@rule("report.manage", Report)
def _manage_report(actor: Actor) -> Q:
    """A report about a unit: managers and designers covering it; about the whole
    organisation: org-wide managers and designers."""
    return actor.q_within_units(READERS, org_field="organisation_id", path_field="unit__path")
