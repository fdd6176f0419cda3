"""The PDF helper: WeasyPrint with the shipped Arabic font, text shaped and right to left."""

import subprocess
from html.parser import HTMLParser

import pytest
from django.template import engines

from makin.pdf import html_to_pdf


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


class _Words(HTMLParser):
    def __init__(self):
        super().__init__()
        self.words, self._box = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "word":
            self._box = {k: float(v) for k, v in attrs}

    def handle_data(self, data):
        if self._box is not None:
            self.words.append((data, self._box))
            self._box = None


def pdf_words(pdf: bytes, tmp_path) -> list[tuple[str, dict]]:
    """Each word of the first page with its box, as poppler's `pdftotext -bbox` reads it."""
    path = tmp_path / "probe.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    parser = _Words()
    parser.feed(html)
    return parser.words


def probe_pdf(body: str) -> bytes:
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}' + body + "{% endblock %}"
    )
    return html_to_pdf(template.render({}))


@pytest.fixture
def policy_pdf(client, tmp_path):
    response = client.get("/policy/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="makin-beneficiary-relations-policy.pdf"' in response["Content-Disposition"]
    path = tmp_path / "policy.pdf"
    path.write_bytes(response.content)
    return path


@pytest.mark.django_db
def test_policy_pdf_carries_the_board_text(policy_pdf):
    text = pdf_text(policy_pdf)
    # poppler reads a ligature's letters backwards (lam-alef, and yeh-noon in this font), so
    # these phrases avoid ligatures.
    assert "لتأهيل معلمي القرآن والعناية بحفظه" in text
    assert "القنوات المستخدمة للتواصل مع المستفيدين" in text
    assert "اعتماد مجلس" in text


@pytest.mark.django_db
def test_policy_pdf_embeds_the_shipped_font(policy_pdf):
    fonts = subprocess.run(
        ["pdffonts", str(policy_pdf)], capture_output=True, check=True, text=True
    ).stdout
    assert "Makin-Arabic" in fonts
    for line in fonts.splitlines()[2:]:
        assert " yes yes yes " in line  # embedded, subset, with a Unicode map


def test_arabic_runs_right_to_left(tmp_path):
    words = pdf_words(probe_pdf("<p>أحمد سعيد خالد</p>"), tmp_path)
    # -bbox lists each word's letters in visual order, right to left.
    x = {word[::-1]: box["xmin"] for word, box in words}
    assert x["أحمد"] > x["سعيد"] > x["خالد"]


def test_arabic_letters_are_joined(tmp_path):
    """Shaped, the letters of a word join into one narrow run; the same letters kept apart by
    zero-width non-joiners take their wide isolated forms."""
    joined = "مستفيدين"
    apart = "\u200c".join(joined)
    words = pdf_words(probe_pdf(f"<p>{joined}</p><p>{apart}</p>"), tmp_path)
    widths = [b["xmax"] - b["xmin"] for w, b in words if w.replace("\u200c", "")[::-1] == joined]
    assert len(widths) == 2
    joined_width, apart_width = widths
    assert joined_width < 0.8 * apart_width


def test_pdfs_use_the_shipped_ttf_fonts_not_woff2():
    """WOFF2 faces are decompressed by fontTools on every render (80% of a receipt); the same
    faces converted once to TTF and shipped are read as they are."""
    from pathlib import Path

    base = Path(__file__).resolve().parents[2]
    template = (base / "templates" / "pdf" / "base.html").read_text()
    assert ".woff2" not in template
    for name in ("arabic-400", "arabic-700", "latin-400", "latin-700"):
        assert f"fonts/plex-arabic-{name}.ttf" in template
        assert (base / "static" / "fonts" / f"plex-arabic-{name}.ttf").is_file()


def test_each_document_keeps_its_own_stylesheet(tmp_path):
    """Stylesheets are parsed once per process and kept by their text: a document's styles
    never reach another document made after it."""

    def heading_height(style: str) -> float:
        template = engines["django"].from_string(
            '{% extends "pdf/base.html" %}{% block style %}' + style + "{% endblock %}"
            "{% block content %}<h1>ترحيب</h1>{% endblock %}"
        )
        words = pdf_words(html_to_pdf(template.render({})), tmp_path)
        (box,) = [b for w, b in words if w[::-1] == "ترحيب"]
        return box["ymax"] - box["ymin"]

    plain = heading_height("")
    large = heading_height("h1 { font-size: 40pt; }")
    again = heading_height("")
    assert large > 2 * plain
    assert again == plain


def test_later_documents_still_embed_the_shipped_fonts(tmp_path):
    """The fonts are registered once per process; every later document still embeds them."""
    from pypdf import PdfReader

    for n in range(2):
        pdf = probe_pdf(f"<h1>طلب {n}</h1><p>Makin 2026</p>")
        path = tmp_path / f"doc{n}.pdf"
        path.write_bytes(pdf)
        assert len(PdfReader(path).pages) == 1
        fonts = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, check=True, text=True
        ).stdout
        assert "Makin-Arabic-Bold" in fonts
        assert "Makin-Latin" in fonts


def test_no_garbage_collection_runs_while_a_document_is_rendered():
    """The cyclic collector waits during a render (each full collection walks every object of
    the process) and works again after it, as it was before."""
    import gc

    html = (
        engines["django"]
        .from_string(
            '{% extends "pdf/base.html" %}{% block content %}<h1>طلب</h1>'
            "{% for n in numbers %}<p>Makin {{ n }}</p>{% endfor %}{% endblock %}"
        )
        .render({"numbers": range(20)})
    )
    html_to_pdf(html)  # the stylesheet and fonts read once
    threshold = gc.get_threshold()
    collections = gc.get_stats()[0]["collections"]
    gc.set_threshold(1)  # a collection at nearly every allocation, were it allowed
    try:
        pdf = html_to_pdf(html)
        during = gc.get_stats()[0]["collections"] - collections
        assert gc.isenabled()
        gc.disable()
        html_to_pdf(html)
        assert not gc.isenabled()  # left off by whoever turned it off
    finally:
        gc.enable()
        gc.set_threshold(*threshold)
    assert during <= 3  # around the render, not in it (some 10,000 otherwise)
    assert pdf.startswith(b"%PDF")


def test_making_a_pdf_leaves_pillow_refusing_truncated_images():
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on when it is imported; a process that
    has made a PDF must still refuse a broken upload (the upload check sees to it)."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from makin.files import upload_content_type
    from tests.beneficiaries.test_hostile_uploads import PNG_BYTES

    assert probe_pdf("<p>Makin</p>").startswith(b"%PDF")
    broken = PNG_BYTES[:41] + b"\x00" * 12 + PNG_BYTES[53:]
    with pytest.raises(ValidationError) as excinfo:
        upload_content_type(SimpleUploadedFile("id.png", broken))
    assert excinfo.value.code == "image_broken"


def _lines_laid_out(monkeypatch, html: str) -> int:
    """How many times WeasyPrint breaks a line of text while rendering `html`."""
    from weasyprint.layout import inline

    html_to_pdf(html)  # WeasyPrint loaded and patched, the stylesheet parsed
    calls = []
    split = inline.split_first_line
    monkeypatch.setattr(
        inline, "split_first_line", lambda *args, **kw: calls.append(1) or split(*args, **kw)
    )
    html_to_pdf(html)
    return len(calls)


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_each_line_is_laid_out_once_in_either_direction(monkeypatch, direction):
    """WeasyPrint laid every right-to-left line out twice (its check whether a float moves the
    line never matched in that direction): half the layout of an Arabic document. Three
    paragraphs of one line each, and the page's footer, are four lines laid out once each."""
    html = (
        f'<html dir="{direction}"><head><style>@page {{ @bottom-center {{ content: "1"; }} }}'
        "</style></head><body><p>أحمد سعيد</p><p>Makin 2026</p><p>طلب دعم</p></body></html>"
    )
    assert _lines_laid_out(monkeypatch, html) == 4


def test_right_to_left_lines_keep_their_place(tmp_path):
    """Laid out once, an Arabic line still ends at the right margin and a short last line of
    a paragraph starts there too."""
    words = pdf_words(probe_pdf("<p>أحمد سعيد خالد</p><h1>ترحيب</h1>"), tmp_path)
    right = {word[::-1]: box["xmax"] for word, box in words}
    assert right["أحمد"] == pytest.approx(right["ترحيب"], abs=1)
    assert right["أحمد"] > 500  # the right margin of an A4 page (595 pt wide), not the left


def test_no_note_or_footnote_styles_are_computed_for_every_element(monkeypatch):
    """WeasyPrint's user-agent stylesheet gives every element five note and footnote
    pseudo-elements and a marker, whose styles were cascaded and computed for nothing; the
    portal's own copy of it keeps the marker for list items only. A body, a paragraph and a
    list of two items: the root, head, title, body, p, ul, li, li, and the two items' markers,
    then the page and its margin boxes."""
    from weasyprint import css

    html = (
        "<html><head><title>t</title></head><body><p>Makin</p>"
        "<ul><li>واحد</li><li>اثنان</li></ul></body></html>"
    )
    html_to_pdf(html)
    computed = []
    compute = css.StyleFor.set_computed_styles

    def counted(self, element, *args, pseudo_type=None, **kw):
        computed.append((getattr(element, "tag", element), pseudo_type))
        return compute(self, element, *args, pseudo_type=pseudo_type, **kw)

    monkeypatch.setattr(css.StyleFor, "set_computed_styles", counted)
    html_to_pdf(html)
    pseudo = [(tag, kind) for tag, kind in computed if kind and isinstance(tag, str)]
    assert pseudo == [("li", "marker"), ("li", "marker")]


def test_list_items_keep_their_bullets(tmp_path):
    path = tmp_path / "list.pdf"
    path.write_bytes(
        html_to_pdf("<html><body><ul><li>Makin</li><li>Portal</li></ul></body></html>")
    )
    assert pdf_text(path).split() == ["•", "Makin", "•", "Portal"]


def test_a_web_worker_loads_the_pdf_fonts_in_a_thread_once_started():
    """Each gunicorn worker renders an empty document (WeasyPrint imported, fonts loaded,
    shaping ready) in a thread of its own, beside its first requests."""
    import logging
    import runpy
    import threading
    from pathlib import Path
    from types import SimpleNamespace

    from makin import pdf

    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert conf["preload_app"] is True
    conf["post_worker_init"](SimpleNamespace(log=logging.getLogger("gunicorn.error")))
    (warming,) = [t for t in threading.enumerate() if t.name == "pdf-warm-up"]
    assert warming.daemon
    warming.join(timeout=60)
    assert not warming.is_alive()
    assert pdf._font_config.cache_info().currsize == 1
    assert pdf._rtl_lines_laid_out_once() is True
