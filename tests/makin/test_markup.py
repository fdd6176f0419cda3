"""The rows and fields drawn by the hundred (`makin.markup`: the committee's rows, the queues'
rows, the filter fields) escape every value as Django's `format_html` does: text, lazy words
and safe markup."""

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from makin.markup import escaped, format_markup, join_markup


def test_the_markup_escapes_every_value_as_format_html_does():
    values = ("<b>\"'&</b>", mark_safe("<i>kept</i>"), gettext_lazy("Yes"), 3, None)
    assert format_markup("{}|{}|{}|{}|{}", *values) == format_html("{}|{}|{}|{}|{}", *values)
    assert format_markup("{}|{}|{}|{}|{}", *values) == (
        "&lt;b&gt;&quot;&#x27;&amp;&lt;/b&gt;|<i>kept</i>|نعم|3|None"
    )
    rows = [("<a>", 1), ("b&", 2)]
    assert join_markup("<br>", "{}:{}", rows) == format_html_join("<br>", "{}:{}", rows)
    assert [escaped(v) for v in values] == [conditional_escape(v) for v in values]
