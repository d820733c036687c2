from __future__ import annotations

import pytest

from tests.api.conftest import issue_token  # noqa: F401  (the API tests' token fixture)


@pytest.fixture(autouse=True)
def _english_unless_asked(settings) -> None:  # type: ignore[no-untyped-def]
    """Pages answer in English unless the language cookie says otherwise, so tests can read
    the msgids; the tests of the Swedish text set the cookie to "sv"."""
    settings.LANGUAGE_CODE = "en"
