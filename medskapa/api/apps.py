from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "medskapa.api"
    label = "api"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
