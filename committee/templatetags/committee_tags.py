"""Small display helpers of the committee's pages and the panels it adds to the role homes."""

import datetime
import functools
import html
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from django import forms, template
from django.template.defaultfilters import linebreaksbr, unordered_list
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext

from beneficiaries.models import Housing, MaritalStatus
from makin import dates
from makin.badges import badge_html
from makin.bilingual import in_language
from makin.display import money
from makin.links import keyed_url
from makin.markup import escaped, format_markup, join_markup
from makin.templatetags.portal import named
from requests.models import Recommendation, Service, VisitKind
from requests.templatetags.requests_tags import due_badge

from .. import selectors

register = template.Library()


@register.inclusion_tag("committee/includes/_dashboard.html", takes_context=True)
def committee_dashboard(context):
    """The committee's home: requests waiting by days left (overdue first) and the next
    meeting's agenda."""
    user = context["user"]
    meeting, items, waiting = selectors.committee_home(user=user, limit=50)
    return {
        "user": user,
        "waiting": waiting,
        "meeting": meeting,
        "items": items,
    }


@register.inclusion_tag("committee/includes/_manager_panel.html", takes_context=True)
def committee_manager_panel(context):
    return {"summary": selectors.deadline_summary(user=context["user"])}


@register.inclusion_tag("committee/includes/_applicant_panel.html", takes_context=True)
def committee_applicant_panel(context):
    return {"letters": selectors.letter_lines(user=context["user"])}


def _attrs(attrs: dict):
    """Crispy's `attrs.html`: ` name="value"`, a bare name for True, nothing for False."""
    return join_markup(
        "",
        "{}",
        (
            (
                format_markup(" {}", name)
                if value is True
                else format_markup(' {}="{}"', name, value),
            )
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _checkboxes_html(field):
    """A field of checkboxes (`CheckboxSelectMultiple`) as crispy's Bootstrap 5 `field.html`
    and `radio_checkbox_select.html` mark it up under `{{ form|crispy }}`: a fieldset with its
    legend, a box per choice, the errors after the last one, then the help text."""
    from crispy_forms.templatetags.crispy_forms_filters import optgroups

    invalid = " is-invalid" if field.errors else ""
    groups = list(optgroups(field))
    boxes = []
    for group_index, (group, options, _index) in enumerate(groups, 1):
        if group:
            boxes.append(format_markup("<strong>{}</strong>", group))
        for option_index, option in enumerate(options, 1):
            errors = ""
            if field.errors and option_index == len(options) and group_index == len(groups):
                errors = format_markup(
                    ' <div id="{}_error" class="invalid-feedback">{}</div>',
                    field.errors.field_id,
                    join_markup(
                        "",
                        '<p id="error_{}_{}"><strong>{}</strong></p>',
                        ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)),
                    ),
                )
            boxes.append(
                format_markup(
                    '<div class="form-check"> <input type="{}" class="form-check-input{}"  '
                    'name="{}" value="{}" {}> <label for="{}" class="form-check-label"> {} '
                    "</label>{} </div>",
                    option["type"],
                    invalid,
                    field.html_name,
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["attrs"].get("id", ""),
                    option["label"],
                    errors,
                )
            )
    help_text = ""
    if field.help_text:
        help_text = format_markup(
            ' <div {}class="form-text">{}</div>',
            format_markup('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
            mark_safe(field.help_text),  # as crispy: help texts are the portal's own
        )
    control = format_markup("<div > {} </div>{}", mark_safe(" ".join(boxes)), help_text)
    required = field.field.required
    if field.label:
        described = field.aria_describedby
        control = format_markup(
            '<fieldset{}> <legend class="form-label{} fs-6">{}{}</legend> {} </fieldset>',
            format_markup(' aria-describedby="{}"', described) if described else "",
            " requiredField" if required else "",
            field.label,
            mark_safe('<span class="asteriskField">*</span>') if required else "",
            control,
        )
    wrapper = " " + field.css_classes() if field.css_classes() else ""
    return format_markup(
        '<div id="div_{}" class="mb-3{}"> {} </div>', field.auto_id, wrapper, control
    )


@register.simple_tag
def checkbox_form(form):
    """`{{ form|crispy }}` of a form of checkbox lists (the meeting's attendance), made in
    Python with the same markup: crispy's templates took ~4 ms of the meeting page. Any other
    field is left to crispy."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    if _drawn_from_members(form):
        return _attendance_boxes(form)
    parts = []
    if form.non_field_errors():
        parts.append(
            format_markup(
                '<div class="alert alert-block alert-danger"> <ul class="m-0"> {} </ul> </div>',
                unordered_list(form.non_field_errors(), autoescape=True),
            )
        )
    for field in form:
        if isinstance(field.field.widget, forms.CheckboxSelectMultiple) and not field.is_hidden:
            parts.append(_checkboxes_html(field))
        else:
            parts.append(as_crispy_field(field))
    return mark_safe("\n".join(parts))  # each part made by format_html or crispy


def _drawn_from_members(form) -> bool:
    """An attendance form not posted, made from the members read with the meeting: its boxes
    are drawn from them (`_attendance_boxes`)."""
    return (
        getattr(form, "members", None) is not None
        and not form.is_bound
        and form.prefix is None
        and form.auto_id == "id_%s"
        and list(form.fields) == ["attendees"]
    )


ATTENDANCE_BOX = (
    '<div class="form-check"> <input type="checkbox" class="form-check-input"  '
    'name="attendees" value="{0}"  id="id_attendees_{1}"{2}> '
    '<label for="id_attendees_{1}" class="form-check-label"> <bdi>{3}</bdi> </label> </div>'
)


def _attendance_boxes(form):
    """`_checkboxes_html` of an unbound attendance form made from the members given (no
    errors, no help text, not required): the same markup from the members' keys and names,
    without the form's bound field, widget and option dictionaries."""
    field = form.fields["attendees"]
    ticked = {getattr(a, "pk", a) for a in form.initial.get("attendees") or ()}
    boxes = " ".join(
        ATTENDANCE_BOX.format(
            escaped(member.pk),
            index,
            " checked" if member.pk in ticked else "",
            escaped(member),
        )
        for index, member in enumerate(form.members)
    )
    return mark_safe(  # the members' keys and names escaped, the label escaped
        '<div id="div_id_attendees" class="mb-3"> <fieldset> '
        f'<legend class="form-label fs-6">{escaped(field.label)}</legend> '
        f"<div > {boxes} </div> </fieldset> </div>"
    )


@register.simple_tag(takes_context=True)
def agenda_candidate_list(context, candidates, chosen):
    """The page's candidates (`selectors.CandidateRow`), each by `agenda_candidate`, in one tag
    (not a tag per row through the template's loop)."""
    language = translation.get_language()
    chosen = set(chosen or ())
    return mark_safe(  # each made by _candidate_html
        "\n".join(_candidate_html(context, row, chosen, language) for row in candidates)
    )


@register.simple_tag(takes_context=True)
def agenda_candidate(context, row, chosen):
    """One request the chair may put on the agenda (`selectors.CandidateRow`): its checkbox
    (ticked again when the form comes back with an error), reference, name, service and
    deadline."""
    return mark_safe(  # made by _candidate_html
        _candidate_html(context, row, set(chosen or ()), translation.get_language())
    )


CANDIDATE_ROW = (
    '<li class="form-check">\n'
    '<input class="form-check-input" type="checkbox" name="requests" value="{0}" '
    'id="candidate-{0}"{1}>\n'
    '<label class="form-check-label" for="candidate-{0}">\n'
    '<span dir="ltr">{2}</span> — <bdi>{3}</bdi> — {4}\n'
    "</label>\n"
    "{5}\n"
    "</li>"
)


def _candidate_html(context, row, chosen: set, language) -> str:
    """A candidate's markup, each of the row's values escaped as `format_html` would (the
    service's name and the badge are markup made once per language): the page draws fifty."""
    key = str(row.pk)
    return CANDIDATE_ROW.format(
        key,
        " checked" if key in chosen else "",
        html.escape(row.reference),
        html.escape(
            " ".join(
                p
                for p in (row.first_name, row.father_name, row.grandfather_name, row.family_name)
                if p
            )
        ),
        escaped(_service_named(row.service_name_ar, row.service_name_en, language)),
        due_badge(context, row),
    )


@cache
def _file_words(language: str) -> dict:
    """The file's labels in one language, translated once per process."""
    words = {
        "summary": gettext_noop("File summary"),
        "beneficiary": gettext_noop("Beneficiary"),
        "national_id": gettext_noop("ID number"),
        "category": gettext_noop("Category"),
        "marital_status": gettext_noop("Marital status"),
        "housing": gettext_noop("Housing"),
        "a_month": gettext_noop("a month"),
        "household": gettext_noop("Household"),
        "income": gettext_noop("Monthly income"),
        "no_income": gettext_noop("None declared"),
        "service": gettext_noop("Service"),
        "amount_asked": gettext_noop("Amount asked"),
        "limit": gettext_noop("limit"),
        "decision_due": gettext_noop("Decision due"),
        "documents": gettext_noop("Verified documents"),
        "valid_until": gettext_noop("valid until"),
        "no_documents": gettext_noop("No verified documents."),
        "research": gettext_noop("Research report"),
        "recommendation": gettext_noop("Recommendation"),
        "visit": gettext_noop("Visit"),
        "researcher": gettext_noop("Researcher"),
        "met_with": gettext_noop("Met with"),
        "household_matches": gettext_noop("Household matches the file"),
        "proposed_support": gettext_noop("Proposed support"),
        "proposed_amount": gettext_noop("Proposed amount"),
        "no_report": gettext_noop("No research report."),
    }
    with translation.override(language):
        translated = {key: gettext(text) for key, text in words.items()}
        translated["yes"], translated["no"] = gettext("Yes,No").split(",")[:2]
    return translated


def _or_dash(value):
    return value if value not in (None, "") else "—"


def _fixed(text) -> str:
    """Words of the portal's own, escaped once, to stand in a `format_html` format string."""
    return str(conditional_escape(text)).replace("{", "{{").replace("}", "}}")


def _rows(w: dict, keys) -> str:
    return "\n".join(
        f'<dt class="col-5">{_fixed(w[key])}</dt>\n<dd class="col-7">{{}}</dd>' for key in keys
    )


@cache
def _file_layout(language: str) -> dict:
    """The file's markup in one language with its labels in place and a `{}` for each value,
    and the labels of the stored choices it shows: made once per process and language, so that
    a file is a few `format_html` calls rather than one per row and label."""
    w = _file_words(language)
    with translation.override(language):
        choices = {
            "housing": {k: str(v) for k, v in Housing.choices},
            "marital_status": {k: str(v) for k, v in MaritalStatus.choices},
            "recommendation": {k: str(v) for k, v in Recommendation.choices},
            "visit_kind": {k: str(v) for k, v in VisitKind.choices},
        }
    summary = _rows(
        w,
        (
            "beneficiary",
            "national_id",
            "category",
            "marital_status",
            "housing",
            "household",
            "income",
            "service",
            "amount_asked",
            "decision_due",
        ),
    )
    research = _rows(
        w,
        (
            "visit",
            "researcher",
            "met_with",
            "household_matches",
            "proposed_support",
            "proposed_amount",
        ),
    )
    return {
        "choices": choices,
        "file": (
            '<div class="row g-3">\n<div class="col-lg-6">\n'
            f'<h3 class="h6">{_fixed(w["summary"])}</h3>\n'
            f'<dl class="row small mb-0">\n{summary}\n</dl>\n{{}}\n'
            f'<h3 class="h6 mt-3">{_fixed(w["documents"])}</h3>\n'
            '<ul class="small mb-0">\n{}\n</ul>\n</div>\n<div class="col-lg-6">\n'
            f'<h3 class="h6">{_fixed(w["research"])}</h3>\n{{}}\n</div>\n</div>'
        ),
        "report": (
            f'<p class="mb-1">\n{_fixed(w["recommendation"])}:\n<strong>{{}}</strong>\n</p>\n'
            f'<dl class="row small mb-0">\n{research}\n</dl>\n'
            '<p class="small mt-2 mb-0" dir="auto">{}</p>'
        ),
        "housing_rent": f"{{}} ({{}} {_fixed(w['a_month'])})",
        "asked_limit": f'{{}} <span class="text-muted">({_fixed(w["limit"])} {{}})</span>',
        "valid_until": f' <span class="text-muted">— {_fixed(w["valid_until"])} {{}}</span>',
        "no_documents": f'<li class="text-muted">{_fixed(w["no_documents"])}</li>',
        "no_report": f'<p class="text-muted small">{_fixed(w["no_report"])}</p>',
    }


@functools.lru_cache(maxsize=256)
def _members(count: int, language: str) -> str:
    return ngettext("%(n)s member", "%(n)s members", count) % {"n": localize(count)}


def _esc(value):
    """`makin.markup.escaped`, text (the most of a file's values) checked first."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, SafeData):
        return value
    return escaped(value)


def _markup(format_string: str, *args) -> SafeString:
    """`format_markup` for the files and items a meeting page draws by the dozen, with the same
    markup: the values escaped by `_esc`, the result marked safe without Django's lazy-argument
    check (they were ~500 escapes and ~150 `mark_safe` calls a page)."""
    return SafeString(format_string.format(*map(_esc, args)))


def _join_markup(sep: str, format_string: str, args_generator) -> SafeString:
    return SafeString(_esc(sep).join(_markup(format_string, *a) for a in args_generator))


def _stored(value, empty=""):
    """`portal.stored` by `_markup`."""
    if value is None or value == "":
        return empty
    return _markup("<bdi>{}</bdi>", value)


@register.simple_tag(takes_context=True)
def request_file(context, req, read=None):
    """The file of one request as the committee reads it: summary, verified documents and the
    latest research report, from the columns `committee.selectors._file_columns` adds to the
    query that read it (`read`: the request itself, or its agenda item). Built in Python from
    a layout made once per language: the meeting page draws one per agenda item."""
    read = read or req
    language = translation.get_language()
    w = _file_words(language)
    layout = _file_layout(language)
    choices = layout["choices"]
    b = req.beneficiary
    report = selectors.file_report(read)
    housing = _or_dash(choices["housing"].get(b.housing, b.housing))
    if b.rent_amount:
        housing = _markup(layout["housing_rent"], housing, money(b.rent_amount))
    incomes = read.file_incomes
    income = (
        _join_markup(
            "،",
            "<bdi>{}</bdi>: {}",
            ((i["source"], money(Decimal(i["amount"]))) for i in incomes),
        )
        if incomes
        else w["no_income"]
    )
    asked = money(req.amount_requested) if req.amount_requested is not None else "—"
    if req.service.max_amount is not None:
        asked = _markup(layout["asked_limit"], asked, money(req.service.max_amount))
    details = (
        _markup('<p class="small mt-2 mb-0" dir="auto">{}</p>', linebreaksbr(req.details, True))
        if req.details
        else ""
    )
    documents = _join_markup(
        "\n",
        "<li>{}{}</li>",
        (
            (
                in_language(d["name_ar"], d["name_en"]),
                _markup(
                    layout["valid_until"],
                    dates.dual(datetime.date.fromisoformat(d["expiry_date"])),
                )
                if d["expiry_date"]
                else "",
            )
            for d in read.file_documents
        ),
    ) or SafeString(layout["no_documents"])
    if report:
        amount = money(report["proposed_amount"]) if report["proposed_amount"] is not None else "—"
        research = _markup(
            layout["report"],
            choices["recommendation"].get(report["recommendation"], report["recommendation"]),
            _markup(
                "{} — {}",
                choices["visit_kind"].get(report["visit_kind"], report["visit_kind"]),
                dates.dual(report["visit_date"]),
            ),
            _stored(report["author"]),
            _stored(report["met_with"]),
            w["yes"] if report["household_matches_file"] else w["no"],
            _stored(report["proposed_support"], "—"),
            amount,
            linebreaksbr(report["findings"], True),
        )
    else:
        research = SafeString(layout["no_report"])
    return _markup(
        layout["file"],
        _markup("<bdi>{}</bdi>", b.full_name),
        _markup('<span dir="ltr">{}</span>', b.national_id),
        _or_dash(b.category.name if b.category else ""),
        _or_dash(choices["marital_status"].get(b.marital_status, b.marital_status)),
        housing,
        _members(read.household_size, language),
        income,
        named(req.service),
        asked,
        _markup("{} {}", _or_dash(dates.dual(req.decision_due)), due_badge(context, req)),
        details,
        documents,
        research,
    )


@cache
def _item_words(language: str) -> dict:
    with translation.override(language):
        return {
            "open": gettext("Votes and decision"),
            "file": gettext("The file"),
        }


@functools.lru_cache(maxsize=256)
def _votes(count: int, language: str) -> str:
    return ngettext("%(n)s vote recorded", "%(n)s votes recorded", count) % {"n": localize(count)}


@register.simple_tag(takes_context=True)
def agenda_item(context, item, number):
    """One request on the meeting's agenda, `number` in its order: reference, name and
    service, the decision or the days left, the link to its votes and decision, its file, the
    number of votes and the decision's summary. Built in Python: the page draws one per item
    (the decision's summary is its template's, for the decided ones)."""
    language = translation.get_language()
    words = _item_words(language)
    req = item.request
    decision = getattr(item, "decision", None)
    summary = ""
    if decision:
        state = badge_html(decision.outcome, "committee.Outcome")
        summary = get_template("committee/includes/_decision_summary.html").render(
            {"decision": decision}
        )
    else:
        state = due_badge(context, req)
    return _markup(
        '<article class="card mb-3" aria-labelledby="item-{}">\n'
        '<div class="card-header d-flex flex-wrap justify-content-between align-items-center '
        'gap-2">\n<h3 class="h6 mb-0" id="item-{}">\n{}.\n<span dir="ltr">{}</span> — '
        "<bdi>{}</bdi> — {}\n</h3>\n"
        '<div class="d-flex flex-wrap align-items-center gap-2">\n{}\n'
        '<a class="btn btn-sm btn-primary" href="{}">{}</a>\n</div>\n</div>\n'
        '<div class="card-body">\n<details open>\n<summary class="mb-2">{}</summary>\n{}\n'
        '</details>\n<p class="small mb-0 mt-2">\n{}\n</p>\n{}\n</div>\n</article>',
        item.pk,
        item.pk,
        number,
        req.reference,
        req.beneficiary.full_name,
        named(req.service),
        state,
        keyed_url("committee:item_detail")(item.pk),
        words["open"],
        words["file"],
        request_file(context, req, item),
        _votes(item.vote_count, language),
        summary,
    )


def _item_link(pk, reference):
    return format_markup(
        '<a href="{}"><span dir="ltr">{}</span></a>',
        keyed_url("committee:item_detail")(pk),
        reference,
    )


@register.simple_tag(takes_context=True)
def waiting_list(context, rows):
    """The committee home's waiting requests, each by `waiting_request`, in one tag: a tag per
    row through the template's loop cost more than drawing the row."""
    drawn = _Drawing(context)
    return mark_safe("\n".join(_waiting_html(drawn, row) for row in rows))  # each escaped


@register.simple_tag(takes_context=True)
def agenda_outline(context, rows):
    """The next meeting's agenda lines on the committee home, each by `agenda_outline_item`."""
    return mark_safe("\n".join(agenda_outline_item(context, row) for row in rows))  # format_html


class _Drawing:
    """What every row of a list reads once: the language, today's date (as `due_badge` reads
    it from a context) and the agenda items' address."""

    def __init__(self, context):
        self.language = translation.get_language()
        self.context = {"today": context.get("today") or timezone.localdate()}
        self.item_url = keyed_url("committee:item_detail")


WAITING_ROW = (
    '<li class="list-group-item px-0 d-flex flex-wrap justify-content-between '
    'align-items-center gap-2">\n<span>\n{0}\n— <bdi>{1}</bdi>\n'
    '<span class="small text-muted d-block">{2}\n{3}\n</span>\n</span>\n{4}\n</li>'
)


@register.simple_tag(takes_context=True)
def waiting_request(context, row):
    """A row of the committee home's waiting requests (`selectors.committee_home`): the reference
    (a link to its agenda item when it is on one), name, service and days left. Built in
    Python: the home lists fifty."""
    return mark_safe(_waiting_html(_Drawing(context), row))  # each value escaped


def _waiting_html(drawn: _Drawing, row: dict) -> str:
    reference = html.escape(row["reference"])
    if row["agenda_item"]:
        reference = '<a href="{}"><span dir="ltr">{}</span></a>'.format(
            escaped(drawn.item_url(row["agenda_item"])), reference
        )
        on_agenda = "— " + escaped(_home_words(drawn.language)["on_agenda"])
    else:
        reference = f'<span dir="ltr">{reference}</span>'
        on_agenda = ""
    return WAITING_ROW.format(
        reference,
        html.escape(_full_name(row, "beneficiary__")),
        escaped(_service_named(row["service__name_ar"], row["service__name_en"], drawn.language)),
        on_agenda,
        escaped(due_badge(drawn.context, _Due(row["decision_due"], row["status"]))),
    )


class _Due(NamedTuple):
    """What `due_badge` reads of a request."""

    decision_due: datetime.date | None
    status: str


def _full_name(row: dict, prefix: str) -> str:
    """`Beneficiary.full_name` of a row read by `values()`: the four parts given."""
    return " ".join(
        p
        for p in (
            row[f"{prefix}first_name"],
            row[f"{prefix}father_name"],
            row[f"{prefix}grandfather_name"],
            row[f"{prefix}family_name"],
        )
        if p
    )


@functools.lru_cache(maxsize=256)
def _service_named(name_ar: str, name_en: str, language: str | None) -> str:
    """`named(service)` of a service's two names, worked out once per language."""
    return named(Service(name_ar=name_ar, name_en=name_en))


@register.simple_tag(takes_context=True)
def agenda_outline_item(context, row):
    """A line of the next meeting's agenda on the committee home
    (`selectors.agenda_outline_rows`): reference (a link to the item), name, and the decision
    or the days left."""
    if row["decision__outcome"]:
        state = badge_html(row["decision__outcome"], "committee.Outcome")
    else:
        state = due_badge(context, _Due(row["request__decision_due"], row["request__status"]))
    return format_markup(
        "<li>\n{}\n— <bdi>{}</bdi>\n{}\n</li>",
        _item_link(row["pk"], row["request__reference"]),
        _full_name(row, "request__beneficiary__"),
        state,
    )


@cache
def _home_words(language: str) -> dict:
    with translation.override(language):
        return {"on_agenda": gettext("on an agenda")}


MEETING_ROW = (
    "<tr>\n"
    '<td class="card-first" data-label="{}">\n'
    '<a href="{}"><span dir="ltr">{}</span></a>\n</td>\n'
    '<td class="card-first" data-label="{}">\n{}\n</td>\n'
    '<td data-label="{}">\n{}\n</td>\n'
    '<td data-label="{}">\n<span dir="ltr">{}</span>\n</td>\n'
    '<td data-label="{}">\n<span dir="ltr">{}</span>\n</td>\n'
    '<td class="card-first" data-label="{}">{}</td>\n'
    "</tr>\n"
)


@functools.lru_cache(maxsize=64)
def _meeting_status(status: str, language: str | None) -> str:
    return badge_html(status, "committee.MeetingStatus")


@register.simple_tag(takes_context=True)
def meeting_rows(context, page):
    """The meetings list's rows: number (the link to the meeting), date and time in the
    person's calendar, place (or how it is held), numbers of requests and of members present,
    status. Built in Python, the column names translated once for the page: the template and
    an include per row took ~20 ms of the page."""
    first = getattr(context.get("user"), "calendar_first", None) or "gregorian"
    language = translation.get_language()
    number, when, place, requests, present, status = (
        gettext("No."),
        gettext("Date and time"),
        gettext("Place"),
        gettext("Requests"),
        gettext("Present"),
        gettext("Status"),
    )
    link = keyed_url("committee:meeting_detail")
    return join_markup(
        "",
        MEETING_ROW,
        (
            (
                number,
                link(m.number),
                m.number,
                when,
                dates.dual_datetime(m.starts_at, first),
                place,
                format_markup("<bdi>{}</bdi>", m.place) if m.place else m.get_mode_display(),
                requests,
                m.item_count,
                present,
                m.attendee_count,
                status,
                _meeting_status(m.status, language),
            )
            for m in page
        ),
    )
