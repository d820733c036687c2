"""Who may do what in insights; registered from AppConfig.ready.

Decisions (DOMAIN.md, "who may see what"; organisations may restrict, never widen):
- Fragments shared with consent are pseudonymous and masked. Designers and managers of the
  organisation see them (sources, fragments, patterns, the board); workers, org admins, young
  people and guardians do not. Nothing crosses organisations.
- Designers do the work: import, split, tag, run the engine, curate, export. Managers read.
- Unmasking (the originals behind ``[namn]`` …) is identified personal data: only designers, with
  a second factor and a stated reason; every unmasking is audit-logged with the reason. Org
  admins run the platform and do not read young people's words, so they cannot unmask.
- On a pattern page, a quote from a group of fewer than five people is shown only to those who
  may unmask (designers); managers see the counts ("fewer than 5") without it.
"""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role

from .models import Fragment, Pattern, Source, SuggestedTheme, ThemeRun

READERS = (Role.DESIGNER, Role.MANAGER)


@rule("insights.view", Organisation)
def _view(actor: Actor) -> Q:
    """Designers and managers see their organisation's insights."""
    return Q(pk__in=actor.org_ids(*READERS))


@rule("insights.curate", Organisation)
def _curate(actor: Actor) -> Q:
    """Designers import, tag, run the engine, curate patterns and export."""
    return Q(pk__in=actor.org_ids(Role.DESIGNER))


@rule("insight_source.view", Source)
def _source_view(actor: Actor) -> Q:
    """Designers and managers of the source's organisation."""
    return Q(organisation_id__in=actor.org_ids(*READERS))


@rule("insight_source.manage", Source)
def _source_manage(actor: Actor) -> Q:
    """Designers of the source's organisation."""
    return Q(organisation_id__in=actor.org_ids(Role.DESIGNER))


@rule("insight_fragment.curate", Fragment)
def _fragment_curate(actor: Actor) -> Q:
    """Designers tag and move fragments of their organisation."""
    return Q(organisation_id__in=actor.org_ids(Role.DESIGNER))


@rule("insight_fragment.unmask", Fragment, identified=True, subject="")
def _fragment_unmask(actor: Actor) -> Q:
    """Designers, with a second factor and a stated reason (audit-logged)."""
    return Q(organisation_id__in=actor.org_ids(Role.DESIGNER))


@rule("insight_pattern.view", Pattern)
def _pattern_view(actor: Actor) -> Q:
    """Designers and managers of the pattern's organisation."""
    return Q(organisation_id__in=actor.org_ids(*READERS))


@rule("insight_pattern.manage", Pattern)
def _pattern_manage(actor: Actor) -> Q:
    """Designers describe and rename patterns."""
    return Q(organisation_id__in=actor.org_ids(Role.DESIGNER))


@rule("insight_run.view", ThemeRun)
def _run_view(actor: Actor) -> Q:
    """Designers and managers follow theme runs and see the board."""
    return Q(organisation_id__in=actor.org_ids(*READERS))


@rule("insight_run.curate", ThemeRun)
def _run_curate(actor: Actor) -> Q:
    """Designers curate the board."""
    return Q(organisation_id__in=actor.org_ids(Role.DESIGNER))


@rule("insight_theme.curate", SuggestedTheme)
def _theme_curate(actor: Actor) -> Q:
    """Designers accept, rename, discard, merge and split the columns of their board."""
    return Q(run__organisation_id__in=actor.org_ids(Role.DESIGNER))
