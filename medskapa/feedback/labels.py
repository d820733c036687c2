"""Labels that other apps' feedback hooks pass as untranslated msgids (``gettext_noop``), kept
here so they are in the feedback catalogue; feedback translates them when it shows them."""

from django.utils.translation import gettext_noop

HOOK_LABELS = [
    gettext_noop("Survey answer"),
    gettext_noop("Shared conversation answer"),
    gettext_noop("Feedback after an event"),
    gettext_noop("Took part in an event"),
    gettext_noop("Shared answers from a conversation guide"),
    gettext_noop("Event"),
    # For the apps that land later (insights, projects): use these msgids if they fit.
    gettext_noop("Fragment"),
    gettext_noop("Reaction to a goal image"),
    gettext_noop("Idea"),
    gettext_noop("Rating of a prototype"),
    gettext_noop("Co-creator in a project"),
]
