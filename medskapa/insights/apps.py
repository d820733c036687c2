from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "medskapa.insights"
    label = "insights"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
        from .links import register_link_kinds
        from .panels import register_panels
        from .signals import connect

        register_link_kinds()
        register_panels()
        connect()

        from .feedback_hooks import register_feedback_hooks

        register_feedback_hooks()

        from .report_section import register as register_report_section

        register_report_section()
