from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "medskapa.organisations"
    label = "organisations"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
