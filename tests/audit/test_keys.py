"""Production refuses to start without a real audit chain key (it is never in the database)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

STRONG_SECRET = "s" * 60


def _settings_error(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_CHAIN")}
    environment |= {
        "MEDSKAPA_ENV": "production",
        "SECRET_KEY": STRONG_SECRET,
        # Production needs field encryption keys too; not what these tests are about.
        "FIELD_ENCRYPTION_KEYS": "q9x7Zr7kLm2vNw4bTy8uHe5jGc3sDf6aQ1wE2rT3yU4=",
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", "import medskapa.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "needs AUDIT_CHAIN_KEY"),
        ({"AUDIT_CHAIN_KEY": "short"}, "AUDIT_CHAIN_KEY is too weak"),
    ],
)
def test_production_refuses_a_missing_or_weak_chain_key(env: dict[str, str], message: str) -> None:
    assert message in _settings_error(**env)


def test_production_starts_with_a_strong_chain_key() -> None:
    assert _settings_error(AUDIT_CHAIN_KEY="k" * 40) == ""
