from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "medskapa.conversations"
    label = "conversations"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, post_save

        from medskapa.organisations.models import Consent
        from medskapa.organisations.roles import Role
        from medskapa.web.panels import StartPanel, register

        from . import rules  # noqa: F401  (registers the rules)
        from .panels import staff_panel, young_person_panel
        from .shared_texts import register as register_shared_texts
        from .signals import builtin_guides_after_migrate, consent_saved

        post_save.connect(consent_saved, sender=Consent, dispatch_uid="conversations-consent")
        register_shared_texts()
        post_migrate.connect(builtin_guides_after_migrate, sender=self)
        register(
            StartPanel(
                key="conversations-young-person",
                template="conversations/panel_young_person.html",
                roles=frozenset({Role.YOUNG_PERSON}),
                context=young_person_panel,
                order=20,
            )
        )
        register(
            StartPanel(
                key="conversations-staff",
                template="conversations/panel_staff.html",
                roles=frozenset({Role.WORKER, Role.DESIGNER, Role.ORG_ADMIN, Role.MANAGER}),
                context=staff_panel,
                order=20,
            )
        )

        from .feedback_hooks import register_feedback_hooks

        register_feedback_hooks()
