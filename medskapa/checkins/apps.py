from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "medskapa.checkins"
    label = "checkins"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
        from .links import register_link_kinds
        from .panels import register_panels

        register_panels()
        register_link_kinds()

        from .feedback_hooks import register_feedback_hooks

        register_feedback_hooks()

        from .cohort import register_cohort_measure

        register_cohort_measure()
