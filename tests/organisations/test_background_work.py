"""The staff invite e-mail goes through the Tasks API on every backend the platform offers:
immediate (default), database workers (django-tasks-db) and Redis worker pools (django-tasks-rq).
"""

from __future__ import annotations

import pytest
import redis
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from medskapa.organisations.roles import Role
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _invite(client, personas: Personas, capture) -> None:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        response = client.post(
            reverse("organisations:staff_invite", args=[personas.own.pk]),
            {"email": "ny@egen.example", "display_name": "Ny", "role": Role.WORKER, "unit": ""},
        )
    assert response.status_code == 302


def test_immediate_backend_sends_the_mail_at_once(
    personas: Personas, client_for, django_capture_on_commit_callbacks
) -> None:
    _invite(client_for(personas.admin), personas, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_database_backend_keeps_the_mail_until_a_worker_sends_it(
    personas: Personas, client_for, settings, django_capture_on_commit_callbacks
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    _invite(client_for(personas.admin), personas, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 1
    assert "/welcome/" in mail.outbox[0].body


@pytest.fixture
def rq_queue(settings):  # type: ignore[no-untyped-def]
    """The "default" queue of RQ_QUEUES (django-rq reads it once, at import), emptied."""
    import django_rq

    queue = django_rq.get_queue("default")
    try:
        queue.connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at RQ_QUEUES['default']")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue.empty()
    yield queue
    queue.empty()


def test_redis_backend_queues_the_mail_for_a_worker_pool(
    personas: Personas, client_for, rq_queue, django_capture_on_commit_callbacks
) -> None:
    from django_tasks_rq import Job
    from rq import SimpleWorker

    _invite(client_for(personas.admin), personas, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert rq_queue.count == 1
    # One worker of the pool, in this process (no fork), so it shares the test's database.
    # Production: `manage.py rqworker --job-class django_tasks_rq.Job default`.
    SimpleWorker([rq_queue], connection=rq_queue.connection, job_class=Job).work(burst=True)
    assert len(mail.outbox) == 1
    assert "/welcome/" in mail.outbox[0].body
