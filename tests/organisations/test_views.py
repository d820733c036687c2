"""Organisation administration through the browser-facing views."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from medskapa.accounts.models import User
from medskapa.audit.models import AuditEvent
from medskapa.organisations.models import Caseload, Invite, Membership, Unit
from medskapa.organisations.roles import Role
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _young_person_invite(personas: Personas, name: str):  # type: ignore[no-untyped-def]
    from medskapa.access.actor import actor_for_user
    from medskapa.organisations.services import young_person_invite_create

    return young_person_invite_create(
        actor=actor_for_user(personas.worker),
        organisation=personas.own,
        unit=None,
        display_name=name,
    )


def _org_urls(p: Personas) -> list[str]:
    org = p.own.pk
    return [
        reverse("organisations:home", args=[org]),
        reverse("organisations:unit_create", args=[org]),
        reverse("organisations:unit_edit", args=[org, p.unit_a.pk]),
        reverse("organisations:staff", args=[org]),
        reverse("organisations:staff_invite", args=[org]),
        reverse("organisations:staff_detail", args=[org, p.colleague.pk]),
        reverse("organisations:caseload", args=[org]),
        reverse("organisations:young_person_invite", args=[org]),
        reverse("organisations:young_person_detail", args=[org, p.young.pk]),
        reverse("organisations:page_edit", args=[org, "privacy"]),
        reverse("organisations:settings", args=[org]),
    ]


def test_outsider_admin_gets_404_on_every_page_of_another_organisation(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.outsider_admin)
    for url in _org_urls(personas):
        assert client.get(url).status_code == 404, url
    denied = AuditEvent.objects.filter(action="denied", actor_id=personas.outsider_admin.pk)
    # The prober's own reviewers see the probe; the probed chain is not theirs to fill (issue 13.9).
    assert not denied.filter(organisation_id=personas.own.pk).exists()
    assert denied.filter(organisation_id=personas.other.pk).exists()


def test_anonymous_visitor_is_sent_to_log_in(personas: Personas, client) -> None:
    for url in _org_urls(personas):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_young_person_gets_404_on_staff_pages(personas: Personas, client_for) -> None:
    client = client_for(personas.young)
    own_page = reverse(
        "organisations:young_person_detail", args=[personas.own.pk, personas.young.pk]
    )
    for url in _org_urls(personas)[1:]:
        if url == own_page:
            continue  # their own data is theirs to see (DOMAIN.md), the rest is refused
        assert client.get(url).status_code == 404, url


def test_admin_adds_a_unit_below_another(personas: Personas, client_for) -> None:
    client = client_for(personas.admin)
    response = client.post(
        reverse("organisations:unit_create", args=[personas.own.pk]),
        {"name": "Barn och unga, Syd", "parent": personas.unit_a.pk},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Barn och unga, Syd")
    assert unit.is_within(personas.unit_a)


def test_admin_cannot_put_a_unit_under_another_organisations_unit(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.admin)
    response = client.post(
        reverse("organisations:unit_create", args=[personas.own.pk]),
        {"name": "Smuggel", "parent": personas.unit_b.pk},
    )
    assert response.status_code == 200
    assert not Unit.objects.filter(name="Smuggel").exists()


def test_moving_a_unit_moves_its_subtree(personas: Personas, client_for) -> None:
    client = client_for(personas.admin)
    client.post(
        reverse("organisations:unit_edit", args=[personas.own.pk, personas.unit_a.pk]),
        {"name": "Barn och unga", "parent": personas.unit_a2.pk},
    )
    personas.unit_a_child.refresh_from_db()
    assert personas.unit_a_child.is_within(personas.unit_a2)


def test_a_unit_cannot_be_moved_under_its_own_child(personas: Personas, client_for) -> None:
    client = client_for(personas.admin)
    response = client.post(
        reverse("organisations:unit_edit", args=[personas.own.pk, personas.unit_a.pk]),
        {"name": "Barn och unga", "parent": personas.unit_a_child.pk},
    )
    assert response.status_code == 200
    personas.unit_a.refresh_from_db()
    assert personas.unit_a.parent is None


def test_a_unit_with_people_cannot_be_removed(personas: Personas, client_for) -> None:
    client = client_for(personas.admin)
    url = reverse("organisations:unit_edit", args=[personas.own.pk, personas.unit_a.pk])
    response = client.post(url, {"name": "x", "delete": "1"})
    assert response.status_code == 200
    assert Unit.objects.filter(pk=personas.unit_a.pk).exists()


def test_staff_invite_by_email_creates_account_with_role_and_asks_for_second_factor(
    personas: Personas, client_for, client, django_capture_on_commit_callbacks
) -> None:
    admin = client_for(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("organisations:staff_invite", args=[personas.own.pk]),
            {
                "email": "Ny.Kurator@Egen.example",
                "display_name": "Ny Kurator",
                "role": Role.WORKER,
                "unit": personas.unit_a2.pk,
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/welcome/\S+/", mail.outbox[0].body)
    assert link
    path = link.group(0).split("testserver", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(
        path,
        {
            "display_name": "Ny Kurator",
            "password1": "ett långt lösenord för kurator",
            "password2": "ett långt lösenord för kurator",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    user = User.objects.get(email="ny.kurator@egen.example")
    assert Membership.objects.filter(
        user=user, organisation=personas.own, unit=personas.unit_a2, role=Role.WORKER
    ).exists()
    # The link works once.
    assert client.get(path).status_code == 404


def test_staff_without_second_factor_is_sent_to_set_it_up(personas: Personas, client_for) -> None:
    from tests.personas import make_user

    newcomer = make_user(
        "nyanstalld", org=personas.own, role=Role.WORKER, unit=personas.unit_a, mfa=False
    )
    Caseload.objects.create(organisation=personas.own, worker=newcomer, young_person=personas.young)
    client = client_for(newcomer)
    response = client.get(
        reverse("organisations:young_person_detail", args=[personas.own.pk, personas.young.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_worker_invites_young_person_who_joins_with_code(
    personas: Personas, client_for, client
) -> None:
    worker = client_for(personas.worker)
    response = worker.post(
        reverse("organisations:young_person_invite", args=[personas.own.pk]),
        {"display_name": "Alex", "unit": personas.unit_a_child.pk, "birth_year": 2012},
    )
    assert response.status_code == 200
    code = response.context["code"]
    assert len(code) == 8
    assert "<svg" in response.content.decode()
    # The young person types the code in lower case with a space.
    response = client.post(
        reverse("organisations:join"), {"code": f"{code[:4].lower()} {code[4:]}"}
    )
    assert response.status_code == 302
    account_url = response["Location"]
    response = client.post(
        account_url,
        {
            "username": "alex_12",
            "password1": "blå katt hoppar högt",
            "password2": "blå katt hoppar högt",
        },
    )
    assert response.status_code == 302
    alex = User.objects.get(username="alex_12")
    assert alex.birth_year == 2012
    assert Caseload.objects.filter(worker=personas.worker, young_person=alex).exists()
    assert client.get(reverse("web:start")).status_code == 200
    # A second submit (double tap, back button) never creates a second account.
    again = client.post(
        account_url,
        {
            "username": "alex_13",
            "password1": "blå katt hoppar högt",
            "password2": "blå katt hoppar högt",
        },
    )
    assert again.status_code == 404
    assert not User.objects.filter(username="alex_13").exists()


def test_wrong_code_gets_a_clear_message(personas: Personas, client) -> None:
    response = client.post(reverse("organisations:join"), {"code": "NOPE1234"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_young_person_password_rules_are_checked_with_a_clear_message(
    personas: Personas, client
) -> None:
    issued = _young_person_invite(personas, "Kim")
    url = reverse("organisations:join_with_code", args=[issued.secret])
    for password in ("kort", "12345678", "password"):
        response = client.post(
            url, {"username": "kim", "password1": password, "password2": password}
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not User.objects.filter(username="kim").exists()
    assert Invite.objects.get(pk=issued.invite.pk).accepted_at is None


def test_worker_viewing_a_young_person_is_audit_logged(personas: Personas, client_for) -> None:
    client = client_for(personas.worker)
    url = reverse("organisations:young_person_detail", args=[personas.own.pk, personas.young.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.filter(action="view", subject_id=personas.young.pk).latest("id")
    assert event.actor_id == personas.worker.pk
    assert event.organisation_id == personas.own.pk


def test_colleague_without_the_young_person_on_caseload_gets_404(
    personas: Personas, client_for
) -> None:
    url = reverse("organisations:young_person_detail", args=[personas.own.pk, personas.young.pk])
    assert client_for(personas.colleague).get(url).status_code == 404


def test_deactivating_staff_ends_all_their_sessions(personas: Personas, client_for) -> None:
    from django.test import Client

    colleague_client = Client()
    colleague_client.post(
        reverse("account_login"), {"login": "colleague@egen.example", "password": "x"}
    )
    colleague_client = client_for(personas.colleague)
    from allauth.usersessions.models import UserSession

    UserSession.objects.create(
        user=personas.colleague,
        session_key=colleague_client.session.session_key,
        ip="127.0.0.1",
    )
    assert colleague_client.get(reverse("web:start")).context["user"].is_authenticated
    admin = client_for(personas.admin)
    url = reverse("organisations:staff_detail", args=[personas.own.pk, personas.colleague.pk])
    assert admin.post(url, {"operation": "deactivate"}).status_code == 302
    personas.colleague.refresh_from_db()
    assert not personas.colleague.is_active
    response = colleague_client.get(reverse("organisations:caseload", args=[personas.own.pk]))
    assert response.status_code == 302  # back to log-in: the session is gone


def test_admin_ends_a_users_sessions(personas: Personas, client_for) -> None:
    from allauth.usersessions.models import UserSession

    colleague_client = client_for(personas.colleague)
    UserSession.objects.create(
        user=personas.colleague, session_key=colleague_client.session.session_key, ip="127.0.0.1"
    )
    admin = client_for(personas.admin)
    url = reverse("organisations:staff_detail", args=[personas.own.pk, personas.colleague.pk])
    admin.post(url, {"operation": "end_sessions"})
    personas.colleague.refresh_from_db()
    assert personas.colleague.is_active
    response = colleague_client.get(reverse("organisations:caseload", args=[personas.own.pk]))
    assert response.status_code == 302


def test_admin_assigns_and_removes_a_role(personas: Personas, client_for) -> None:
    admin = client_for(personas.admin)
    url = reverse("organisations:staff_detail", args=[personas.own.pk, personas.colleague.pk])
    admin.post(url, {"operation": "add_role", "role": Role.DESIGNER, "unit": ""})
    membership = Membership.objects.get(user=personas.colleague, role=Role.DESIGNER)
    admin.post(url, {"operation": "end_role", "membership": membership.pk})
    membership.refresh_from_db()
    assert membership.ended_at is not None


def test_admin_cannot_end_a_membership_of_another_organisation(
    personas: Personas, client_for
) -> None:
    admin = client_for(personas.admin)
    outsider_membership = Membership.objects.get(user=personas.outsider_worker)
    url = reverse("organisations:staff_detail", args=[personas.own.pk, personas.colleague.pk])
    response = admin.post(url, {"operation": "end_role", "membership": outsider_membership.pk})
    assert response.status_code == 404
    outsider_membership.refresh_from_db()
    assert outsider_membership.ended_at is None


def test_admin_edits_the_privacy_notice_shown_publicly(
    personas: Personas, client_for, client
) -> None:
    admin = client_for(personas.admin)
    admin.post(
        reverse("organisations:page_edit", args=[personas.own.pk, "privacy"]),
        {"language": "sv", "body": "Vi sparar så lite som möjligt."},
    )
    page = client.get(reverse("web:organisation_page", args=["egen", "privacy"]))
    assert "Vi sparar så lite som möjligt." in page.content.decode()


def test_guessing_invite_codes_is_slowed_down_even_for_a_right_code(
    personas: Personas, client
) -> None:
    issued = _young_person_invite(personas, "Robin")
    for guess in range(10):
        client.post(reverse("organisations:join"), {"code": f"WRONG{guess:03d}"})
    response = client.post(reverse("organisations:join"), {"code": issued.secret})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert (
        client.get(reverse("organisations:join_with_code", args=[issued.secret])).status_code == 404
    )


def test_reading_the_staff_list_and_a_staff_page_is_audit_logged(
    personas: Personas, client_for
) -> None:
    admin = client_for(personas.admin)
    admin.get(reverse("organisations:staff", args=[personas.own.pk]))
    admin.get(reverse("organisations:staff_detail", args=[personas.own.pk, personas.colleague.pk]))
    views = AuditEvent.objects.filter(action="view", actor_id=personas.admin.pk)
    # One row per person on the list, written by the layer after the page.
    assert views.filter(purpose="staff list", subject_id=personas.colleague.pk).exists()
    assert views.filter(purpose="staff member's page", subject_id=personas.colleague.pk).exists()


def test_the_caseload_page_audits_each_young_person_shown_in_one_request(
    personas: Personas, client_for
) -> None:
    Caseload.objects.create(
        organisation=personas.own, worker=personas.worker, young_person=personas.young_other
    )
    response = client_for(personas.worker).get(
        reverse("organisations:caseload", args=[personas.own.pk])
    )
    assert response.status_code == 200
    rows = AuditEvent.objects.filter(
        action="view", actor_id=personas.worker.pk, purpose="caseload list"
    )
    assert set(rows.values_list("subject_id", flat=True)) == {
        personas.young.pk,
        personas.young_other.pk,
    }
    assert len({row.request_id for row in rows}) == 1


def test_admin_sets_the_number_young_people_see_next_to_112_and_bris(
    personas: Personas, client_for
) -> None:
    admin = client_for(personas.admin)
    response = admin.post(
        reverse("organisations:settings", args=[personas.own.pk]),
        {"name": "Egen kommun", "contact_email": "", "contact_phone": "08-123 45 67"},
    )
    assert response.status_code == 302
    html = client_for(personas.young).get(reverse("web:start")).content.decode()
    assert "08-123 45 67" in html and "116 111" in html
    other = client_for(personas.outsider_young).get(reverse("web:start")).content.decode()
    assert "08-123 45 67" not in other


def test_a_phone_number_with_letters_is_refused_and_nothing_changes(
    personas: Personas, client_for
) -> None:
    admin = client_for(personas.admin)
    response = admin.post(
        reverse("organisations:settings", args=[personas.own.pk]),
        {"name": "Nytt namn", "contact_email": "", "contact_phone": "ring mig"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contact_phone"]
    personas.own.refresh_from_db()
    assert personas.own.name == "Egen kommun"


def test_a_young_person_is_not_shown_under_another_organisations_address(
    personas: Personas, client_for
) -> None:
    from medskapa.organisations.models import Membership as M

    # The worker also works in the other organisation, where the young person has no case.
    M.objects.create(user=personas.worker, organisation=personas.other, role=Role.WORKER)
    url = reverse("organisations:young_person_detail", args=[personas.other.pk, personas.young.pk])
    assert client_for(personas.worker).get(url).status_code == 404


def test_a_young_person_who_forgot_the_password_gets_a_new_one_with_a_code(
    personas: Personas, client_for, client
) -> None:
    from django.test import Client as BrowserClient

    from tests.personas import PASSWORD

    old_phone = client_for(personas.young)
    worker = client_for(personas.worker)
    url = reverse(
        "organisations:young_person_password_code", args=[personas.own.pk, personas.young.pk]
    )
    first = worker.post(url).context["code"]
    code = worker.post(url).context["code"]  # a second code makes the first one useless
    assert client.get(reverse("organisations:join_with_code", args=[first])).status_code == 404
    join_url = reverse("organisations:join_with_code", args=[code])
    page = client.get(join_url)
    assert personas.young.username in page.content.decode()
    response = client.post(
        join_url, {"password1": "en helt ny mening", "password2": "en helt ny mening"}
    )
    assert response.status_code == 302
    assert BrowserClient().login(username="young", password="en helt ny mening")
    assert not BrowserClient().login(username="young", password=PASSWORD)
    # The old phone's session is gone: it goes back to the log-in page.
    assert old_phone.get(reverse("web:account")).status_code == 302
    assert AuditEvent.objects.filter(detail="new log-in code", subject_id=personas.young.pk)


def test_only_the_young_persons_own_worker_can_make_a_code(personas: Personas, client_for) -> None:
    url = reverse(
        "organisations:young_person_password_code", args=[personas.own.pk, personas.young.pk]
    )
    assert client_for(personas.colleague).post(url).status_code == 404
    assert client_for(personas.admin).post(url).status_code == 404
    assert client_for(personas.outsider_worker).post(url).status_code == 404
    assert not Invite.objects.filter(for_user=personas.young).exists()


def test_a_deactivated_colleague_can_be_let_back_in(personas: Personas, client_for) -> None:
    from django.test import Client

    from tests.personas import PASSWORD

    admin = client_for(personas.admin)
    url = reverse("organisations:staff_detail", args=[personas.own.pk, personas.colleague.pk])
    admin.post(url, {"operation": "deactivate"})
    assert not Client().login(username="colleague", password=PASSWORD)
    admin.post(url, {"operation": "reactivate"})
    personas.colleague.refresh_from_db()
    assert personas.colleague.is_active and personas.colleague.deactivated_at is None
    assert Client().login(username="colleague", password=PASSWORD)
