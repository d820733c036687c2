"""Whatever a reviewer (or anyone) types into the filters, the page answers without a 500."""

from __future__ import annotations

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.personas import Personas

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
dates = st.one_of(text, st.dates().map(lambda d: d.isoformat()))
params = st.fixed_dictionaries(
    {},
    optional={
        "user": text,
        "subject": st.one_of(text, st.uuids().map(str)),
        "date_from": dates,
        "date_to": dates,
        "action": st.one_of(text, st.sampled_from(["view", "export", "denied", ""])),
        "page": text,
    },
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=params)
def test_no_filter_input_gives_a_server_error(personas: Personas, client_for, query) -> None:  # type: ignore[no-untyped-def]
    client = client_for(personas.admin)
    page = client.get(reverse("audit:review", args=[personas.own.pk]), query)
    assert page.status_code == 200
    export = client.get(reverse("audit:export", args=[personas.own.pk]), query)
    assert export.status_code in (200, 302)
    if export.status_code == 200:
        b"".join(export.streaming_content)
