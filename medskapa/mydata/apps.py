from django.apps import AppConfig


class MydataConfig(AppConfig):
    name = "medskapa.mydata"
    label = "mydata"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
        from .panels import register_panels

        register_panels()
