from django.apps import AppConfig


class MydataConfig(AppConfig):
    name = "medskapa.mydata"
    label = "mydata"

    def ready(self) -> None:
        from . import (
            rules,  # noqa: F401  (registers the rules)
            services,  # noqa: F401  (declares the writes the layer's walk calls)
        )
        from .panels import register_panels

        register_panels()
