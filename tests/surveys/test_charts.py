"""The report's charts: SVG shapes on the page, gradient-painted boxes in the PDF, the same
table of words around them."""

from django.utils import translation

from surveys.charts import bar_chart, column_chart


def test_a_bar_on_the_page_is_an_svg_and_in_the_pdf_a_painted_box():
    rows = [("الهاتف", 70.0, "12 تقييمًا"), ("الموقع", None, "")]
    with translation.override("ar"):
        page = bar_chart(rows, title="مؤشر الرضا")
        printed = bar_chart(rows, title="مؤشر الرضا", printed=True)
    bar_svg = (
        '<svg class="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" '
        'height="18" aria-hidden="true" focusable="false">'
        '<rect x="0" y="0" width="100" height="10" fill="#e6e1d3" rx="1"/>'
        '<rect x="30.00" y="0" width="70.00" height="10" fill="#0b5d4b" rx="1"/></svg>'
    )
    assert bar_svg in page
    assert '<span class="chart-bar bar-70"></span>' in printed
    # No value: the whole track, nothing filled.
    assert '<span class="chart-bar bar-0"></span>' in printed
    assert "style=" not in printed
    # The words are the same in both.
    assert page.replace(bar_svg, "").count("<td") == printed.count("<td") == 4
    assert '<th scope="row">الهاتف</th>' in printed
    # The value and its note: two lines on the page (a <br>), two blocks in the PDF.
    assert '<strong dir="ltr">70%</strong><br><small>12 تقييمًا</small>' in page
    assert "<strong>70%</strong><small>12 تقييمًا</small>" in printed
    assert "<br>" not in printed
    assert "<svg" not in printed
    with translation.override("en"):
        english = bar_chart([("Phone", 25.4, ""), ("Web", 25.5, "")], title="Index", printed=True)
    assert '<span class="chart-bar bar-25"></span>' in english
    assert '<span class="chart-bar bar-26"></span>' in english


def test_the_pdf_paints_bars_from_the_start_of_the_line_in_each_language():
    """One class per whole percent, painted from the right in Arabic and from the left in
    English; columns from the bottom."""
    from surveys.charts import printed_chart_styles

    with translation.override("ar"):
        arabic = printed_chart_styles()
    with translation.override("en"):
        english = printed_chart_styles()
    assert ".bar-70 { background: linear-gradient(to left, #0b5d4b 70%, #e6e1d3 70%); }" in arabic
    assert ".bar-70 { background: linear-gradient(to right, #0b5d4b 70%, #e6e1d3 70%); }" in english
    assert ".bar-0 { background: linear-gradient(to left, #0b5d4b 0%, #e6e1d3 0%); }" in arabic
    assert ".bar-100 {" in arabic
    assert ".bar-101 {" not in arabic
    assert (
        ".column-69 { background: linear-gradient(to top, #0b5d4b 69%, #e6e1d3 69%); }" in english
    )


def test_a_column_in_the_pdf_is_painted_from_the_bottom():
    printed = column_chart([("يونيو 2026", 69.0)], title="حسب الشهر", printed=True)
    assert '<span class="chart-column column-69"></span>' in printed
    assert '<th scope="col">يونيو 2026</th>' in printed
    page = column_chart([("يونيو 2026", 69.0)], title="حسب الشهر")
    assert '<rect x="0" y="31.00" width="30" height="69.00" fill="#0b5d4b" rx="2"/>' in page


def test_words_in_charts_and_tables_are_escaped():
    from surveys.charts import figures_table

    with translation.override("ar"):
        bars = bar_chart([("<b>أ&ب</b>", 50.0, "<i>2</i>")], title="<t>", stored=True)
        columns = column_chart([("<m>", 40.0)], title="<c>")
        table = figures_table(
            {"title": "<h>", "rows": [("<s>", 3)], "stored": True, "empty": ""}, "volume-heading"
        )
        empty = figures_table({"title": "T", "rows": [], "empty": "<none>"})
    assert '<th scope="row"><bdi>&lt;b&gt;أ&amp;ب&lt;/b&gt;</bdi></th>' in bars
    assert "<small>&lt;i&gt;2&lt;/i&gt;</small>" in bars
    assert "<figcaption>&lt;t&gt;</figcaption>" in bars
    assert '<th scope="col">&lt;m&gt;</th>' in columns
    assert "<figcaption>&lt;c&gt;</figcaption>" in columns
    assert table == (
        '<h2 class="h5" id="volume-heading">&lt;h&gt;</h2>'
        '<table class="table table-sm report-table"><tbody>'
        '<tr><th scope="row"><bdi>&lt;s&gt;</bdi></th><td><span dir="ltr">3</span></td></tr>'
        "</tbody></table>"
    )
    assert '<tr><td colspan="2">&lt;none&gt;</td></tr>' in empty


def _report():
    import datetime

    from surveys.reports import Rated, Report, ReportFilter

    day = datetime.date(2026, 11, 1)
    return Report(
        filter=ReportFilter(start=day, end=day),
        overall=Rated(counts=(1, 0, 0, 1, 2), answers=4),
        questions=[Rated(label="<b>سرعة</b>", counts=(0, 0, 0, 1, 1), answers=2, yes=1, no=3)],
        invitations=8,
        responses=4,
        decisions={"compliance": 50.0, "median_days": 3.5},
        complaints={"open": 2, "resolved": 1, "median_hours": None},
        comments=[{"text": "شكرًا <script>", "response__submitted_at": None}],
    )


def test_the_report_body_shows_its_figures_with_the_words_escaped():
    """The report's sections (`report_body`, for its page and its PDF): the key figures with
    their notes, a row per question, the latest comments; what people typed escaped."""
    from surveys.charts import report_body

    charts = dict.fromkeys(("monthly", "questions", "channel", "service", "staff"), "")
    tables = {
        "channel": {"title": "Requests by channel", "rows": [("Phone", 1200)], "empty": "-"},
        "service": {"title": "S", "rows": [], "empty": "No requests in this period."},
        "decisions": {"title": "D", "rows": [("Median", "3.5")]},
        "complaints": {"title": "C", "rows": [("Open", 2)]},
    }
    with translation.override("en"):
        html = report_body(_report(), charts, tables)
    assert (
        '<div class="report-figure"><div class="report-figure-value" data-figure="index">'
        '<span dir="ltr">75%</span></div><div class="report-figure-label">Satisfaction index '
        '(share of 4 and 5)</div><div class="report-figure-note">4 ratings</div></div>'
    ) in html
    assert '<span dir="ltr">3.75</span>' in html  # the mean
    assert '<div class="report-figure-note">4 answered of 8 invitations</div>' in html
    assert '<div class="report-figure-note">Median: 3.5 days</div>' in html
    assert '<div class="report-figure-note">1 resolved, median — hours</div>' in html
    assert (
        '<tr><th scope="row"><bdi>&lt;b&gt;سرعة&lt;/b&gt;</bdi></th><td><span dir="ltr">2'
        '</span></td><td><span dir="ltr">4.50</span></td><td><span dir="ltr">100%</span></td>'
        '<td><span dir="ltr">25%</span></td></tr>'
    ) in html
    assert '<li dir="auto">شكرًا &lt;script&gt;</li>' in html
    assert '<h2 class="h5" id="volume-heading">Requests by channel</h2>' in html
    assert '<tr><th scope="row">Phone</th><td><span dir="ltr">1200</span></td></tr>' in html
    assert '<tr><td colspan="2">No requests in this period.</td></tr>' in html
    with translation.override("ar"):
        arabic = report_body(_report(), charts, tables)
    assert '<h2 class="h5" id="figures-heading">المؤشرات الرئيسة</h2>' in arabic
    assert '<div class="report-figure-note">أجاب 4 من أصل 8 دعوة</div>' in arabic


def test_the_report_body_says_when_nothing_was_answered():
    from surveys.charts import report_body

    report = _report()
    report.questions, report.comments = [], []
    charts = dict.fromkeys(("monthly", "questions", "channel", "service", "staff"), "")
    empty = {"title": "T", "rows": [], "empty": "None."}
    tables = dict.fromkeys(("channel", "service", "decisions", "complaints"), empty)
    with translation.override("en"):
        html = report_body(report, charts, tables)
    assert '<tbody><tr><td colspan="5">No answers in this period.</td></tr></tbody>' in html
    assert "Latest comments" not in html
    assert "report-comments" not in html
