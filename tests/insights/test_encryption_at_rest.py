"""Finding 7 of issue 13: masked originals are ciphertext in the database, and unmasked
uploads waiting for the column step do not stay on disk."""

from __future__ import annotations

import datetime
import os

import pytest
from cryptography.fernet import Fernet
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.insights import services
from medskapa.insights.models import MaskedSpan, Source
from medskapa.organisations.models import Organisation
from tests.personas import Personas

from .conftest import make_source
from .test_import import _form, _url

SECRET_TEXT = "Jag heter Alva och mitt personnummer är 811218-9876."


def _raw_originals() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT original FROM insights_maskedspan ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_masked_originals_are_ciphertext_in_the_column_and_unmask_still_reads_them(
    personas: Personas,
) -> None:
    source = make_source(personas.own, SECRET_TEXT)
    raw = _raw_originals()
    assert len(raw) == 2
    assert not any("Alva" in value or "9876" in value for value in raw)
    assert sorted(MaskedSpan.objects.values_list("original", flat=True)) == [
        "811218-9876",
        "Alva",
    ]
    fragment = source.fragments.get()
    shown = services.fragment_unmask(
        actor=actor_for_user(personas.designer),
        fragment=fragment,
        reason="Kontroll av citat",
    )
    assert shown == SECRET_TEXT


@pytest.mark.django_db
def test_rotate_field_keys_moves_masked_originals_to_the_newest_key(
    personas: Personas, settings
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    make_source(personas.own, SECRET_TEXT)
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_keys", "--batch-size", "1")
    for value in _raw_originals():
        Fernet(new.encode()).decrypt(value.encode())  # raises if still under the old key
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert sorted(MaskedSpan.objects.values_list("original", flat=True)) == [
        "811218-9876",
        "Alva",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_originals_stored_in_plain_text() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("insights", "0001_initial")])
    old_apps = executor.loader.project_state([("insights", "0001_initial")]).apps
    organisation = Organisation.objects.create(name="Gammal", slug="gammal")
    source = old_apps.get_model("insights", "Source").objects.create(
        organisation_id=organisation.pk, title="t", method="interview", text="[namn] kom."
    )
    old_apps.get_model("insights", "MaskedSpan").objects.create(
        source_id=source.pk, start=0, end=6, kind="name", original="Amir"
    )
    assert _raw_originals() == ["Amir"]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("insights"))

    (raw,) = _raw_originals()
    assert raw != "Amir" and "Amir" not in raw
    assert MaskedSpan.objects.get().original == "Amir"


def _upload_table(client, personas: Personas) -> str:  # type: ignore[no-untyped-def]
    data = b"namn;svar\nAmir Hassan;Jag heter Amir, 20100101-1234\n"
    response = client.post(_url(personas), _form(file=SimpleUploadedFile("svar.csv", data)))
    assert response.status_code == 302
    name = client.session["insights_upload"]["file"]
    assert default_storage.exists(name)
    return name  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_cancelling_the_column_step_deletes_the_uploaded_file_at_once(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.designer)
    name = _upload_table(client, personas)
    response = client.post(
        reverse("insights:mapping", args=[personas.own.pk]), {"action": "cancel"}
    )
    assert response.status_code == 302
    assert not default_storage.exists(name)
    assert "insights_upload" not in client.session
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_a_new_upload_deletes_the_table_left_waiting_by_the_previous_one(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.designer)
    first = _upload_table(client, personas)
    second = _upload_table(client, personas)
    assert first != second
    assert not default_storage.exists(first) and default_storage.exists(second)


@pytest.mark.django_db
def test_housekeeping_deletes_uploads_abandoned_for_more_than_a_day(
    personas: Personas, client_for, settings
) -> None:
    abandoned = _upload_table(client_for(personas.designer), personas)
    fresh = _upload_table(client_for(personas.designer), personas)  # another session
    two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(default_storage.path(abandoned), (two_days_ago, two_days_ago))

    call_command("run_insights_housekeeping")

    assert not default_storage.exists(abandoned)
    assert default_storage.exists(fresh)
