"""The meeting's attendance form is marked up in Python (`committee_tags.checkbox_form`) as
`{{ form|crispy }}` marks it up with crispy's Bootstrap 5 templates: same elements,
attributes and words, with and without errors, in both languages."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from committee import selectors, services
from committee.forms import AttendanceForm
from committee.templatetags.committee_tags import checkbox_form


def squeeze(html) -> str:
    """The markup without the whitespace between and around tags and words."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*([<>])\s*", r"\1", html)


def test_the_attendance_form_is_marked_up_as_crispy_did(board):
    """A scheduled meeting's form: a fieldset with its legend and a box per serving member,
    the chair first, those present ticked."""
    html = checkbox_form(AttendanceForm(initial={"attendees": [board.chair, board.m2]}))
    c, m1, m2 = board.chair.pk, board.m1.pk, board.m2.pk
    assert squeeze(html) == squeeze(
        '<div id="div_id_attendees" class="mb-3"><fieldset>'
        '<legend class="form-label fs-6">الأعضاء الحاضرون</legend><div >'
        '<div class="form-check"><input type="checkbox" class="form-check-input"  '
        f'name="attendees" value="{c}"  id="id_attendees_0" checked>'
        '<label for="id_attendees_0" class="form-check-label"><bdi>عبدالله الرفاعي</bdi></label>'
        "</div>"
        '<div class="form-check"><input type="checkbox" class="form-check-input"  '
        f'name="attendees" value="{m1}"  id="id_attendees_1">'
        '<label for="id_attendees_1" class="form-check-label"><bdi>خالد العوفي</bdi></label>'
        "</div>"
        '<div class="form-check"><input type="checkbox" class="form-check-input"  '
        f'name="attendees" value="{m2}"  id="id_attendees_2" checked>'
        '<label for="id_attendees_2" class="form-check-label"><bdi>فهد الصاعدي</bdi></label>'
        "</div>"
        "</div></fieldset></div>"
    )


def test_the_attendance_form_from_the_members_read_with_the_meeting_is_the_same(board, meeting):
    """The meeting's page makes the form's boxes from the serving members and those present
    read with the meeting (`meeting_get`), without a query of its own: the same markup as the
    form reading them, in both languages."""
    services.meeting_open(meeting=meeting, attendees=[board.chair, board.m2], actor=board.chair)
    read = selectors.meeting_get(user=board.chair, number=meeting.number)
    assert [str(a) for a in selectors.attendees_of(read)] == ["عبدالله الرفاعي", "فهد الصاعدي"]
    for language in ("ar", "en"):
        with translation.override(language):
            attendees = selectors.attendees_of(read)
            queried = checkbox_form(AttendanceForm(initial={"attendees": attendees}))
            members = selectors.serving_members_of(read)
            with CaptureQueriesContext(connection) as queries:
                from_members = checkbox_form(
                    AttendanceForm(initial={"attendees": attendees}, members=members)
                )
            assert len(queries) == 0
            assert from_members == queried
            assert from_members.count(" checked>") == 2


def test_the_attendance_form_with_an_error_is_marked_up_as_crispy_did(board):
    """A refused choice: every box `is-invalid`, the fieldset described by the error, the error
    in Arabic after the last box."""
    form = AttendanceForm({"attendees": ["999999"]})
    assert not form.is_valid()
    html = squeeze(checkbox_form(form))
    assert '<fieldset aria-describedby="id_attendees_error">' in html
    assert html.count('class="form-check-input is-invalid"') == 3
    assert html.endswith(
        '<div id="id_attendees_error" class="invalid-feedback"><p id="error_1_id_attendees">'
        "<strong>انتق خياراً صحيحاً. 999999 ليس أحد الخيارات المتاحة.</strong></p></div>"
        "</div></div></fieldset></div>"
    )


def _forms(board):
    refused = AttendanceForm({"attendees": [str(board.m1.pk)]})
    refused.is_valid()
    refused.add_error("attendees", ValidationError("Not <enough> members present."))
    general = AttendanceForm({"attendees": [str(board.chair.pk), str(board.m2.pk)]})
    general.is_valid()
    general.add_error(None, ValidationError("The meeting has <moved>."))
    return [
        AttendanceForm(),
        AttendanceForm(initial={"attendees": [board.chair, board.m1, board.m2]}),
        AttendanceForm({"attendees": [str(board.m2.pk)]}),
        AttendanceForm({"attendees": ["x", "999999"]}),
        refused,
        general,
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_state_of_the_attendance_form_matches_crispy(board, language):
    """Unbound, ticked, posted, refused (by the form, by the service on the field, by the
    service on the whole form) in both languages: the same markup but for whitespace."""
    with translation.override(language):
        for form in _forms(board):
            assert squeeze(checkbox_form(form)) == squeeze(as_crispy_form(form))


def test_no_serving_member_is_an_empty_list_as_crispy_drew_it(db):
    """A committee without serving members: an empty list, as crispy drew it."""
    form = AttendanceForm()
    assert squeeze(checkbox_form(form)) == squeeze(as_crispy_form(form))
