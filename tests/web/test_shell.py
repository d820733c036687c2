"""The shell: headers, languages, error pages, public notices, production posture."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from medskapa.web.models import AccessibilityReport
from medskapa.web.views import error_500
from tests.personas import Personas

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_pages_carry_a_strict_content_security_policy(client: Client) -> None:
    response = client.get(reverse("web:start"))
    csp = response["Content-Security-Policy"]
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'nonce-" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_every_page_is_marked_no_store(personas: Personas, client_for) -> None:
    response = client_for(personas.worker).get(reverse("web:start"))
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"]


def test_swedish_is_the_default_language_whatever_the_browser_says(client: Client) -> None:
    response = client.get(reverse("web:start"), headers={"accept-language": "en-US,en"})
    assert '<html lang="sv" dir="ltr">' in response.content.decode()


def test_language_switch_remembers_english(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert '<html lang="en"' in page.content.decode()


@override_settings(LANGUAGES=[("sv", "Svenska"), ("en", "English"), ("ar", "العربية")])
def test_right_to_left_languages_get_dir_rtl(client: Client) -> None:
    client.cookies["medskapa_language"] = "ar"
    page = client.get("/")
    assert 'dir="rtl"' in page.content.decode()


def test_404_page_is_translated(client: Client) -> None:
    sv = client.get("/finns-inte/")
    assert sv.status_code == 404
    assert "Vi hittade inte sidan" in sv.content.decode()
    client.cookies["medskapa_language"] = "en"
    en = client.get("/finns-inte/")
    assert "We could not find the page" in en.content.decode()


def test_500_page_renders_without_the_failing_context() -> None:
    request = RequestFactory().get("/")
    response = error_500(request)
    assert response.status_code == 500
    assert "<h1>" in response.content.decode()


def test_accessibility_statement_takes_a_problem_report(client: Client) -> None:
    response = client.post(
        reverse("web:accessibility"),
        {"page": "/join/", "description": "Knappen syns inte i mörkt läge.", "contact": ""},
    )
    assert response.status_code == 302
    assert AccessibilityReport.objects.get().description.startswith("Knappen")


def test_an_empty_accessibility_report_is_refused_with_a_message(client: Client) -> None:
    response = client.post(reverse("web:accessibility"), {"description": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert not AccessibilityReport.objects.exists()


def test_young_person_start_page_shows_help_numbers_and_who_sees_answers(
    personas: Personas, client_for
) -> None:
    html = client_for(personas.young).get(reverse("web:start")).content.decode()
    assert "116 111" in html and "112" in html
    assert str(personas.worker) in html


def test_staff_start_page_lists_only_own_organisations(personas: Personas, client_for) -> None:
    html = client_for(personas.worker).get(reverse("web:start")).content.decode()
    assert personas.own.name in html
    assert personas.other.name not in html


def test_healthz_answers(client: Client) -> None:
    assert client.get("/healthz").content == b"ok"


def _run_django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A production process would not carry the test settings (the browser tests set the last).
    dropped = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    result = _run_django(
        ["check"], {"MEDSKAPA_ENV": "production", "MEDSKAPA_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = _run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "MEDSKAPA_ENV": "production",
            "SECRET_KEY": "p" * 20 + "-q9x!Zr7#kLm2@vNw4$bTy8&uHe5^jGc3*sDf6",
            "ALLOWED_HOSTS": "medskapa.example.se",
            "MEDSKAPA_VAR_DIR": str(tmp_path),
            # Throttles need a cache with atomic counters, shared by every web process.
            "REDIS_URL": "redis://127.0.0.1:6379/7",
            "FIELD_ENCRYPTION_KEYS": "q9x7Zr7kLm2vNw4bTy8uHe5jGc3sDf6aQ1wE2rT3yU4=",
            "AUDIT_CHAIN_KEY": "k" * 8 + "-audit-chain-key-for-the-deploy-check-0042",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_deploy_check_refuses_throttles_on_the_database_cache(tmp_path: Path) -> None:
    result = _run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "MEDSKAPA_ENV": "production",
            "SECRET_KEY": "p" * 20 + "-q9x!Zr7#kLm2@vNw4$bTy8&uHe5^jGc3*sDf6",
            "ALLOWED_HOSTS": "medskapa.example.se",
            "MEDSKAPA_VAR_DIR": str(tmp_path),
            "FIELD_ENCRYPTION_KEYS": "q9x7Zr7kLm2vNw4bTy8uHe5jGc3sDf6aQ1wE2rT3yU4=",
            "AUDIT_CHAIN_KEY": "k" * 8 + "-audit-chain-key-for-the-deploy-check-0042",
        },
    )
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stdout + result.stderr


def test_with_redis_sessions_are_read_from_the_cache_and_written_to_the_database(
    tmp_path: Path,
) -> None:
    show = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    env = {"MEDSKAPA_VAR_DIR": str(tmp_path)}
    with_redis = _run_django(
        ["shell", "-c", show], {**env, "REDIS_URL": "redis://127.0.0.1:6379/0"}
    )
    without = _run_django(["shell", "-c", show], env)
    assert (
        with_redis.stdout.strip().splitlines()[-1] == "django.contrib.sessions.backends.cached_db"
    )
    assert without.stdout.strip().splitlines()[-1] == "django.contrib.sessions.backends.db"


def test_a_report_on_an_organisations_statement_reaches_its_admins_by_mail_and_page(
    personas: Personas, client_for, client: Client, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    personas.own.contact_email = "tillganglighet@egen.example"
    personas.own.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("web:organisation_page", args=["egen", "accessibility"]),
            {"page": "/", "description": "Texten är för liten.", "contact": ""},
        )
    assert mail.outbox[0].to == ["tillganglighet@egen.example"]
    assert "Texten" not in mail.outbox[0].body  # the mail carries a link, not the report
    url = reverse("web:accessibility_reports", args=[personas.own.pk])
    admin = client_for(personas.admin)
    page = admin.get(url)
    assert "Texten är för liten." in page.content.decode()
    report = AccessibilityReport.objects.get()
    admin.post(url, {"report": report.pk})
    report.refresh_from_db()
    assert report.handled_at is not None
    assert client_for(personas.outsider_admin).get(url).status_code == 404
    assert client_for(personas.worker).get(url).status_code == 404


def test_a_logged_in_persons_report_goes_to_their_organisation(
    personas: Personas, client_for
) -> None:
    client_for(personas.young).post(
        reverse("web:accessibility"), {"description": "Knappen är för liten."}
    )
    assert AccessibilityReport.objects.get().organisation == personas.own


def test_a_logged_in_persons_language_follows_them_to_another_device(
    personas: Personas, client_for
) -> None:
    phone = client_for(personas.young)
    phone.post(reverse("set_language"), {"language": "en", "next": "/"})
    personas.young.refresh_from_db()
    assert personas.young.preferred_language == "en"
    tablet = client_for(personas.young)  # no language cookie there
    assert '<html lang="en"' in tablet.get("/").content.decode()
