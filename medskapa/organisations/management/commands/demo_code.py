"""Print the current two-step code for the demo staff accounts (demo secret only)."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .seed_demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current six-digit code for the demo staff accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo code is for demo data only.")
        period = getattr(settings, "MFA_TOTP_PERIOD", 30)
        counter = int(time.time()) // period
        code = str(hotp_value(DEMO_TOTP_SECRET, counter)).zfill(6)
        self.stdout.write(code)
