"""Reports: created for a unit or the organisation, texts written with the klarspråk panel,
the HTML page and the PDF (its text read back with pypdf), the logo, CSV, sections other apps
register, and who may open what."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from medskapa.access.actor import actor_for_user
from medskapa.reports import sections, services
from medskapa.reports.models import Report, ReportSection, ReportSettings
from medskapa.web.registries import report_sections
from tests.personas import Personas

from .helpers import at, people, refresh, score


def _png(size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 79, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def report(personas: Personas) -> Report:
    p = personas
    for i, person in enumerate(people(12)):
        score(p.own, person, at(2026, 3), area="school", value=4 if i < 6 else 5, unit=p.unit_a)
    refresh(p.own)
    made = services.report_create(
        actor=actor_for_user(p.designer),
        organisation=p.own,
        title="Årsrapport 2026",
        unit=None,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 1),
    )
    first = made.sections.first()
    assert first is not None
    services.section_save(
        actor=actor_for_user(p.designer),
        report=made,
        section=first,
        heading="Sammanfattning",
        body="Unga mår bättre i skolan i år. Vi har lyssnat på dem.",
    )
    return made


def test_a_designer_creates_a_report_from_the_form(personas: Personas, client_for: object) -> None:
    client: Client = client_for(personas.designer)  # type: ignore[operator]
    response = client.post(
        f"/org/{personas.own.pk}/reports/yearly/",
        {"title": "Rapport", "unit": "", "period_start": "2026-01", "period_end": "2026-06"},
    )
    assert response.status_code == 302
    made = Report.objects.get()
    assert made.unit is None and made.period_end == date(2026, 6, 1)
    assert made.sections.count() == 3


def test_a_unit_manager_must_choose_one_of_their_units(
    personas: Personas, client_for: object
) -> None:
    client: Client = client_for(personas.manager)  # type: ignore[operator]
    url = f"/org/{personas.own.pk}/reports/yearly/"
    bad = client.post(
        url, {"title": "R", "unit": "", "period_start": "2026-01", "period_end": "2026-06"}
    )
    assert bad.status_code == 200 and Report.objects.count() == 0
    sibling = client.post(
        url,
        {
            "title": "R",
            "unit": str(personas.unit_a2.pk),
            "period_start": "2026-01",
            "period_end": "2026-06",
        },
    )
    assert sibling.status_code == 200 and Report.objects.count() == 0
    good = client.post(
        url,
        {
            "title": "R",
            "unit": str(personas.unit_a.pk),
            "period_start": "2026-01",
            "period_end": "2026-06",
        },
    )
    assert good.status_code == 302 and Report.objects.get().unit == personas.unit_a


def test_a_period_that_ends_before_it_starts_is_refused(
    personas: Personas, client_for: object
) -> None:
    client: Client = client_for(personas.designer)  # type: ignore[operator]
    response = client.post(
        f"/org/{personas.own.pk}/reports/yearly/",
        {"title": "R", "period_start": "2026-06", "period_end": "2026-01"},
    )
    assert response.status_code == 200 and Report.objects.count() == 0


def test_the_report_page_shows_texts_figures_and_honest_missing_sections(
    report: Report, client_for: object, personas: Personas
) -> None:
    client: Client = client_for(personas.designer)  # type: ignore[operator]
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Sammanfattning" in html and "Unga mår bättre" in html
    assert "<svg" in html and "<desc" in html
    missing = [key for key in sections.EXPECTED if key not in report_sections.registered()]
    assert html.count("Inte tillgängligt än") == len(missing)


def test_the_pdf_holds_the_title_texts_figures_and_logo(
    report: Report, client_for: object, personas: Personas
) -> None:
    services.logo_save(
        actor=actor_for_user(personas.admin),
        organisation=personas.own,
        upload=SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
        text="Egen kommun",
        remove=False,
    )
    client: Client = client_for(personas.designer)  # type: ignore[operator]
    response = client.get(f"/reports/{report.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Årsrapport 2026" in text
    assert "Unga mår bättre i skolan" in text
    assert "Brister i samverkan" in text
    assert "12" in text  # the number of young people in March
    images = [img for page in reader.pages for img in page.images]
    assert images, "the logo is in the PDF"
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4


def test_a_section_can_be_checked_with_the_klarsprak_panel_without_javascript(
    report: Report, client_for: object, personas: Personas
) -> None:
    section = report.sections.first()
    assert section is not None
    client: Client = client_for(personas.designer)  # type: ignore[operator]
    url = f"/reports/{report.pk}/texts/{section.pk}/"
    response = client.post(
        url,
        {
            "heading": "Sammanfattning",
            "body": "Handläggningen av ärendet har genomförts i enlighet med gällande "
            "bestämmelser.",
            "klarsprak_review": "1",
        },
    )
    assert response.status_code == 200
    assert "LIX" in response.content.decode()
    section.refresh_from_db()
    assert section.body.startswith("Unga")  # nothing saved on review
    saved = client.post(url, {"heading": "Kort", "body": "Nu är det enkelt."})
    assert saved.status_code == 302
    section.refresh_from_db()
    assert section.heading == "Kort"


def test_the_logo_must_be_a_small_png_or_jpeg(personas: Personas) -> None:
    actor = actor_for_user(personas.admin)
    for name, data in (
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("logo.png", b"\x89PNG\r\n\x1a\nnot really"),
        ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1)),
    ):
        with pytest.raises(Exception) as caught:
            services.logo_save(
                actor=actor,
                organisation=personas.own,
                upload=SimpleUploadedFile(name, data),
                text="",
                remove=False,
            )
        assert type(caught.value).__name__ == "ValidationError"
    assert not ReportSettings.objects.filter(organisation=personas.own).exclude(logo="").exists()


def test_a_logo_upload_through_the_settings_page(personas: Personas, client_for: object) -> None:
    client: Client = client_for(personas.admin)  # type: ignore[operator]
    url = f"/org/{personas.own.pk}/reports/settings/"
    bad = client.post(url, {"form": "logo", "logo": SimpleUploadedFile("x.gif", b"GIF89a")})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    good = client.post(
        url, {"form": "logo", "logo": SimpleUploadedFile("x.png", _png()), "logo_text": "Egen"}
    )
    assert good.status_code == 302
    assert ReportSettings.objects.get(organisation=personas.own).logo


def test_report_csv_exports_the_same_suppressed_tables(
    report: Report, client_for: object, personas: Personas
) -> None:
    client: Client = client_for(personas.designer)  # type: ignore[operator]
    response = client.get(f"/reports/{report.pk}/csv/areas/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert client.get(f"/reports/{report.pk}/csv/nope/").status_code == 404


def test_who_may_open_a_report(report: Report, client_for: object, personas: Personas) -> None:
    p = personas
    for user, status in (
        (p.designer, 200),
        (p.manager, 404),
        (p.worker, 404),
        (p.outsider_designer, 404),
    ):
        assert client_for(user).get(f"/reports/{report.pk}/").status_code == status, user  # type: ignore[operator]
    unit_report = Report.objects.create(
        organisation=p.own,
        unit=p.unit_a,
        title="Enhet",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 1),
    )
    assert client_for(p.manager).get(f"/reports/{unit_report.pk}/").status_code == 200  # type: ignore[operator]


def test_a_section_another_app_registers_is_rendered(
    report: Report, client_for: object, personas: Personas
) -> None:
    before = report_sections.registered().get("insights.top_patterns")
    report_sections.register_section(
        report_sections.Section(
            key="insights.top_patterns",
            title="Återkoppling",
            template="reports/includes/registered_section.html",
            render_context=lambda actor, org, period: {
                "paragraphs": [f"reached 7 since {period.start:%Y}"]
            },
        )
    )
    try:
        client: Client = client_for(personas.designer)  # type: ignore[operator]
        html = client.get(f"/reports/{report.pk}/").content.decode()
        assert "Återkoppling" in html and "reached 7" in html
        missing = [key for key in sections.EXPECTED if key not in report_sections.registered()]
        assert html.count("Inte tillgängligt än") == len(missing)
    finally:
        report_sections.unregister_section("insights.top_patterns")
        if before is not None:
            report_sections.register_section(before)


def test_removing_a_text(report: Report, client_for: object, personas: Personas) -> None:
    section = ReportSection.objects.filter(report=report).last()
    assert section is not None
    client: Client = client_for(personas.designer)  # type: ignore[operator]
    client.post(
        f"/reports/{report.pk}/texts/{section.pk}/", {"heading": "x", "body": "", "delete": "1"}
    )
    assert not ReportSection.objects.filter(pk=section.pk).exists()
