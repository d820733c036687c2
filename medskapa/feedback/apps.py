from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "medskapa.feedback"
    label = "feedback"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
        from .report_section import register

        register()  # the reports section, when medskapa.reports offers sections
        from .panels import register_panels

        register_panels()
