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
# url template: the answer to each of WHO, in order ("login": 302 to the log-in page; 302: an
# applicant without a file is sent to create it; 404: not theirs, or no file to show).
PAGES = {
    "/privacy/": "200 200 200 200 200 200 200 200",
    "/staff/files/?q=x": "login 403 403 200 200 200 200 403",
    "/staff/files/new/": "login 403 403 200 403 403 403 403",
    "/staff/files/{pk}/": "login 403 403 200 200 200 200 403",
    "/staff/files/{pk}/edit/": "login 403 403 200 200 403 403 403",
    "/staff/files/{pk}/household/": "login 403 403 200 200 403 403 403",
    "/staff/files/{pk}/documents/": "login 403 403 200 200 200 200 403",
    "/staff/files/{pk}/history/": "login 403 403 200 200 403 200 403",
    "/staff/files/{pk}/data/": "login 403 403 200 200 200 200 403",
    "/staff/duplicates/": "login 403 403 200 200 403 403 403",
    "/my/file/": "login 200 302 403 403 403 403 403",
    "/my/file/edit/": "login 200 404 403 403 403 403 403",
    "/my/file/household/": "login 200 404 403 403 403 403 403",
    "/my/file/documents/": "login 200 404 403 403 403 403 403",
    "/my/file/data/": "login 200 404 403 403 403 403 403",
    "/documents/{uuid}/": "login 200 404 200 200 200 404 404",
    # The confirmation page before a document is removed (a pending one, here): its owner and
    # the staff who verify documents; the committee reads documents but does not remove them.
    "/documents/{uuid}/delete/": "login 200 404 200 200 403 404 404",
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
@pytest.mark.parametrize(("template", "answers"), PAGES.items())
def test_each_page_opens_only_for_whom_it_is(client_for, people, file, template, answers):
    document = DocumentFactory(beneficiary=file)
    url = template.format(pk=file.pk, uuid=document.uuid)
    for who, expected in zip(WHO, answers.split(), strict=True):
        response = client_for(people.get(who)).get(url)
        if expected == "login":
            assert response.status_code == 302, (who, url)
            assert response.url.startswith("/accounts/login/"), (who, url)
        elif expected == "302":
            assert (response.status_code, response.url) == (302, "/my/file/new/"), (who, url)
        else:
            assert response.status_code == int(expected), (who, url)


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
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"street": "x"}).status_code == 403, url
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
