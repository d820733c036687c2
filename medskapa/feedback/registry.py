"""The contributor registry moved to core: ``medskapa.web.registries.contributions``.

Kept only so the apps that still import it from here (checkins, events, insights, projects)
run until they import the core path; nothing new should import this module.
"""

from medskapa.web.registries.contributions import (
    MAX_TARGETS,
    Contact,
    ContactLookup,
    Contribution,
    Found,
    Provider,
    Recipient,
    Source,
    all_contributions,
    contact_for,
    has_provider,
    provider_kinds,
    register_contact,
    register_provider,
    register_source,
    walk,
)

__all__ = [
    "MAX_TARGETS",
    "Contact",
    "ContactLookup",
    "Contribution",
    "Found",
    "Provider",
    "Recipient",
    "Source",
    "all_contributions",
    "contact_for",
    "has_provider",
    "provider_kinds",
    "register_contact",
    "register_provider",
    "register_source",
    "walk",
]
