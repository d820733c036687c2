from django.urls import reverse

from tests.personas import Personas


def test_worker_sees_their_caseload_page(personas: Personas, client_for) -> None:
    response = client_for(personas.worker).get(
        reverse("organisations:caseload", args=[personas.own.pk])
    )
    assert response.status_code == 200
    assert "Young" in response.content.decode()
