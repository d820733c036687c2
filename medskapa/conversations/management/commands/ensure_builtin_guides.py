"""Load (or update) the built-in conversation guides from medskapa/conversations/builtin/."""

from typing import Any

from django.core.management.base import BaseCommand

from medskapa.conversations.services import ensure_builtin_guides


class Command(BaseCommand):
    help = "Load the built-in conversation guides (idempotent; also runs after every migrate)."

    def handle(self, *args: Any, **options: Any) -> None:
        for guide in ensure_builtin_guides():
            version = guide.latest_published()
            self.stdout.write(f"{guide} v{version.number if version else '?'}")
