"""Who may open each page of the beneficiary file: anonymous visitors, each role, the file's
owner and another applicant. No applicant reaches another's file or documents by any URL."""

import pytest

from makin.roles import Role
from tests.factories import ApplicantFactory, DocumentFactory, FileFactory

OWNER = "owner"  # the applicant who owns the file
OTHER = "other"  # another applicant
WHO = [
    None,
    OWNER,
    OTHER,
    Role.RECEPTION,
    Role.RESEARCHER,
    Role.COMMITTEE,
    Role.MANAGER,
    Role.ADMIN,
]
FILE_READERS = {Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE, Role.MANAGER}
FILE_EDITORS = {Role.RECEPTION, Role.RESEARCHER}
DOCUMENT_READERS = {OWNER, Role.RECEPTION, Role.RESEARCHER, Role.COMMITTEE}

# url template: who gets 200 (everyone else 403, or 404 where "not yours" hides the file).
PAGES = {
    "/privacy/": set(WHO),
    "/staff/files/?q=x": FILE_READERS,
    "/staff/files/new/": {Role.RECEPTION},
    "/staff/files/{pk}/": FILE_READERS,
    "/staff/files/{pk}/edit/": FILE_EDITORS,
    "/staff/files/{pk}/household/": FILE_EDITORS,
    "/staff/files/{pk}/documents/": FILE_READERS,
    "/staff/files/{pk}/history/": {Role.RECEPTION, Role.RESEARCHER, Role.MANAGER},
    "/staff/files/{pk}/data/": FILE_READERS,
    "/staff/duplicates/": FILE_EDITORS,
    "/my/file/": {OWNER, OTHER},  # each applicant their own (OTHER is sent to create one)
    "/my/file/edit/": {OWNER},
    "/my/file/household/": {OWNER},
    "/my/file/documents/": {OWNER},
    "/my/file/data/": {OWNER},
    "/documents/{uuid}/": DOCUMENT_READERS,
    # The confirmation page before a document is removed (a pending one, here).
    "/documents/{uuid}/delete/": {OWNER, Role.RECEPTION, Role.RESEARCHER},
}


@pytest.fixture
def people(db, users_by_role):
    owner = users_by_role[Role.APPLICANT]
    people = {role: user for role, user in users_by_role.items() if role != Role.APPLICANT}
    people.update({OWNER: owner, OTHER: ApplicantFactory()})
    return people


@pytest.fixture
def file(people):
    owner = people[OWNER]
    return FileFactory(owner=owner, national_id=owner.national_id)


@pytest.mark.django_db
@pytest.mark.parametrize(("template", "allowed"), PAGES.items())
@pytest.mark.parametrize("who", WHO, ids=str)
def test_each_page_opens_only_for_whom_it_is(client_for, people, file, template, allowed, who):
    document = DocumentFactory(beneficiary=file)
    url = template.format(pk=file.pk, uuid=document.uuid)
    response = client_for(people.get(who)).get(url)
    if who in allowed:
        assert response.status_code in (200, 302)
        if response.status_code == 302:  # an applicant without a file goes to create it
            assert (who, response.url) == (OTHER, "/my/file/new/")
    elif who is None:
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    else:
        assert response.status_code in (403, 404)


@pytest.mark.django_db
def test_another_applicant_guessing_ids_reaches_nothing(client_for, people, file):
    documents = [DocumentFactory(beneficiary=file) for _ in range(3)]
    files = [file, *(FileFactory() for _ in range(3))]
    client = client_for(people[OTHER])
    for guessed in files:
        for url in (
            f"/staff/files/{guessed.pk}/",
            f"/staff/files/{guessed.pk}/edit/",
            f"/staff/files/{guessed.pk}/documents/",
            f"/staff/files/{guessed.pk}/data/",
        ):
            assert client.get(url).status_code in (403, 404), url
            assert client.post(url, {"street": "x"}).status_code in (403, 404), url
    for document in documents:
        assert client.get(f"/documents/{document.uuid}/").status_code == 404
        assert client.post(f"/documents/{document.uuid}/delete/").status_code == 404
        assert (
            client.post(f"/documents/{document.uuid}/verify/", {"status": "verified"}).status_code
            == 403
        )
    assert file.documents.count() == 3
    file.refresh_from_db()
    assert file.street == ""


@pytest.mark.django_db
def test_the_owner_cannot_verify_their_own_documents(client_for, people, file):
    document = DocumentFactory(beneficiary=file)
    client = client_for(people[OWNER])
    assert (
        client.post(f"/documents/{document.uuid}/verify/", {"status": "verified"}).status_code
        == 403
    )
    assert (
        client.post(f"/staff/files/{file.pk}/verify/identity/", {"status": "verified"}).status_code
        == 403
    )
    document.refresh_from_db()
    assert document.status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize("who", [Role.COMMITTEE, Role.MANAGER, OWNER], ids=str)
def test_only_reception_invites_and_registers(client_for, people, file, who):
    client = client_for(people[who])
    assert client.post(f"/staff/files/{file.pk}/invite/").status_code == 403
    assert client.post("/staff/files/new/", {}).status_code == 403
