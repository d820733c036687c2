"""Recording a follow-up of the access log, and listing the earlier ones."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from medskapa.access.actor import Actor
from medskapa.audit import services
from medskapa.audit.models import AuditEvent, AuditReview
from tests.personas import Personas

from .helpers import Action


def form_url(personas: Personas, query: str = "") -> str:
    base = reverse("audit:review_create", args=[personas.own.pk])
    return f"{base}?{query}" if query else base


VALID = {
    "kind": "suspicion",
    "period_start": "2026-02-01",
    "period_end": "2026-02-28",
    "filters": "user=worker",
    "findings": "The worker looked at a young person outside their caseload; talked to them.",
}


def test_the_form_starts_from_the_filters_of_the_log_page(personas: Personas, client_for) -> None:
    response = client_for(personas.admin).get(
        form_url(personas, "user=worker&date_from=2026-02-01&date_to=2026-02-28")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="2026-02-01"' in body
    assert 'value="2026-02-28"' in body
    assert "user=worker&amp;date_from=2026-02-01&amp;date_to=2026-02-28" in body


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_recording_a_review_saves_it_logs_it_and_lists_it(
    personas: Personas, client_for, role: str
) -> None:
    reviewer = getattr(personas, role)
    client = client_for(reviewer)

    response = client.post(form_url(personas), VALID)

    assert response.status_code == 302
    assert response["Location"] == reverse("audit:review", args=[personas.own.pk])
    review = AuditReview.objects.get()
    assert review.organisation_id == personas.own.pk
    assert review.reviewer_id == reviewer.pk
    assert review.kind == AuditReview.Kind.SUSPICION
    assert (review.period_start, review.period_end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert review.filters == "user=worker"
    logged = AuditEvent.objects.get(action=Action.CREATE, object_type="audit.auditreview")
    assert logged.object_id == str(review.pk)
    assert logged.actor_id == reviewer.pk
    assert logged.organisation_id == personas.own.pk

    page = client.get(response["Location"]).content.decode()
    assert "The review was recorded." in page
    assert "outside their caseload" in page
    assert "On suspicion" in page
    assert "2026-02-01 – 2026-02-28" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"period_start": "2026-03-01"}, "on or after its start"),
        ({"findings": ""}, "This field is required."),
        ({"kind": "gossip"}, "Select a valid choice."),
        ({"period_end": "2026-02-31"}, "Enter a valid date."),
        ({"findings": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_an_invalid_review_is_shown_again_with_the_error_and_not_saved(
    personas: Personas, client_for, changes: dict[str, str], message: str
) -> None:
    response = client_for(personas.admin).post(form_url(personas), VALID | changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditReview.objects.exists()
    assert not AuditEvent.objects.filter(object_type="audit.auditreview").exists()


@pytest.mark.parametrize("who", ["worker", "designer", "young", "outsider_admin"])
def test_no_one_else_can_record_a_review(personas: Personas, client_for, who: str) -> None:
    user = getattr(personas, who)
    response = client_for(user).post(form_url(personas), VALID)
    assert response.status_code == 404
    assert not AuditReview.objects.exists()
    assert AuditEvent.objects.filter(action=Action.DENIED, actor_id=user.pk).exists()


def test_outsider_admin_does_not_see_our_reviews_in_their_log(
    personas: Personas, client_for
) -> None:
    client_for(personas.admin).post(form_url(personas), VALID)
    page = client_for(personas.outsider_admin).get(
        reverse("audit:review", args=[personas.other.pk])
    )
    assert page.status_code == 200
    assert "outside their caseload" not in page.content.decode()
    assert "No review has been recorded yet." in page.content.decode()


def test_a_token_cannot_record_a_review(personas: Personas) -> None:
    import uuid

    with pytest.raises(ValueError, match="person"):
        services.record_review(
            actor=Actor(token_id=uuid.uuid4()),
            organisation_id=personas.own.pk,
            kind=AuditReview.Kind.SAMPLE,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 31),
            filters="",
            findings="Nothing to remark.",
        )
    assert not AuditReview.objects.exists()
