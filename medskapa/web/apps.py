from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "medskapa.web"
    label = "web"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
