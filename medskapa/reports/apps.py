from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "medskapa.reports"
    label = "reports"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
        from .start_panel import register_panels

        register_panels()
