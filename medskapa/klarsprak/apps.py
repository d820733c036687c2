from django.apps import AppConfig


class KlarsprakConfig(AppConfig):
    name = "medskapa.klarsprak"
    label = "klarsprak"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
        from .start_panel import register_panels

        register_panels()
