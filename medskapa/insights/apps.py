from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "medskapa.insights"
    label = "insights"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
