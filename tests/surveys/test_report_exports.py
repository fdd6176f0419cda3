"""The reports PDF made by the worker: asked for from the reports page, followed on a page of
its own (htmx polling, a live region, a refresh link without JavaScript), offered when ready,
private to the manager who asked, and deleted after MAKIN_REPORT_EXPORT_HOURS."""

import datetime
import re
import subprocess

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.utils import timezone

from makin.channels import Channel
from makin.roles import Role
from surveys import services
from surveys.models import ReportExport, ReportExportState
from tests.factories import BeneficiaryFactory, answers_for, published_survey, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def answered():
    version = published_survey()
    officer = staff(Role.RECEPTION, first_name="نورة", last_name="الحربي")
    for rating in (5, 4, 2):
        invitation = services.invitation_create(
            beneficiary=BeneficiaryFactory(), channel=Channel.INTERVIEW, staff=officer
        )
        services.response_submit(
            invitation=invitation,
            answers=answers_for(version, overall=rating, speed=rating, recommend=True),
        )
    return officer


@pytest.fixture
def manager():
    return staff(Role.MANAGER)


def ask(client, django_capture_on_commit_callbacks, query=""):
    """Press "PDF" on the reports page; the worker (in-process in the tests) runs after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/reports/pdf/{query}")
    assert response.status_code == 302
    return response["Location"]


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(re.sub("[\u202a-\u202e]", "", text).split())


def test_the_reports_page_asks_for_the_pdf_by_a_form(client_for, manager, answered):
    html = client_for(manager).get("/staff/reports/?channel=interview").content.decode()
    assert '<form method="post" action="/staff/reports/pdf/?channel=interview">' in html
    assert "csrfmiddlewaretoken" in html
    # The Excel file is made while the manager waits: the link says so.
    assert 'data-long-work="' in html
    assert 'href="/staff/reports/report.xlsx?channel=interview"' in html


def test_asking_makes_the_pdf_and_the_page_offers_it(
    client_for, manager, answered, django_capture_on_commit_callbacks, tmp_path
):
    client = client_for(manager)
    page = ask(client, django_capture_on_commit_callbacks)
    export = ReportExport.objects.get()
    assert page == f"/staff/reports/pdf/{export.pk}/"
    assert export.requested_by == manager
    assert export.state == ReportExportState.READY
    assert export.language == "ar"
    assert export.file.name == f"report-exports/{export.pk}.pdf"

    html = client.get(page).content.decode()
    assert 'role="status"' in html
    assert 'data-export-state="ready"' in html
    assert "every 2s" not in html  # nothing more to wait for
    assert "الملف جاهز" in html
    assert f'href="/staff/reports/pdf/{export.pk}/file/"' in html

    response = client.get(f"/staff/reports/pdf/{export.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(b"".join(response.streaming_content), tmp_path)
    assert "67%" in text  # 4 of 6 ratings are 4 or 5
    assert "نورة" in text


def test_while_it_is_made_the_page_polls_and_offers_a_refresh_link(client_for, manager):
    client = client_for(manager)
    response = client.post("/staff/reports/pdf/")  # no commit in the test: the task waits
    export = ReportExport.objects.get()
    assert export.state == ReportExportState.QUEUED
    page = response["Location"]
    html = client.get(page).content.decode()
    assert 'data-export-state="pending"' in html
    assert f'data-hx-get="{page}"' in html
    assert 'data-hx-trigger="every 2s"' in html
    assert 'data-hx-swap="innerHTML"' in html
    assert 'role="status"' in html
    assert 'aria-live="polite"' in html
    assert f'<a href="{page}">تحديث</a>' in html  # without JavaScript
    # htmx asks for the status alone, and goes on asking while the PDF is made.
    fragment = client.get(page, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert 'id="report-export-status"' not in fragment.content.decode()  # its content only
    assert 'data-export-state="pending"' in fragment.content.decode()


def test_htmx_stops_asking_once_the_pdf_is_ready(
    client_for, manager, answered, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    page = ask(client, django_capture_on_commit_callbacks)
    fragment = client.get(page, headers={"HX-Request": "true"})
    assert fragment.status_code == 286  # htmx's "stop polling"
    assert 'data-export-state="ready"' in fragment.content.decode()


def test_the_pdf_keeps_the_filter_and_the_language(
    client_for, manager, answered, django_capture_on_commit_callbacks, tmp_path
):
    client = client_for(manager)
    page = ask(client, django_capture_on_commit_callbacks, "?channel=phone&calendar=gregorian")
    export = ReportExport.objects.get()
    assert export.filter["channel"] == "phone"
    assert client.get(page).status_code == 200
    english = client.post("/en/staff/reports/pdf/")
    assert english.status_code == 302
    assert ReportExport.objects.filter(language="en").count() == 1


def test_a_failure_is_shown_as_a_clear_message(
    client_for, manager, answered, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("makin.pdf.html_to_pdf", broken)
    client = client_for(manager)
    page = ask(client, django_capture_on_commit_callbacks)
    export = ReportExport.objects.get()
    assert export.state == ReportExportState.FAILED
    assert not export.file
    html = client.get(page).content.decode()
    assert 'data-export-state="failed"' in html
    assert "تعذّر إعداد الملف" in html
    assert "every 2s" not in html
    assert client.get(f"{page}file/").status_code == 404


def test_a_pdf_whose_worker_was_lost_is_shown_as_failed(client_for, manager):
    client = client_for(manager)
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=16)):
        page = client.post("/staff/reports/pdf/")["Location"]
    html = client.get(page).content.decode()
    assert 'data-export-state="failed"' in html
    assert "every 2s" not in html


def test_someone_elses_pdf_is_not_found(
    client_for, manager, answered, django_capture_on_commit_callbacks
):
    page = ask(client_for(manager), django_capture_on_commit_callbacks)
    other = client_for(staff(Role.MANAGER))
    for url in (page, f"{page}file/"):
        response = other.get(url)
        assert response.status_code == 404
        assert "هذا الملف غير متاح" in response.content.decode()
    assert other.get("/staff/reports/pdf/00000000-0000-0000-0000-000000000000/").status_code == (
        404
    )


def test_a_manager_who_is_no_longer_one_loses_the_pdf(
    client_for, manager, answered, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    page = ask(client, django_capture_on_commit_callbacks)
    manager.groups.clear()
    assert client.get(page).status_code == 403


def test_an_expired_pdf_is_a_clear_404_and_is_deleted_by_the_cleanup(
    client_for, manager, answered, django_capture_on_commit_callbacks, settings
):
    client = client_for(manager)
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=24, minutes=1)):
        page = ask(client, django_capture_on_commit_callbacks)
    export = ReportExport.objects.get()
    name = export.file.name
    assert default_storage.exists(name)
    for url in (page, f"{page}file/"):
        response = client.get(url)
        assert response.status_code == 404
        html = response.content.decode()
        assert "هذا الملف غير متاح" in html
        assert "24 ساعة" in html
    assert services.report_exports_delete_expired() == 1
    assert not ReportExport.objects.exists()
    assert not default_storage.exists(name)


def test_a_day_old_pdf_is_kept_until_its_hours_are_up(
    client_for, manager, answered, django_capture_on_commit_callbacks
):
    ask(client_for(manager), django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23, minutes=59)):
        assert services.report_exports_delete_expired() == 0
    assert ReportExport.objects.count() == 1


def test_the_worker_deletes_expired_pdfs_before_making_a_new_one(
    client_for, manager, answered, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=25)):
        ask(client, django_capture_on_commit_callbacks)
    old = ReportExport.objects.get()
    ask(client, django_capture_on_commit_callbacks)
    assert not ReportExport.objects.filter(pk=old.pk).exists()
    assert ReportExport.objects.get().state == ReportExportState.READY


def test_the_cleanup_command(manager, capsys):
    from django.core.management import call_command

    with time_machine.travel(timezone.now() - datetime.timedelta(hours=30)):
        ReportExport.objects.create(requested_by=manager, filter={}, language="ar")
    ReportExport.objects.create(requested_by=manager, filter={}, language="ar")
    call_command("report_exports_cleanup")
    assert capsys.readouterr().out == "1 expired reports PDF(s) deleted.\n"
    assert ReportExport.objects.count() == 1


def test_a_task_given_twice_makes_the_pdf_once(
    client_for, manager, answered, django_capture_on_commit_callbacks
):
    ask(client_for(manager), django_capture_on_commit_callbacks)
    export = ReportExport.objects.get()
    assert services.report_export_make(export_id=str(export.pk)) == "gone"


def test_only_managers_may_ask(client_for, users_by_role):
    for role in (Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE, Role.ADMIN, Role.APPLICANT):
        response = client_for(users_by_role[role]).post("/staff/reports/pdf/")
        assert response.status_code == 403, role
    anonymous = client_for(None).post("/staff/reports/pdf/")
    assert anonymous["Location"].startswith("/accounts/login/")
    assert not ReportExport.objects.exists()
