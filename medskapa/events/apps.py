from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "medskapa.events"
    label = "events"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
