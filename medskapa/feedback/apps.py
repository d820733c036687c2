from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "medskapa.feedback"
    label = "feedback"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
