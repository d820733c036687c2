"""The roles a membership can carry. Rules about what each role may do live in ``access``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    YOUNG_PERSON = "young_person", _("Young person")
    GUARDIAN = "guardian", _("Guardian")
    WORKER = "worker", _("Worker")
    DESIGNER = "designer", _("Service designer")
    MANAGER = "manager", _("Manager")
    ORG_ADMIN = "org_admin", _("Organisation admin")


STAFF_ROLES = frozenset({Role.WORKER, Role.DESIGNER, Role.MANAGER, Role.ORG_ADMIN})
CITIZEN_ROLES = frozenset({Role.YOUNG_PERSON, Role.GUARDIAN})
