from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "medskapa.projects"
    label = "projects"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
