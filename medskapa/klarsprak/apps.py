from django.apps import AppConfig


class KlarsprakConfig(AppConfig):
    name = "medskapa.klarsprak"
    label = "klarsprak"

    def ready(self) -> None:
        from medskapa.web.registries.text_review import Reviewer, register_reviewer

        from . import rules  # noqa: F401  (registers the rules)
        from .panel import REVIEW_BUTTON, analysis_context
        from .start_panel import register_panels

        register_panels()
        register_reviewer(Reviewer(button=REVIEW_BUTTON, context=analysis_context))
