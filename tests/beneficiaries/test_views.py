"""The pages: what applicants and staff see and do, and how many queries each costs."""

import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse

from beneficiaries.models import (
    Beneficiary,
    Document,
    DuplicateCandidate,
    DuplicateStatus,
    FileAccess,
    HouseholdMember,
    VerificationStatus,
)
from makin.roles import Role
from tests.beneficiaries.conftest import upload
from tests.factories import (
    DocumentFactory,
    FileFactory,
    HouseholdMemberFactory,
    document_kind,
    make_national_id,
    staff,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def file_post(**overrides):
    data = {
        "first_name": "عبدالله",
        "father_name": "سالم",
        "grandfather_name": "محمد",
        "family_name": "الجهني",
        "gender": "male",
        "birth_date": "1979-05-02",
        "nationality": "السعودية",
        "marital_status": "married",
        "id_expiry": (TODAY + datetime.timedelta(days=200)).isoformat(),
        "mobile": "0501112233",
        "city": "ينبع",
        "district": "الصريف",
        "housing": "owned",
        "consent": "on",
        "incomes-TOTAL_FORMS": "1",
        "incomes-INITIAL_FORMS": "0",
        "incomes-MIN_NUM_FORMS": "0",
        "incomes-MAX_NUM_FORMS": "10",
        "incomes-0-source": "مكافأة الحلقة",
        "incomes-0-monthly_amount": "١٢٠٠",
    }
    data.update(overrides)
    return data


def household_post(rows, initial=0):
    data = {
        "household-TOTAL_FORMS": str(len(rows)),
        "household-INITIAL_FORMS": str(initial),
        "household-MIN_NUM_FORMS": "0",
        "household-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        data.update({f"household-{i}-{k}": v for k, v in row.items()})
    return data


# The applicant --------------------------------------------------------------------------------


def test_an_applicant_without_a_file_is_sent_to_create_it(client_for, applicant):
    response = client_for(applicant).get("/my/file/")
    assert response.status_code == 302
    assert response.url == reverse("beneficiaries:my_file_create")
    page = client_for(applicant).get(response.url).content.decode()
    assert "إشعار الخصوصية" in page
    assert 'name="consent"' in page


def test_an_applicant_creates_their_file_then_household_then_documents(client_for, applicant):
    document_kind("family_record")
    client = client_for(applicant)
    response = client.post("/my/file/new/", file_post())
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == "/my/file/household/"
    file = Beneficiary.objects.get(owner=applicant)
    assert file.national_id == applicant.national_id
    assert file.incomes.get().monthly_amount == 1200
    assert file.consent_version == "2026-1"

    response = client.post(
        "/my/file/household/",
        household_post(
            [{"name": "نورة سعد", "relation": "spouse", "gender": "female", "monthly_income": "0"}]
        ),
    )
    assert response.status_code == 302
    assert file.household.get().name == "نورة سعد"

    response = client.post(
        "/my/file/documents/",
        {
            "kind": document_kind("id_copy").pk,
            "expiry_date": file.id_expiry.isoformat(),
            "upload": upload("هويتي.pdf"),
        },
    )
    assert response.status_code == 302
    document = file.documents.get()
    assert document.original_name == "هويتي.pdf"
    page = client.get("/my/file/").content.decode()
    assert "هويتي.pdf" in page
    assert "سجل الأسرة" in page  # still missing


def test_a_failed_file_form_keeps_what_was_typed_and_saves_nothing(client_for, applicant):
    response = client_for(applicant).post(
        "/my/file/new/", file_post(iban="SA0380000000608010167518", consent="")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "يرجى الموافقة على إشعار الخصوصية" in page
    assert "رقم الآيبان غير صحيح" in page
    assert 'value="عبدالله"' in page
    assert 'value="مكافأة الحلقة"' in page
    assert not Beneficiary.objects.exists()


def test_a_failed_household_row_saves_nothing(client_for, own_file, applicant):
    response = client_for(applicant).post(
        "/my/file/household/",
        household_post(
            [
                {"name": "سارة", "relation": "daughter", "gender": "female"},
                {"name": "خالد", "relation": "son", "gender": "male", "national_id": "1234567890"},
            ]
        ),
    )
    assert response.status_code == 200
    assert "رقم الهوية غير صحيح" in response.content.decode()
    assert 'value="سارة"' in response.content.decode()
    assert not HouseholdMember.objects.exists()


def test_a_wrong_file_type_is_refused_beside_the_field(client_for, own_file, applicant):
    response = client_for(applicant).post(
        "/my/file/documents/",
        {"kind": document_kind("other").pk, "upload": upload("x.pdf", b"<html></html>")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "PDF" in page
    assert "is-invalid" in page
    assert "اختر الملف مرة أخرى" in page  # files are not kept: said so
    assert not Document.objects.exists()


def test_the_applicant_edits_the_file_and_the_page_says_it_needs_verifying(
    client_for, own_file, applicant
):
    client = client_for(applicant)
    page = client.get("/my/file/edit/").content.decode()
    assert 'name="consent"' not in page  # accepted already, same notice version
    response = client.post(
        "/my/file/edit/",
        file_post(consent="", **{"incomes-TOTAL_FORMS": "0"}, street="شارع البحر"),
    )
    assert response.status_code == 302
    own_file.refresh_from_db()
    assert own_file.street == "شارع البحر"
    assert own_file.national_id == applicant.national_id


def test_a_new_privacy_notice_is_accepted_again_before_saving(
    client_for, own_file, applicant, settings
):
    settings.MAKIN_PRIVACY_NOTICE_VERSION = "2027-1"
    client = client_for(applicant)
    assert 'name="consent"' in client.get("/my/file/edit/").content.decode()
    post = file_post(consent="", street="شارع البحر", **{"incomes-TOTAL_FORMS": "0"})
    assert client.post("/my/file/edit/", post).status_code == 200
    post["consent"] = "on"
    assert client.post("/my/file/edit/", post).status_code == 302
    own_file.refresh_from_db()
    assert own_file.consent_version == "2027-1"


def test_the_document_is_served_with_safe_headers_to_its_owner_only(
    client_for, own_file, applicant, other_applicant
):
    document = DocumentFactory(beneficiary=own_file, original_name='a"b\r\n.pdf')
    response = client_for(applicant).get(f"/documents/{document.uuid}/?download=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(other_applicant).get(f"/documents/{document.uuid}/").status_code == 404
    assert not FileAccess.objects.exists()  # the owner's own look is not logged


def test_the_applicant_downloads_all_data_held_on_them(client_for, own_file, applicant):
    DocumentFactory(beneficiary=own_file, original_name="record.pdf")
    HouseholdMemberFactory(beneficiary=own_file, name="سارة")
    response = client_for(applicant).get("/my/file/data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["file"]["fields"]["national_id"] == applicant.national_id
    assert data["beneficiaries.householdmember"][0]["fields"]["name"] == "سارة"
    assert any(name.endswith("record.pdf") for name in archive.namelist())


# Reception ------------------------------------------------------------------------------------


def registration_post(**overrides):
    defaults = {
        "national_id": make_national_id(8001),
        "registered_via": "interview",
        "visitor_consented": "on",
    }
    return file_post(**{**defaults, **overrides})


def test_reception_registers_a_walk_in(client_for):
    reception = staff(Role.RECEPTION)
    response = client_for(reception).post("/staff/files/new/", registration_post())
    file = Beneficiary.objects.get()
    assert response.url == f"/staff/files/{file.pk}/"
    assert file.owner is None
    assert file.created_by == reception
    assert file.registered_via == "interview"


def test_the_same_id_number_blocks_and_links_to_the_existing_file(client_for):
    existing = FileFactory()
    response = client_for(staff(Role.RECEPTION)).post(
        "/staff/files/new/", registration_post(national_id=existing.national_id)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "يوجد ملف بهذا الرقم" in page
    assert f"/staff/files/{existing.pk}/" in page
    assert Beneficiary.objects.count() == 1


def test_a_variant_spelling_warns_first_and_is_created_only_when_confirmed(client_for):
    existing = FileFactory(
        first_name="عبدالله",
        father_name="سالم",
        grandfather_name="محمد",
        family_name="الجهني",
        mobile="+966501112233",
    )
    client = client_for(staff(Role.RECEPTION))
    typed = {"first_name": "عبد الله", "family_name": "الجهنى"}
    response = client.post("/staff/files/new/", registration_post(**typed))
    page = response.content.decode()
    assert response.status_code == 200
    assert "ملفات قد تكون لهذا الشخص" in page
    assert f"/staff/files/{existing.pk}/" in page
    assert 'value="عبد الله"' in page
    assert Beneficiary.objects.count() == 1

    response = client.post("/staff/files/new/", registration_post(confirm_new="on", **typed))
    assert response.status_code == 302
    assert Beneficiary.objects.count() == 2
    assert DuplicateCandidate.objects.get().status == DuplicateStatus.OPEN


@pytest.mark.parametrize(
    "query",
    [
        "{id}",
        "٠٥٠١١١٢٢٣٣",
        "+966 50 111 2233",
        "الجهنى",
        "عبد الله",
        "سالم محمد",
        "جهني",
        "سالم محمد الجهمي",  # a wrong letter: found by word similarity
    ],
)
def test_search_by_id_mobile_or_any_part_of_the_name(client_for, query):
    file = FileFactory(
        first_name="عبدالله",
        father_name="سالم",
        grandfather_name="محمد",
        family_name="الجهني",
        mobile="+966501112233",
    )
    FileFactory(
        first_name="فهد", father_name="ناصر", grandfather_name="تركي", family_name="العتيبي"
    )
    response = client_for(staff(Role.RECEPTION)).get(
        "/staff/files/", {"q": query.format(id=file.national_id)}
    )
    # A name's first page lists plain rows (selectors.FileRow), the others files: by their key.
    assert [f.pk for f in response.context["files"]] == [file.pk]


def test_search_by_the_english_name(client_for):
    file = FileFactory(name_en="Abdullah Salem Al-Juhani")
    FileFactory(name_en="Fahd Al-Otaibi")
    response = client_for(staff(Role.RECEPTION)).get("/staff/files/", {"q": "juhani"})
    assert list(response.context["files"]) == [file]


@pytest.mark.parametrize("rows", [3, 30])
def test_search_queries_do_not_grow_with_rows(client_for, django_assert_num_queries, rows):
    for n in range(rows):
        FileFactory(family_name="الحربي", first_name=f"محمد{n}")
    client = client_for(staff(Role.RESEARCHER))
    # the session with the user and their roles' names, the page with its capped count (which also
    # tells whether any file contains every word); the template's capability checks read the
    # rules, not the model permissions
    with django_assert_num_queries(2):
        response = client.get("/staff/files/", {"q": "الحربي"})
    assert response.context["page"].paginator.count == rows


def test_a_search_matching_more_files_than_the_cap_says_more_than_the_cap(client_for, monkeypatch):
    from beneficiaries import selectors

    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
    for first_name in ("محمد", "فهد", "سالم", "ناصر"):
        FileFactory(family_name="الحربي", first_name=first_name)
    FileFactory(family_name="العتيبي", first_name="تركي")
    client = client_for(staff(Role.RESEARCHER))
    many = client.get("/staff/files/", {"q": "الحربي"})
    assert many.context["page"].paginator.count == 3
    assert many.context["page"].paginator.count_capped is True
    assert len(many.context["files"]) == 3
    assert "عُثر على أكثر من 3 من الملفات؛ أضف كلمة لتضييق البحث" in many.content.decode()
    few = client.get("/staff/files/", {"q": "العتيبي"})
    assert few.context["page"].paginator.count_capped is False
    assert "عُثر على ملف واحد" in few.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_file_page_queries_do_not_grow_with_rows(client_for, django_assert_num_queries, rows):
    file = FileFactory()
    for _ in range(rows):
        DocumentFactory(beneficiary=file)
        HouseholdMemberFactory(beneficiary=file)
    client = client_for(staff(Role.RESEARCHER))
    client.get(f"/staff/files/{file.pk}/")
    # the session with the user and their roles (who may see the file, and the navigation), and
    # one statement that writes the access-log row and reads the file with every list the page
    # shows (`makin.case.read_anchored`): documents, the kinds a file needs, verifications,
    # household, income, messages sent (SMS/WhatsApp), and the case's requests, contacts,
    # referrals, decisions, deliveries
    with django_assert_num_queries(2):
        response = client.get(f"/staff/files/{file.pk}/")
    assert len(response.context["documents"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_applicants_file_page_queries_do_not_grow(
    client_for, django_assert_num_queries, own_file, applicant, rows
):
    for _ in range(rows):
        DocumentFactory(beneficiary=own_file)
        HouseholdMemberFactory(beneficiary=own_file)
    client = client_for(applicant)
    client.get("/my/file/")
    # the session with the user and their roles (role check and menu), file, and one read of
    # documents, the kinds a file needs, verifications, household and income
    # (`makin.case.read_rows`)
    with django_assert_num_queries(3):
        response = client.get("/my/file/")
    assert len(response.context["household"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_documents_page_queries_do_not_grow(
    client_for, django_assert_num_queries, own_file, applicant, rows
):
    for _ in range(rows):
        DocumentFactory(beneficiary=own_file)
    client = client_for(applicant)
    client.get("/my/file/documents/")
    # session, user with their roles, file, documents, document kinds (form)
    with django_assert_num_queries(4):
        response = client.get("/my/file/documents/")
    assert response.content.decode().count("document_delete") == 0
    assert response.content.decode().count("/delete/") == rows


def test_every_staff_view_of_a_file_is_logged(client_for):
    file = FileFactory()
    document = DocumentFactory(beneficiary=file)
    researcher = staff(Role.RESEARCHER)
    client = client_for(researcher)
    client.get(f"/staff/files/{file.pk}/")
    client.get(f"/documents/{document.uuid}/")
    client.get(f"/staff/files/{file.pk}/history/")
    assert list(file.accesses.order_by("at", "pk").values_list("user", "action")) == [
        (researcher.pk, "file"),
        (researcher.pk, "document"),
        (researcher.pk, "history"),
    ]


def test_staff_verify_a_document_but_not_an_expired_one(client_for):
    file = FileFactory()
    fresh = DocumentFactory(beneficiary=file)
    expired = DocumentFactory(
        beneficiary=file, kind=document_kind("lease"), expiry_date=TODAY - datetime.timedelta(1)
    )
    client = client_for(staff(Role.RESEARCHER))
    client.post(f"/documents/{fresh.uuid}/verify/", {"status": "verified"})
    response = client.post(
        f"/documents/{expired.uuid}/verify/", {"status": "verified"}, follow=True
    )
    assert "انتهت صلاحية" in response.content.decode()
    fresh.refresh_from_db()
    expired.refresh_from_db()
    assert fresh.status == VerificationStatus.VERIFIED
    assert expired.status == VerificationStatus.PENDING


def test_staff_verify_a_part_of_the_file_and_reject_with_a_reason(client_for):
    file = FileFactory()
    client = client_for(staff(Role.RECEPTION))
    client.post(f"/staff/files/{file.pk}/verify/contact/", {"status": "verified"})
    response = client.post(
        f"/staff/files/{file.pk}/verify/address/", {"status": "rejected"}, follow=True
    )
    assert "اذكر سبب الرفض" in response.content.decode()
    client.post(
        f"/staff/files/{file.pk}/verify/address/",
        {"status": "rejected", "reason": "العنوان لا يطابق الصك"},
    )
    page = client.get(f"/staff/files/{file.pk}/").content.decode()
    assert "العنوان لا يطابق الصك" in page
    assert dict(file.verifications.values_list("group", "status")) == {
        "contact": "verified",
        "address": "rejected",
    }


def test_the_history_page_shows_who_changed_what(client_for):
    reception = staff(Role.RECEPTION)
    client = client_for(reception)
    client.post("/staff/files/new/", registration_post())
    file = Beneficiary.objects.get()
    client.post(
        f"/staff/files/{file.pk}/edit/",
        file_post(
            national_id=file.national_id,
            street="شارع الملك عبدالعزيز",
            **{"incomes-TOTAL_FORMS": "0"},
        ),
    )
    page = client.get(f"/staff/files/{file.pk}/history/").content.decode()
    assert "شارع الملك عبدالعزيز" in page
    assert str(reception) in page


def test_reviewing_a_duplicate_merges_with_a_reason(client_for):
    a = FileFactory(mobile="+966501112233")
    b = FileFactory(mobile="+966501112233", street="شارع الميناء")
    candidate = DuplicateCandidate.objects.create(file=a, other=b, similarity=0.9)
    client = client_for(staff(Role.RECEPTION))
    page = client.get(f"/staff/duplicates/{candidate.pk}/").content.decode()
    assert a.national_id in page
    assert b.national_id in page
    response = client.post(f"/staff/duplicates/{candidate.pk}/", {"decision": "keep_file"})
    assert response.status_code == 200  # no reason: nothing merged
    assert Beneficiary.objects.filter(merged_into__isnull=False).count() == 0
    response = client.post(
        f"/staff/duplicates/{candidate.pk}/",
        {"decision": "keep_file", "reason": "نفس الشخص سجل مرتين"},
    )
    assert response.url == f"/staff/files/{a.pk}/"
    b.refresh_from_db()
    assert b.merged_into == a


@pytest.mark.parametrize("rows", [3, 30])
def test_the_duplicate_queue_queries_do_not_grow(client_for, django_assert_num_queries, rows):
    for _ in range(rows):
        a, b = FileFactory(), FileFactory()
        DuplicateCandidate.objects.create(file=a, other=b, similarity=0.8)
    client = client_for(staff(Role.RECEPTION))
    # session, user with their roles, count, page; the capability is a role, so Django's model
    # permissions are not loaded.
    with django_assert_num_queries(3):
        client.get("/staff/duplicates/")


def test_a_walk_in_activates_their_account_from_the_invitation(client_for, client):
    file = FileFactory(owner=None)
    reception_client = client_for(staff(Role.RECEPTION))
    response = reception_client.post(f"/staff/files/{file.pk}/invite/")
    link = response.context["link"]
    path = link.split("testserver", 1)[1]
    client.logout()
    response = client.post(
        path,
        {
            "national_id": file.national_id,
            "password1": "Yanbu-Quran-2026",
            "password2": "Yanbu-Quran-2026",
        },
    )
    assert response.status_code == 302
    assert response.url == "/my/file/"
    file.refresh_from_db()
    assert file.owner is not None
    assert client.get("/my/file/").status_code == 200
    assert "غير صالح" in client.get(path).content.decode()  # used once


def test_a_bad_activation_form_says_why_and_creates_no_account(client_for, client):
    from django.contrib.auth import get_user_model

    file = FileFactory(owner=None)
    response = client_for(staff(Role.RECEPTION)).post(f"/staff/files/{file.pk}/invite/")
    path = response.context["link"].split("testserver", 1)[1]
    client.logout()
    accounts = get_user_model().objects.count()
    response = client.post(
        path,
        {"national_id": make_national_id(5555), "password1": "Yanbu-Quran-2026",
         "password2": "Yanbu-Quran-2027"},
    )  # fmt: skip
    page = response.content.decode()
    assert "كلمتا المرور غير متطابقتين" in page
    assert f'value="{make_national_id(5555)}"' in page
    response = client.post(
        path,
        {"national_id": make_national_id(5555), "password1": "Yanbu-Quran-2026",
         "password2": "Yanbu-Quran-2026"},
    )  # fmt: skip
    assert "رقم الهوية لا يطابق" in response.content.decode()
    assert get_user_model().objects.count() == accounts
    file.refresh_from_db()
    assert file.owner is None


def test_registration_without_the_visitors_consent_saves_nothing(client_for):
    response = client_for(staff(Role.RECEPTION)).post(
        "/staff/files/new/", registration_post(visitor_consented="")
    )
    assert response.status_code == 200
    assert "موافقة المراجع على إشعار الخصوصية مطلوبة" in response.content.decode()
    assert not Beneficiary.objects.exists()


def test_a_duplicate_decision_without_a_reason_is_refused_beside_the_field(client_for):
    a, b = FileFactory(), FileFactory()
    candidate = DuplicateCandidate.objects.create(file=a, other=b, similarity=0.9)
    response = client_for(staff(Role.RESEARCHER)).post(
        f"/staff/duplicates/{candidate.pk}/", {"decision": "distinct"}
    )
    assert "هذا الحقل مطلوب" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN
