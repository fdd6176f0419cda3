from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms import BaseForm, BaseFormSet
from django.templatetags.static import static
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from makin import dates, display
from makin.markup import format_markup

register = template.Library()

# Each static file's address by its path, worked out once per process: the storage's names do
# not change while it runs (a test that changes the settings empties it).
_ASSETS: dict[str, str] = {}


@register.simple_tag
def asset(path: str) -> str:
    """`{% static path %}`, its address worked out once per process and path: the nine
    stylesheets, icons and scripts of every page cost ~0.17 ms a page through the storage."""
    address = _ASSETS.get(path)
    if address is None:
        address = _ASSETS[path] = static(path)
    return address


@receiver(setting_changed)
def _assets_moved(*, setting, **kwargs):
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES"):
        _ASSETS.clear()


@register.filter
def dual_date(value, first="gregorian"):
    """A date in Gregorian and Hijri (Umm al-Qura): `{{ request.created_at|dual_date }}` on
    pages and PDFs; in lists the person's calendar first:
    `{{ r.created_at|dual_date:user.calendar_first }}`."""
    return dates.dual(value, first or "gregorian")


@register.filter
def dual_datetime(value, first="gregorian"):
    """A date with its time, the dual date in the same calendar order as `dual_date`:
    `{{ meeting.starts_at|dual_datetime }}`; in lists the person's calendar first:
    `{{ m.at|dual_datetime:user.calendar_first }}`."""
    return dates.dual_datetime(value, first or "gregorian")


@register.filter
def hijri_date(value):
    return dates.hijri(value) if value else ""


def _form_errors(form):
    """(anchor, label, message) for each error of a bound form, in the form's field order."""
    rows = [(None, None, error) for error in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        widget = field.field.widget
        anchor = widget.id_for_label(field.auto_id) or f"{field.auto_id}_0"
        rows.extend((anchor, field.label, error) for error in field.errors)
    return rows


@register.inclusion_tag("includes/_error_summary.html", takes_context=True)
def error_summary(context):
    """One summary at the top of every page whose forms failed: each error links to its field.
    Found in the page's context, so a new form page needs nothing to get it."""
    seen, rows = set(), []
    for layer in context.dicts:
        for value in layer.values() if isinstance(layer, dict) else ():
            if id(value) in seen:
                continue
            seen.add(id(value))
            # type(), not isinstance(): a lazy value (csrf_token, user) must stay unevaluated.
            kind = type(value)
            if issubclass(kind, BaseFormSet) and value.is_bound:
                rows.extend((None, None, error) for error in value.non_form_errors())
                for form in value.forms:
                    rows.extend(_form_errors(form))
            elif issubclass(kind, BaseForm) and value.is_bound and value.errors:
                rows.extend(_form_errors(value))
    return {"errors": rows}


@register.simple_tag
def forward_arrow():
    """An arrow from what was to what is, pointing the way the page reads (← in Arabic, → in
    English); screen readers hear "to"."""
    arrow = "←" if translation.get_language_bidi() else "→"
    return format_html(
        '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>',
        arrow,
        _("to"),
    )


ltr = register.filter("ltr", display.ltr)
money = register.filter("money", display.money)
message_html = register.filter("message_html", display.message_html, is_safe=True)


@register.filter
def stored(value, empty=""):
    """User data in its own direction: what people typed (notes, reasons, names, messages) and
    people's names, isolated in a `<bdi>` so that Arabic on an English page (or English on an
    Arabic one) keeps its own direction and is known as data, not the page's words:
    `{{ report.findings|linebreaksbr|stored }}`, `{{ change.actor|stored }}` (a person by their
    full name or username), `{{ note|stored:"—" }}` (shown when there is nothing)."""
    if value is None or value == "":
        return empty
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def named(entry) -> str:
    """A managed list entry's name in the page's language; an entry without an English name
    shows its Arabic one marked as Arabic on English pages (for screen readers and bidi)."""
    if entry is None:
        return ""
    if translation.get_language() != "ar" and not entry.name_en:
        return format_html('<bdi lang="ar" dir="rtl">{}</bdi>', entry.name_ar)
    return entry.name


@register.inclusion_tag("includes/_table_head.html")
def table_head(*columns, hidden=""):
    """A table's header row: a column for each label, and a last one for the row's buttons
    that only screen readers name (`hidden`, e.g. "Actions")."""
    return {"columns": columns, "hidden": hidden}


@register.simple_tag
def badge(value, enum=None, label=None, title=None):
    """`{% badge request.status %}` for an enum member, `{% badge r.status "requests.Status" %}`
    for a bare code; the colour comes from `makin.badges`' one table, the words from the enum
    unless the page gives its own `label`."""
    from makin import badges

    return badges.badge_html(value, enum, label=label, title=title)


@register.simple_tag(takes_context=True)
def words(context, name, **params):
    """`{% words "requests.missing_intro" %}`: the message in the wording of the page's reader
    (`reader` in the context, from `makin.wording.reader_of`); a page that forgets to say who
    reads it fails loudly rather than guessing."""
    from makin import wording

    return wording.words(name, reader=context["reader"], **params)


@register.simple_tag(takes_context=True)
def case_section(context, section):
    """One part of a person's case (`makin.case.CaseSection`), rendered with its own context
    on top of the page's, as `{% include %}` does: the page's context processors are not run
    again for each section."""
    template = context.template.engine.get_template(section.template)
    with context.push(section.context):
        return template.render(context)


NAV_LINK = '<li class="nav-item"><a class="nav-link{}"{} href="{}">{}</a></li>\n'
NAV_MENU = (
    '<li class="nav-item dropdown"><button class="nav-link dropdown-toggle" type="button" '
    'data-bs-toggle="dropdown" aria-expanded="false">{}</button>'
    '<ul class="dropdown-menu">{}</ul></li>\n'
)
NAV_MENU_LINK = '<li><a class="dropdown-item{}"{} href="{}">{}</a></li>'
CURRENT = mark_safe(' aria-current="page"')


# The bar's markup by list of entries (`navigation_for` keeps one list per set of roles and
# language, so a person's pages draw the same list) and by which of its links is the page's:
# each list kept with its markups, so that its id names it only while it lives. Bounded.
_NAV_MARKUP: dict[int, tuple[list, frozenset, dict]] = {}


@register.simple_tag(takes_context=True)
def nav_entries(context, entries):
    """The bar's entries (`makin.navigation.navigation_for`): a link, or a menu of links; the
    page's own link marked active and current. Drawn once for each list and current link."""
    path = context["request"].path
    made = _NAV_MARKUP.get(id(entries))
    if made is None or made[0] is not entries:
        urls = frozenset(
            link["url"] for entry in entries for link in entry.get("children") or (entry,)
        )
        made = _NAV_MARKUP[id(entries)] = (entries, urls, {})
        if len(_NAV_MARKUP) > 64:
            del _NAV_MARKUP[next(iter(_NAV_MARKUP))]
    current = path if path in made[1] else None
    html = made[2].get(current)
    if html is None:
        html = made[2][current] = _nav_markup(entries, current)
    return html


def _nav_markup(entries, path) -> str:
    def link(template, active, entry):
        here = path == entry["url"]
        return format_markup(
            template, active if here else "", CURRENT if here else "", entry["url"], entry["label"]
        )

    return mark_safe(  # every part made by format_markup
        "".join(
            format_markup(
                NAV_MENU,
                entry["label"],
                mark_safe("".join(link(NAV_MENU_LINK, " active", c) for c in entry["children"])),
            )
            if entry.get("children")
            else link(NAV_LINK, " active", entry)
            for entry in entries
        )
    )


@register.simple_tag
def address(view_name):
    """`{% address 'makin:faq' %}` (or `… as faq_url`): `{% url %}` of a page without
    arguments, reversed once per language (`makin.links.address`): the chrome has ~20."""
    from makin.links import address

    return address(view_name)


@register.filter
def filter_field(field):
    """`{{ field|filter_field }}`: a list page's filter field, marked up as crispy's Bootstrap
    field (`makin.forms.filter_field_html`)."""
    from makin.forms import filter_field_html

    return filter_field_html(field)


@register.simple_tag(takes_context=True)
def site_header(context):
    """The page's header, its bar and language switch (`makin.chrome.header_html`)."""
    from makin.chrome import header_html

    return mark_safe(header_html(context, lambda items: nav_entries(context, items)))


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The page's footer (`makin.chrome.footer_html`)."""
    from makin.chrome import footer_html

    return mark_safe(footer_html(context))


PAGINATION = (
    '<nav class="mt-3" aria-label="{}">\n    <ul class="pagination flex-wrap">\n{}    </ul>\n'
    "  </nav>\n"
)
PAGE_LINK = (
    '        <li class="page-item">\n          <a class="page-link"\n             rel="{}"\n'
    '             href="{}">{}</a>\n        </li>\n'
)
PAGE_OF = (
    '        <li class="page-item disabled">\n          <span class="page-link">{}</span>\n'
    "        </li>\n"
)


@register.simple_tag(takes_context=True)
def pagination(context):
    """The one pagination bar (`includes/_pagination.html`) for the context's `page`: a
    Django page or a keyset page (`previous_cursor`/`next_cursor`), its links keeping the
    page's other parameters as `{% querystring %}` does; `previous_label`/`next_label` name
    the directions."""
    from django.template.defaulttags import querystring

    page = context.get("page")
    if page is None or page == "":
        return ""

    def read(obj, name):
        # As a template reads `obj.name`: a method is called, a missing name is nothing.
        value = getattr(obj, name, None)
        return value() if callable(value) else value

    has_previous, has_next = read(page, "has_previous"), read(page, "has_next")
    if not (has_previous or has_next):
        return ""

    def address(direction):
        cursor = read(page, f"{direction}_cursor")
        if cursor:
            return querystring(context, page=None, cursor=cursor)
        return querystring(context, cursor=None, page=read(page, f"{direction}_page_number"))

    items = []
    if has_previous:
        items.append(
            format_markup(
                PAGE_LINK,
                "prev",
                address("previous"),
                context.get("previous_label") or _("Previous"),
            )
        )
    total = read(read(page, "paginator"), "num_pages")
    if total:
        items.append(
            format_markup(
                PAGE_OF,
                _("Page %(n)s of %(total)s")
                % {"n": formats.localize(read(page, "number")), "total": formats.localize(total)},
            )
        )
    if has_next:
        items.append(
            format_markup(
                PAGE_LINK,
                "next",
                address("next"),
                context.get("next_label") or _("Next"),
            )
        )
    return mark_safe(format_markup(PAGINATION, _("Pages"), mark_safe("".join(items))))
