from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Assert on the English msgids; the Swedish translations come in one pass later."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
