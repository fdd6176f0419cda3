"""The services that write the file: creation, changes, household, documents, verification,
duplicates, merging and activation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from beneficiaries import selectors, services
from beneficiaries.models import (
    ActivationInvite,
    Beneficiary,
    Document,
    DuplicateCandidate,
    DuplicateStatus,
    FieldGroup,
    FieldGroupVerification,
    HouseholdMember,
    VerificationStatus,
)
from makin.roles import Role
from tests.beneficiaries.conftest import JPEG_BYTES, PNG_BYTES, big_pdf, upload
from tests.errors import raises_code
from tests.factories import (
    DocumentFactory,
    FileFactory,
    SupportRequestFactory,
    document_kind,
    make_national_id,
    staff,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def file_fields(**overrides):
    return {
        "first_name": "عبدالله",
        "father_name": "سالم",
        "grandfather_name": "محمد",
        "family_name": "الجهني",
        "gender": "male",
        "birth_date": datetime.date(1979, 5, 2),
        "id_expiry": TODAY + datetime.timedelta(days=300),
        "mobile": "+966501112233",
        **overrides,
    }


@pytest.fixture
def reception():
    return staff(Role.RECEPTION)


@pytest.fixture
def researcher():
    return staff(Role.RESEARCHER)


# Creating and changing the file ---------------------------------------------------------------


def test_applicant_creates_own_file_with_consent_and_normalised_name(applicant):
    file = services.beneficiary_create(
        actor=applicant,
        owner=applicant,
        fields=file_fields(first_name="عبد الله"),
        incomes=[{"source": "مكافأة", "monthly_amount": 900, "id": None, "delete": False}],
        consent_version="2026-1",
    )
    assert file.national_id == applicant.national_id
    assert file.owner == applicant
    assert file.consent_version == "2026-1"
    assert file.consented_at is not None
    assert file.name_normalized == "عبدالله سالم محمد الجهني"
    assert file.incomes.get().monthly_amount == 900
    assert file.history.get().history_user == applicant


def test_an_applicant_cannot_make_a_second_file_or_one_for_someone_else(applicant, other_applicant):
    services.beneficiary_create(
        actor=applicant, owner=applicant, fields=file_fields(), consent_version="1"
    )
    with pytest.raises(ValidationError):
        services.beneficiary_create(
            actor=applicant, owner=applicant, fields=file_fields(), consent_version="1"
        )
    with pytest.raises(PermissionDenied):
        services.beneficiary_create(
            actor=applicant, owner=other_applicant, fields=file_fields(), consent_version="1"
        )
    with pytest.raises(PermissionDenied):  # a walk-in file needs reception's permission
        services.beneficiary_create(
            actor=applicant,
            fields={**file_fields(), "national_id": make_national_id(77)},
            consent_version="1",
        )


def test_nothing_is_saved_without_consent(applicant):
    with pytest.raises(ValidationError):
        services.beneficiary_create(
            actor=applicant, owner=applicant, fields=file_fields(), consent_version=""
        )
    assert not Beneficiary.objects.exists()


def test_changing_a_verified_part_makes_it_unverified_again(reception, researcher):
    file = services.beneficiary_create(
        actor=reception,
        fields={**file_fields(), "national_id": make_national_id(11)},
        consent_version="1",
    )
    for group in (FieldGroup.CONTACT, FieldGroup.IDENTITY):
        services.field_group_verify(
            beneficiary=file, group=group, actor=researcher, status="verified", today=TODAY
        )
    services.beneficiary_update(
        beneficiary=file, actor=reception, fields={"mobile": "+966509998877"}
    )
    statuses = dict(FieldGroupVerification.objects.values_list("group", "status"))
    assert statuses == {"contact": "pending", "identity": "verified"}


def test_household_is_saved_whole_or_not_at_all(own_file, applicant):
    rows = [
        {"name": "سارة", "relation": "daughter", "gender": "female", "monthly_income": 0},
        {"name": "خالد", "relation": "son", "gender": "bad", "monthly_income": 0},
    ]
    with pytest.raises(ValidationError):
        services.household_save(beneficiary=own_file, actor=applicant, rows=rows)
    assert not HouseholdMember.objects.exists()
    rows[1]["gender"] = "male"
    assert services.household_save(beneficiary=own_file, actor=applicant, rows=rows)
    assert own_file.household.count() == 2


def test_household_rows_of_another_file_cannot_be_touched(own_file, applicant, other_file):
    member = HouseholdMember.objects.create(
        beneficiary=other_file, name="x", relation="son", gender="male"
    )
    with pytest.raises(PermissionDenied):
        services.household_save(
            beneficiary=own_file,
            actor=applicant,
            rows=[{"id": member.pk, "delete": True}],
        )
    assert HouseholdMember.objects.filter(pk=member.pk).exists()


def test_an_applicant_cannot_change_another_file(applicant, other_file):
    with pytest.raises(PermissionDenied):
        services.beneficiary_update(beneficiary=other_file, actor=applicant, fields={"street": "x"})


# Documents ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [("a.pdf", None, "application/pdf"), ("a.png", PNG_BYTES, "image/png"),
     ("a.jpg", JPEG_BYTES, "image/jpeg")],
)  # fmt: skip
def test_pdf_jpeg_and_png_are_accepted_by_content(own_file, applicant, name, data, mime):
    file = upload(name, data) if data else upload(name)
    document = services.document_upload(
        beneficiary=own_file, actor=applicant, kind=document_kind("family_record"), upload=file
    )
    assert document.content_type == mime
    assert document.original_name == name
    assert document.uploaded_by == applicant
    # Stored under a random name, never the one the user gave.
    assert name not in document.file.name
    assert str(document.uuid) in document.file.name


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00 an executable", b"<html><script>alert(1)</script></html>", b"GIF89a......"],
)
def test_other_contents_are_refused_whatever_their_name(own_file, applicant, data):
    with raises_code(ValidationError, "file_type"):
        services.document_upload(
            beneficiary=own_file,
            actor=applicant,
            kind=document_kind("other"),
            upload=upload("looks-fine.pdf", data),
        )
    assert not Document.objects.exists()


def test_a_file_over_the_size_limit_is_refused(own_file, applicant, settings):
    settings.MAKIN_DOCUMENT_MAX_BYTES = 1024 * 1024
    with raises_code(ValidationError, "too_large"):
        services.document_upload(
            beneficiary=own_file,
            actor=applicant,
            kind=document_kind("other"),
            upload=big_pdf(1024 * 1024 + 1),
        )


def test_an_expired_document_is_refused_and_an_expiry_is_required_where_the_kind_has_one(
    own_file, applicant
):
    with pytest.raises(ValidationError):
        services.document_upload(
            beneficiary=own_file,
            actor=applicant,
            kind=document_kind("id_copy"),
            upload=upload(),
            expiry_date=TODAY - datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.document_upload(
            beneficiary=own_file, actor=applicant, kind=document_kind("id_copy"), upload=upload()
        )


def test_an_applicant_cannot_upload_to_another_file(applicant, other_file):
    with pytest.raises(PermissionDenied):
        services.document_upload(
            beneficiary=other_file, actor=applicant, kind=document_kind("other"), upload=upload()
        )


def test_a_verified_document_cannot_be_removed(own_file, applicant, researcher):
    document = DocumentFactory(beneficiary=own_file)
    services.document_verify(document=document, actor=researcher, status="verified", today=TODAY)
    document.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.document_delete(document=document, actor=applicant)
    pending = DocumentFactory(beneficiary=own_file)
    services.document_delete(document=pending, actor=applicant)
    assert not Document.objects.filter(pk=pending.pk).exists()


# Verification ---------------------------------------------------------------------------------


def test_an_expired_document_cannot_be_verified(own_file, researcher):
    document = DocumentFactory(
        beneficiary=own_file,
        kind=document_kind("lease"),
        expiry_date=TODAY - datetime.timedelta(days=1),
    )
    with raises_code(ValidationError, "expired"):
        services.document_verify(
            document=document, actor=researcher, status="verified", today=TODAY
        )
    document.refresh_from_db()
    assert document.status == VerificationStatus.PENDING


def test_an_expired_id_cannot_be_verified_but_can_be_rejected(researcher):
    file = FileFactory(id_expiry=TODAY - datetime.timedelta(days=1))
    with raises_code(ValidationError, "id_expired"):
        services.field_group_verify(
            beneficiary=file, group="identity", actor=researcher, status="verified", today=TODAY
        )
    with pytest.raises(ValidationError):  # a rejection needs its reason
        services.field_group_verify(
            beneficiary=file, group="identity", actor=researcher, status="rejected", today=TODAY
        )
    verification = services.field_group_verify(
        beneficiary=file,
        group="identity",
        actor=researcher,
        status="rejected",
        reason="الهوية منتهية",
        today=TODAY,
    )
    assert verification.reason == "الهوية منتهية"
    assert verification.verified_by == researcher


@pytest.mark.parametrize("role", [Role.COMMITTEE, Role.MANAGER, Role.APPLICANT])
def test_only_reception_and_researchers_verify(role, own_file, applicant):
    actor = applicant if role == Role.APPLICANT else staff(role)
    document = DocumentFactory(beneficiary=own_file)
    with pytest.raises(PermissionDenied):
        services.document_verify(document=document, actor=actor, status="verified", today=TODAY)
    with pytest.raises(PermissionDenied):
        services.field_group_verify(
            beneficiary=own_file, group="contact", actor=actor, status="verified", today=TODAY
        )


def test_the_checklist_shows_what_is_missing_unverified_and_expiring(researcher):
    file = FileFactory(id_expiry=TODAY + datetime.timedelta(days=10))
    document_kind("family_record")
    DocumentFactory(beneficiary=file, kind=document_kind("id_copy"))
    checklist = selectors.file_checklist(beneficiary=file, today=TODAY)
    assert [k.code for k in checklist.missing_documents] == ["family_record"]
    assert "رقم المبنى" in [str(f) for f in checklist.missing_fields]
    assert len(checklist.unverified_groups) == len(FieldGroup)
    assert len(checklist.unverified_documents) == 1
    assert checklist.expiring[0][1] == file.id_expiry
    assert not checklist.is_complete


def test_the_checklist_read_in_one_query_says_what_the_file_lacks(django_assert_num_queries):
    """The applicant's home reads the checklist's documents, verifications and the kinds every
    file needs in one query (`file_checklist_read`), with the same findings."""
    file = FileFactory(id_expiry=TODAY + datetime.timedelta(days=10))
    document_kind("family_record")
    pending = DocumentFactory(beneficiary=file, kind=document_kind("id_copy"))
    refused = DocumentFactory(beneficiary=file, kind=document_kind("family_record"))
    refused.status = VerificationStatus.REJECTED
    refused.save()
    FieldGroupVerification.objects.create(
        beneficiary=file, group=FieldGroup.IDENTITY, status=VerificationStatus.VERIFIED
    )
    FieldGroupVerification.objects.create(
        beneficiary=file, group=FieldGroup.BANK, status=VerificationStatus.REJECTED, reason="x"
    )
    with django_assert_num_queries(1):
        checklist = selectors.file_checklist_read(beneficiary=file, today=TODAY)
    assert [k.code for k in checklist.missing_documents] == ["family_record"]
    assert [str(g) for g in checklist.rejected_groups] == ["الحساب البنكي"]
    assert len(checklist.unverified_groups) == len(FieldGroup) - 2
    assert [d.pk for d in checklist.unverified_documents] == [pending.pk]
    assert [d.pk for d in checklist.rejected_documents] == [refused.pk]
    assert checklist.expiring == [("الهوية", file.id_expiry)]
    assert not checklist.is_complete


# Duplicates -----------------------------------------------------------------------------------

VARIANTS = [
    # (on file, typed at reception)
    ("عبدالله سالم محمد الجهني", "عبد الله بن سالم محمد الجهنى"),
    ("فاطمة أحمد علي الصاعدي", "فاطمه احمد على الصاعدى"),
    ("إبراهيم يوسف صالح الردادي", "ابراهيم يوسف الردادي"),  # three parts of four
    ("عائشة محمد سالم الرفاعي", "عايشة محمد سالم الرفاعى"),
    ("عبدالرحمن سعود صالح الصبحي", "عبد الرحمن سعود الصبحي"),
    ("مُؤمن سَعد فهد العوفي", "مومن سعد فهد العوفي"),
]


def _file_named(name: str, **kwargs):
    first, father, grand, family = ([*name.split(), "", "", "", ""])[:4]
    return FileFactory(
        first_name=first, father_name=father, grandfather_name=grand, family_name=family, **kwargs
    )


@pytest.mark.parametrize(("on_file", "typed"), VARIANTS)
def test_a_variant_spelling_with_the_same_mobile_is_found(on_file, typed):
    existing = _file_named(on_file, mobile="+966501112233")
    check = selectors.duplicates_find(
        national_id=make_national_id(999), name=typed, mobile="+966501112233"
    )
    assert [b.pk for b in check.similar] == [existing.pk]
    assert check.similar[0].same_mobile
    assert check.same_id is None


@pytest.mark.parametrize(("on_file", "typed"), VARIANTS)
def test_a_variant_spelling_with_the_same_birth_date_is_found(on_file, typed):
    existing = _file_named(on_file, birth_date=datetime.date(1980, 1, 1))
    check = selectors.duplicates_find(
        national_id=None, name=typed, birth_date=datetime.date(1980, 1, 1)
    )
    assert [b.pk for b in check.similar] == [existing.pk]


@pytest.mark.parametrize(
    "other",
    [
        "خالد سالم محمد الجهني",  # a brother: same father, same phone at home
        "عبدالله سالم محمد الحربي",  # another family
        "فهد ناصر تركي العتيبي",
    ],
)
def test_different_people_sharing_a_mobile_are_not_flagged(other):
    _file_named(other, mobile="+966501112233")
    check = selectors.duplicates_find(
        national_id=None, name="عبدالله سالم محمد الجهني", mobile="+966501112233"
    )
    assert check.similar == []


def test_a_similar_name_alone_is_not_a_duplicate():
    _file_named("عبدالله سالم محمد الجهني", mobile="+966501112233")
    check = selectors.duplicates_find(
        national_id=None, name="عبدالله سالم محمد الجهني", mobile="+966509990000"
    )
    assert check.similar == []


def test_the_same_id_number_is_found_and_blocks(reception):
    existing = FileFactory()
    check = selectors.duplicates_find(national_id=existing.national_id, name="x")
    assert check.same_id == existing
    with pytest.raises(ValidationError):
        services.beneficiary_create(
            actor=reception,
            fields={**file_fields(), "national_id": existing.national_id},
            consent_version="1",
        )


def test_a_file_created_anyway_lands_in_the_review_queue(reception, applicant):
    existing = _file_named("عبدالله سالم محمد الجهني", mobile="+966501112233")
    file = services.beneficiary_create(
        actor=applicant,
        owner=applicant,
        fields=file_fields(first_name="عبد الله", family_name="الجهنى"),
        consent_version="1",
    )
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.file_id, candidate.other_id} == {existing.pk, file.pk}
    assert candidate.status == DuplicateStatus.OPEN
    assert candidate.same_mobile
    assert candidate.same_birth_date is False


@pytest.fixture
def pair(applicant, reception):
    walk_in = _file_named("عبدالله سالم محمد الجهني", mobile="+966501112233")
    online = services.beneficiary_create(
        actor=applicant,
        owner=applicant,
        fields=file_fields(first_name="عبد الله", street="شارع الملك فهد"),
        consent_version="1",
    )
    return walk_in, online, DuplicateCandidate.objects.get()


def test_marking_distinct_needs_a_reason_and_is_recorded(pair, reception):
    _, _, candidate = pair
    with pytest.raises(ValidationError):
        services.duplicate_mark_distinct(candidate=candidate, actor=reception, reason=" ")
    services.duplicate_mark_distinct(candidate=candidate, actor=reception, reason="أخوان")
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.DISTINCT
    assert candidate.resolved_by == reception
    assert Beneficiary.objects.filter(merged_into__isnull=True).count() == 2


def test_merging_moves_everything_to_the_file_kept(pair, reception, applicant):
    walk_in, online, candidate = pair
    document = DocumentFactory(beneficiary=online)
    HouseholdMember.objects.create(beneficiary=online, name="س", relation="son", gender="male")
    request = SupportRequestFactory(beneficiary=online)
    kept = services.duplicate_merge(
        candidate=candidate, keep=walk_in, actor=reception, reason="نفس الشخص"
    )
    online.refresh_from_db()
    document.refresh_from_db()
    request.refresh_from_db()
    assert kept == walk_in
    assert online.merged_into == walk_in
    assert online.owner is None
    assert kept.owner == applicant  # the online account moved with the file
    assert kept.street == "شارع الملك فهد"  # an empty field filled from the merged file
    assert document.beneficiary == walk_in
    assert request.beneficiary == walk_in
    assert kept.household.count() == 1
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.MERGED
    assert candidate.reason == "نفس الشخص"
    # Merged files leave search; the record stays.
    assert list(selectors.beneficiary_search(query="الجهني")) == [walk_in]


def test_two_online_accounts_are_never_merged(reception, applicant, other_applicant):
    a = FileFactory(owner=applicant, mobile="+966501112233")
    b = FileFactory(owner=other_applicant, mobile="+966501112233")
    first, second = sorted([a, b], key=lambda f: f.pk)
    candidate = DuplicateCandidate.objects.create(file=first, other=second, similarity=1)
    with pytest.raises(ValidationError):
        services.duplicate_merge(candidate=candidate, keep=a, actor=reception, reason="x")
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN


def test_a_merged_file_takes_no_upload_nor_verification(pair, reception, researcher, applicant):
    walk_in, online, candidate = pair
    services.duplicate_merge(candidate=candidate, keep=walk_in, actor=reception, reason="نفسه")
    online.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.document_upload(
            beneficiary=online, actor=reception, kind=document_kind("other"), upload=upload()
        )
    with pytest.raises(ValidationError):
        services.field_group_verify(
            beneficiary=online, group="contact", actor=researcher, status="verified", today=TODAY
        )
    # The account moved with the file: the applicant now uploads to the file kept.
    walk_in.refresh_from_db()
    document = services.document_upload(
        beneficiary=walk_in, actor=applicant, kind=document_kind("other"), upload=upload()
    )
    assert document.beneficiary == walk_in


@pytest.mark.parametrize("role", [Role.COMMITTEE, Role.MANAGER])
def test_only_reception_and_researchers_review_duplicates(pair, role):
    _, _, candidate = pair
    with pytest.raises(PermissionDenied):
        services.duplicate_mark_distinct(candidate=candidate, actor=staff(role), reason="x")


# Activation -----------------------------------------------------------------------------------


def test_a_walk_in_activates_an_online_account_for_the_existing_file(reception):
    file = FileFactory(owner=None)
    invite, token = services.activation_invite_create(beneficiary=file, actor=reception)
    assert invite.token != token  # only the hash is stored
    with pytest.raises(ValidationError):
        services.activation_invite_accept(
            token=token, national_id=make_national_id(4242), password="Yanbu-Quran-2026"
        )
    user = services.activation_invite_accept(
        token=token, national_id=file.national_id, password="Yanbu-Quran-2026"
    )
    file.refresh_from_db()
    assert file.owner == user
    assert user.has_role(Role.APPLICANT)
    assert user.check_password("Yanbu-Quran-2026")
    with pytest.raises(ValidationError):  # single use
        services.activation_invite_accept(
            token=token, national_id=file.national_id, password="Yanbu-Quran-2026"
        )


def test_an_expired_invitation_does_not_work(reception):
    file = FileFactory(owner=None)
    invite, token = services.activation_invite_create(beneficiary=file, actor=reception)
    ActivationInvite.objects.filter(pk=invite.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert services.activation_invite_get(token=token) is None


def test_files_with_an_account_are_not_invited(reception, own_file, researcher):
    with pytest.raises(ValidationError):
        services.activation_invite_create(beneficiary=own_file, actor=reception)
    with pytest.raises(PermissionDenied):
        services.activation_invite_create(beneficiary=FileFactory(), actor=researcher)


def test_staff_views_are_logged_and_the_applicants_own_are_not(own_file, applicant, reception):
    services.beneficiary_record_access(beneficiary=own_file, user=applicant, action="file")
    services.beneficiary_record_access(beneficiary=own_file, user=reception, action="file")
    assert list(own_file.accesses.values_list("user", flat=True)) == [reception.pk]
