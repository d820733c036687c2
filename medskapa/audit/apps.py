from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "medskapa.audit"
    label = "audit"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
