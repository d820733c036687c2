from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "medskapa.checkins"
    label = "checkins"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
        from .panels import register_panels

        register_panels()
