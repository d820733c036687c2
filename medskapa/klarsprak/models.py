"""An organisation's own list of officialese (myndighetsord) with plainer alternatives.

Every organisation starts from the list Medskapa ships (``engines.plainlanguage``'s
``officialese_sv.tsv``). A row here adds a term, replaces a shipped term with the same
headword (``key``), or — with ``removed`` — takes a shipped term off the organisation's list.
The rows are settings, not personal data.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation


class OfficialeseTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="officialese_terms"
    )
    # The headword in lower case (the part of ``hard`` before the first |): one row per key.
    key = models.CharField(max_length=200, editable=False)
    hard = models.CharField(_("hard word or phrase"), max_length=200)
    plain = models.CharField(_("plainer alternative"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # True: the shipped term with this key is not on the organisation's list.
    removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("officialese term")
        verbose_name_plural = _("officialese terms")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="officialese_term_unique_key_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hard} → {self.plain}"
