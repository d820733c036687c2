"""The one user model for everyone: young people, guardians and staff.

Young people usually have no e-mail address: they log in with a username they chose when they
accepted their invite. Staff log in with e-mail. What a user may do is never decided here but by
memberships and the permission layer (``medskapa.access``).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(  # type: ignore[assignment]  # young people have no e-mail
        _("e-mail address"), unique=True, null=True, blank=True
    )
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    preferred_language = models.CharField(_("language"), max_length=10, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Only the year: enough to know when a guardian must consent, and less to keep about a child.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def name(self) -> str:
        return str(self)

    def save(self, *args: object, **kwargs: object) -> None:
        # An empty string would collide with the unique constraint; young people have no e-mail.
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)  # type: ignore[arg-type]
