from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "medskapa.conversations"
    label = "conversations"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the rules)
