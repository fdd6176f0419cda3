import datetime
import functools
import html

import django_filters.fields
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.forms.models import ModelChoiceIterator
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from . import dates
from .markup import escaped, format_markup, join_markup
from .models import CalendarFirst
from .validators import validate_national_id, validate_saudi_mobile, western_digits

FilterChoiceIterator = django_filters.fields.ChoiceIterator


class CalendarDateInput(forms.TextInput):
    """A date typed in Hijri or Gregorian, with both calendars' reading shown beside it and
    updated as the person types (static/js/dates.js)."""

    template_name = "makin/widgets/calendar_date.html"

    def __init__(self, attrs=None):
        defaults = {"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = value.isoformat() if isinstance(value, datetime.date) else str(value or "")
        context["widget"]["echo"] = dates.other_calendar(typed)
        return context


def _date_example(value: str):
    return format_html('<span dir="ltr" class="text-nowrap">{}</span>', value)


@functools.lru_cache(maxsize=8)
def _date_help_in(language: str | None):
    return format_html(
        _("Hijri or Gregorian, year-month-day: {hijri} or {gregorian}."),
        hijri=_date_example("1447-05-10"),
        gregorian=_date_example("2025-11-01"),
    )


# The examples kept whole and left to right (a phone would break "2025-" from "11-01"); made
# once per language.
_date_help = lazy(lambda: _date_help_in(translation.get_language()), str)


class CalendarDateField(forms.DateField):
    """Every date field of the portal: Hijri (Umm al-Qura) or Gregorian, year-month-day or
    day-month-year, Western or Eastern digits; the cleaned value is a Gregorian date."""

    widget = CalendarDateInput
    default_error_messages = {
        "invalid": _(
            "Enter a real date, Hijri (1447-05-10) or Gregorian (2025-11-01), as year-month-day."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _date_help())
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parsed = dates.parse(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class CalendarDateTimeInput(forms.MultiWidget):
    """A day typed or picked in either calendar (as every date field), and a time."""

    template_name = "makin/widgets/calendar_datetime.html"

    def __init__(self, attrs=None):
        super().__init__(
            [
                CalendarDateInput({**(attrs or {}), "aria-label": _("Day")}),
                forms.TimeInput(
                    attrs={**(attrs or {}), "type": "time", "aria-label": _("Time")},
                    format="%H:%M",
                ),
            ]
        )

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return [value.date(), value.time().replace(second=0, microsecond=0)]
        return [None, None]


class CalendarDateTimeField(forms.MultiValueField):
    """A date in either calendar (`CalendarDateField`) and a time of day; cleaned to an aware
    datetime in the portal's time zone."""

    widget = CalendarDateTimeInput
    default_error_messages = {"invalid_time": _("Enter the time as hours and minutes, e.g. 19:30.")}

    def __init__(self, **kwargs):
        fields = (
            CalendarDateField(),
            forms.TimeField(
                error_messages={"invalid": self.default_error_messages["invalid_time"]}
            ),
        )
        kwargs.setdefault(
            "help_text",
            _("The day in Hijri or Gregorian (1448-06-20 or 2026-11-30), then the time."),
        )
        super().__init__(fields, require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        day, time = data_list
        if day is None or time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, time))


class CalendarFirstForm(forms.Form):
    calendar_first = forms.ChoiceField(
        label=_("Calendar shown first in lists and exported files"),
        choices=CalendarFirst.choices,
        widget=forms.RadioSelect,
        help_text=_("Pages and printed documents always show both calendars."),
        error_messages={
            "required": _("Choose Hijri first or Gregorian first."),
            "invalid_choice": _("Choose Hijri first or Gregorian first."),
        },
    )


class DigitsField(forms.CharField):
    """A field of digits that accepts Eastern Arabic digits and stray spaces."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return western_digits(value).replace(" ", "").replace("-", "")


class NationalIdField(DigitsField):
    default_validators = [validate_national_id]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("ID number"))
        kwargs.setdefault("max_length", 14)
        kwargs.setdefault("help_text", _("National ID or iqama number, 10 digits."))
        super().__init__(**kwargs)


class SaudiMobileField(PhoneNumberField):
    default_validators = [validate_saudi_mobile]

    def __init__(self, **kwargs):
        kwargs.setdefault("region", "SA")
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("help_text", _("A Saudi mobile number, for example 0551234567."))
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Enter a Saudi mobile number, for example 0551234567.")},
        )
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "type": "tel"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = western_digits(value).strip()
        return super().to_python(value)


class SignupForm(BaseUserCreationForm):
    """An applicant's account: ID number, name, mobile, e-mail (for password reset)."""

    national_id = NationalIdField()
    mobile = SaudiMobileField()

    class Meta:
        model = get_user_model()
        fields = ("national_id", "first_name", "last_name", "mobile", "email")
        labels = {"email": _("E-mail (to reset your password)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["last_name"].label = _("Family name")
        self.fields["email"].widget.attrs["dir"] = "ltr"
        # Django's form adds `usable_password` for the admin only.
        self.fields.pop("usable_password", None)

    def clean(self):
        cleaned = super().clean()
        # Whether the ID number is registered is not the form's to say (anyone could ask it):
        # the sign-up service tells the account's owner instead.
        self._validate_unique = False
        return cleaned

    def _post_clean(self):
        # The username is the ID number; set it before the model and password checks run.
        if self.cleaned_data.get("national_id"):
            self.instance.username = self.cleaned_data["national_id"]
        super()._post_clean()


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The ID number (or username) and password do not match. Both are case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("ID number or username")
        self.fields["username"].help_text = _(
            "Applicants: your national ID or iqama number. Staff: your username."
        )
        self.fields["username"].widget.attrs.update({"dir": "ltr", "autocomplete": "username"})
        # Django only sets the widget's maxlength; without a validator a longer name reaches
        # authenticate() and django-axes, whose attempt log holds 255 characters (a 500).
        self.fields["username"].validators.append(
            MaxLengthValidator(self.fields["username"].max_length or 150)
        )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail sent by the background worker (after commit),
    in the person's language, so the page never waits for the mail server."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from .tasks import send_password_reset

        args = (
            context["user"].pk,
            context["domain"],
            context["site_name"],
            context["protocol"] == "https",
            subject_template_name,
            email_template_name,
        )
        transaction.on_commit(lambda: send_password_reset.enqueue(*args), robust=True)


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six-digit code in your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "one-time-code", "inputmode": "text"}
        ),
    )


SMS_COUNT_FORMAT = _("%(chars)s characters: %(parts)s SMS (%(per)s characters each)")


class SmsTextarea(forms.Textarea):
    """A text that may go out as SMS, with what it will cost shown below it: counted here for
    the text the page opens with, and again as staff type (static/js/sms-parts.js)."""

    def render(self, name, value, attrs=None, renderer=None):
        from .sms import sms_parts

        attrs = {**(attrs or {}), "data-sms-count": "1"}
        textarea = super().render(name, value, attrs, renderer)
        text = str(value or "")
        parts, per, _encoding = sms_parts(text)
        chars = len(text.encode("utf-16-le")) // 2
        return format_html(
            '{}<div class="form-text" aria-live="polite" data-sms-count-for="{}" '
            'data-format="{}">{}</div>',
            textarea,
            attrs.get("id", ""),
            str(SMS_COUNT_FORMAT),
            str(SMS_COUNT_FORMAT) % {"chars": chars, "parts": parts, "per": per},
        )


class PlainChoiceIterator(ModelChoiceIterator):
    """Choices read by one plain query. Django reads a choice list through `.iterator()`, which
    on PostgreSQL is a server-side cursor: its plan is made for the first rows
    (`cursor_tuple_fraction`) and can walk a whole index where the plain query sorts a few
    rows (310–515 ms instead of 4–5 ms for the agenda's candidates at 270k requests)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = PlainChoiceIterator


class PersonSelect(forms.Select):
    """A list of people: each name in its own direction, marked as data (`dir="auto"`)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"] != "":
            option["attrs"]["dir"] = "auto"
        return option


class PersonChoiceField(ModelChoiceField):
    """One person (staff), by full name or username."""

    widget = PersonSelect

    def label_from_instance(self, obj):
        return str(obj)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = PlainChoiceIterator


# A filter field's markup, made in Python ----------------------------------------------------
# Crispy's `as_crispy_field` and Django's widget templates (a template per option and per
# attribute list) took ~20 ms of a queue page's filter form. The markup below is what they
# produce for a filter's text, select, checkbox and calendar date fields (only the whitespace
# differs); any other widget is left to crispy.

_PLAIN_INPUTS = {"text", "search", "number", "email", "tel", "url", "checkbox"}


def _attrs_html(attrs: dict):
    """Django's `attrs.html`: ` name="value"`, a bare name for True, nothing for False."""
    return mark_safe(
        "".join(
            f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _option_html(option: dict):
    return format_html(
        '<option value="{}"{}>{}</option>',
        option["value"],
        _attrs_html(option["attrs"]),
        option["label"],
    )


def _select_html(widget: dict):
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        rendered = format_html_join("", "\n  {}", ((_option_html(o),) for o in options))
        if group_name:
            rendered = format_html(
                '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered
            )
        groups.append(rendered)
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        widget["name"],
        _attrs_html(widget["attrs"]),
        mark_safe("".join(groups)),  # each part made by format_html
    )


@functools.lru_cache(maxsize=256)
def _options_markup(choices: tuple) -> tuple:
    """The options of a select of `choices` ((value, label, label is markup) as words): each
    option's value and its markup before and after the place of ` selected`."""
    return tuple(
        (
            value,
            f'\n  <option value="{html.escape(value)}"',
            f">{label if is_markup else html.escape(label)}</option>",
        )
        for value, label, is_markup in choices
    )


def _choices_key(choices) -> tuple | None:
    """A select's choices as words of the page's language (a lazy label translated), what
    `_options_markup` is made from; None for a list of groups."""
    key = []
    inner = getattr(choices, "choices", None)
    if isinstance(choices, FilterChoiceIterator) and type(inner) is tuple:
        # django-filter's choices of a list already normalised (a filter set's words,
        # `LeanFilterSet.translated_choices`): its empty and null choices, then that list,
        # without normalising it again.
        field = choices.field
        head = []
        if field.empty_label is not None:
            head.append(("", field.empty_label))
        if field.null_label is not None:
            head.append((field.null_value, field.null_label))
        choices = (*head, *inner)
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            return None
        key.append(
            (
                "" if value is None else str(value),
                label.__html__()
                if hasattr(label, "__html__")
                else label
                if isinstance(label, str)
                else str(label),
                hasattr(label, "__html__"),
            )
        )
    return tuple(key)


def _plain_select_html(widget, name, value, attrs):
    """A `forms.Select` of one value and no groups, its options made straight from its choices
    (as `_select_html` makes them from Django's `optgroups`, without a dict per option); the
    options' markup made once per process for each list of choices in words."""
    key = _choices_key(widget.choices)
    if key is None:
        return None
    values = widget.format_value(value)
    has_selected = False
    drawn = []
    for option_value, before, after in _options_markup(key):
        selected = not has_selected and option_value in values
        has_selected |= selected
        drawn.append(f"{before} selected{after}" if selected else before + after)
    return mark_safe(  # every value escaped
        f'<select name="{escaped(name)}"{_attrs_html(widget.build_attrs(widget.attrs, attrs))}>'
        f"{''.join(drawn)}\n</select>"
    )


def _input_html(widget: dict, after=""):
    value = widget["value"]
    return format_markup(
        '<input type="{}" name="{}"{}{}{}>',
        widget["type"],
        widget["name"],
        format_markup(' value="{}"', value) if value is not None else "",
        _attrs_html(widget["attrs"]),
        after,
    )


def _calendar_date_html(widget: dict):
    """`makin/widgets/calendar_date.html`, made here for the filter forms."""
    from django.utils.translation import gettext

    from .links import address

    field_id = widget["attrs"].get("id", "")
    return format_markup(
        '<div class="input-group calendar-date">{}<button type="button" '
        'class="btn btn-outline-secondary" id="{}_pick" aria-haspopup="dialog" '
        'aria-expanded="false" aria-controls="{}_picker" data-calendar-open="{}">'
        '<span aria-hidden="true">\u25a6</span> {}</button></div>\n'
        '<div class="calendar-picker card p-2 shadow-sm" id="{}_picker" role="dialog" '
        'aria-modal="true" aria-label="{}" hidden></div>\n'
        '<div class="form-text calendar-echo" id="{}_echo" aria-live="polite">{}</div>',
        _input_html(
            widget,
            format_markup(
                ' data-calendar-echo="{}" data-calendar-month="{}"',
                address("makin:date_echo"),
                address("makin:date_month"),
            ),
        ),
        field_id,
        field_id,
        field_id,
        gettext("Calendar"),
        field_id,
        gettext("Choose a date"),
        field_id,
        widget["echo"],
    )


def _lean_kind(widget) -> str | None:
    """ "select", "input" or "calendar" for the widgets rendered here; None for those left to
    crispy."""
    if isinstance(widget, forms.CheckboxInput) and type(widget).template_name == (
        "django/forms/widgets/checkbox.html"
    ):
        return "input"
    if isinstance(widget, (forms.RadioSelect, forms.FileInput, forms.MultiWidget)):
        return None
    if isinstance(widget, forms.Select):
        plain = (
            widget.template_name == "django/forms/widgets/select.html"
            and widget.option_template_name == "django/forms/widgets/select_option.html"
        )
        return "select" if plain else None
    if isinstance(widget, CalendarDateInput):
        plain = widget.template_name == CalendarDateInput.template_name
        return "calendar" if plain else None
    if isinstance(widget, forms.widgets.Input) and widget.input_type in _PLAIN_INPUTS:
        plain = widget.template_name == f"django/forms/widgets/{widget.input_type}.html"
        return "input" if plain else None
    return None


def _widget_class(widget, extra: str) -> str:
    """The classes crispy gives a widget: its own, its class name, then Bootstrap's."""
    name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    if css:
        if css.find(name) == -1:
            css += f" {name}"
    else:
        css = name
    for word in extra.split():
        if word not in css.split():
            css += f" {word}"
    return css


_RENDER = {"select": _select_html, "input": _input_html, "calendar": _calendar_date_html}


# Filter fields' markup by everything it is drawn from (`_field_key`): a list page draws the
# same filters, mostly empty, on nearly every visit (the queues' eight fields were ~1.3 ms of
# each page). Emptied when full, should values typed by hand ever make it grow.
_FIELD_MARKUP: dict = {}
_FIELD_MARKUP_MAX = 4096


def _field_key(field, kind: str) -> tuple | None:
    """What `_filter_field_markup` draws `field` from, as a key; None for a field with errors
    (drawn every time) or a part that cannot be a key."""
    if field.errors:
        return None
    widget = field.field.widget
    form = field.form
    value = field.value()
    if isinstance(value, list):
        value = tuple(value)
    choices = None
    if kind == "select":
        choices = _choices_key(widget.choices)
        if choices is None:
            return None
    key = (
        type(widget),
        kind,
        tuple(sorted(widget.attrs.items())),
        getattr(widget, "allow_multiple_selected", None),
        field.html_name,
        field.auto_id,
        str(field.label),
        str(field.help_text),
        field.field.required,
        field.field.disabled,
        field.field.show_hidden_initial,
        form.use_required_attribute,
        getattr(form, "required_css_class", None),
        value,
        choices,
        translation.get_language(),
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


def filter_field_html(field):
    """One filter field as crispy's Bootstrap 5 `field.html` renders it: the label, the widget
    with `form-select`/`form-control`/`form-check-input` (and `is-invalid`), the errors and the
    help text; the markup of a field without errors kept by what it is drawn from."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    widget = field.field.widget
    kind = _lean_kind(widget)
    if field.is_hidden or kind is None or getattr(field.form, "helper", None) is not None:
        return as_crispy_field(field)
    key = _field_key(field, kind)
    if key is None:
        return _filter_field_markup(field, kind)
    markup = _FIELD_MARKUP.get(key)
    if markup is None:
        if len(_FIELD_MARKUP) >= _FIELD_MARKUP_MAX:
            _FIELD_MARKUP.clear()
        markup = _FIELD_MARKUP[key] = _filter_field_markup(field, kind)
    return markup


def _filter_field_markup(field, kind: str):
    widget = field.field.widget
    checkbox = isinstance(widget, forms.CheckboxInput)
    bootstrap = (
        "form-check-input" if checkbox else "form-select" if kind == "select" else ("form-control")
    )
    if field.errors:
        bootstrap += " is-invalid"
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    # Crispy sets the class on the widget itself (after its other attributes); so does this,
    # for the one render.
    original = widget.attrs
    widget.attrs = {**original, "class": _widget_class(widget, bootstrap)}
    try:
        control = None
        if type(widget) is forms.Select and not widget.allow_multiple_selected:
            control = _plain_select_html(widget, field.html_name, field.value(), attrs)
        if control is None:
            context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
            control = _RENDER[kind](context)
    finally:
        widget.attrs = original

    errors = ""
    if field.errors:
        errors = format_markup(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            join_markup(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_markup(
            '<div {}class="form-text">{}</div>',
            format_markup('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
            mark_safe(field.help_text),  # as crispy: help texts are the portal's own
        )
    required = field.field.required
    asterisk = mark_safe('<span class="asteriskField">*</span>') if required else ""
    wrapper = " " + field.css_classes() if field.css_classes() else ""
    if checkbox:
        return format_markup(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}'
            '<label for="{}" class="form-check-label{}">{}{}</label>{}{}</div></div>',
            field.auto_id,
            wrapper,
            control,
            field.id_for_label,
            " requiredField" if required else "",
            field.label,
            asterisk,
            errors,
            help_text,
        )
    label = ""
    if field.label:
        label = format_markup(
            '<label {}class="form-label{}">{}{}</label>',
            format_markup('for="{}" ', field.id_for_label) if field.id_for_label else "",
            " requiredField" if required else "",
            field.label,
            asterisk,
        )
    return format_markup(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        wrapper,
        label,
        control,
        errors,
        help_text,
    )
