"""PDF documents rendered by WeasyPrint from Django templates, with the shipped Arabic font.

WeasyPrint is imported on first use (it costs about half a second), then stays loaded in the
long-lived web or worker process, and so do the things every document shares: one font
configuration (Fontconfig loads the system's fonts, and the shipped TTF fonts are registered,
once per process, not once per document) and each document's stylesheet, parsed and its
selectors compiled once per text (a document's `<style>` is the same for every render of that
template in one language)."""

import atexit
import functools
import gc
import inspect
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

_BASE_URL = "https://makin.invalid/"
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
# Fontconfig and Pango objects shared by every render are not made for threads.
_RENDER_LOCK = threading.Lock()


def _static_path(url_path: str) -> Path | None:
    relative = url_path.removeprefix(settings.STATIC_URL)
    found = finders.find(relative)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / relative
    return candidate if candidate.is_file() else None


@functools.cache
def _url_fetcher():
    """Serve static files from disk and refuse every other address, so that a document never
    reaches the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if url.startswith(_BASE_URL) and parts.path.startswith(settings.STATIC_URL):
                path = _static_path(parts.path)
                if path is not None:
                    return URLFetcherResponse(url, path.read_bytes())
            if parts.scheme == "data":
                return super().fetch(url, headers)
            raise ValueError(f"not fetched in a PDF: {url}")

    return StaticOnlyFetcher()


@functools.cache
def _rtl_lines_laid_out_once() -> bool:
    """Make WeasyPrint lay each line of right-to-left text out once, not twice.

    `weasyprint.layout.inline.get_next_linebox` lays a line out, then asks where the line's
    box may go now that its height is known (floats might push it aside) and lays it out
    again unless the place is unchanged. For a right-to-left block it compares the line's
    right end with the first place's right end plus the width the line box had before any
    text (0), so the place never looks unchanged: every Arabic line is laid out a second time,
    at the same place with the same width, and the second layout replaces the first one
    unchanged. Half the layout of an Arabic document (the reports PDF: 764 lines laid out
    in Arabic against 389 in English).

    With no float on the page (the portal's documents have none) a line's place cannot
    move, so the loop may end after its first layout, as it does for left-to-right text.
    The function's source is patched and compiled in its own module; if WeasyPrint's text
    is not the one expected (another version), nothing is changed."""
    from weasyprint.layout import inline

    source = inspect.getsource(inline.get_next_linebox)
    old = "        if condition:\n"
    if source.count(old) != 1 or "excluded_shapes = context.excluded_shapes.copy()" not in source:
        return False
    patched = source.replace(old, "        if condition or not excluded_shapes:\n")
    exec(compile(patched, inline.__file__, "exec"), inline.__dict__)  # noqa: S102
    return True


# The pseudo-elements of notes and footnotes, which no document of the portal has: in
# WeasyPrint's user-agent stylesheet they are rules for every element (`::note-call` and the
# like), so each element got six pseudo-element styles cascaded and computed that nothing
# read (the reports PDF: 3,912 computed styles, 230 now). `::marker` is kept for list items,
# the only elements the portal's documents give a marker.
_UNUSED_UA_RULES = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}\n]*\}\n", re.M)


@functools.cache
def _document_class():
    """WeasyPrint's `HTML` with its own user-agent stylesheet less the rules above, parsed
    once per process; everything else in it (display, margins, tables, bidi, counters) as
    WeasyPrint has it."""
    from weasyprint import CSS, HTML
    from weasyprint.html import UA, UA_COUNTER_STYLE

    lean = _UNUSED_UA_RULES.sub("", UA).replace("\n::marker {", "\nli::marker {")
    sheet = CSS(string=lean, counter_style=UA_COUNTER_STYLE)

    class Document(HTML):
        def _ua_stylesheets(self, forms=False):
            return super()._ua_stylesheets(forms) if forms else [sheet]

    return Document


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@atexit.register
def _forget_fonts():
    # The font configuration deletes its folder of fonts when collected: let that happen while
    # the interpreter is still whole, not during its shutdown.
    _stylesheet.cache_clear()
    _font_config.cache_clear()


@functools.lru_cache(maxsize=64)
def _stylesheet(text: str):
    from weasyprint import CSS

    return CSS(
        string=text, base_url=_BASE_URL, url_fetcher=_url_fetcher(), font_config=_font_config()
    )


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document. Its `<style>` elements are taken out and given to
    WeasyPrint as stylesheets parsed once per process, in the same order.

    Python's cyclic garbage collector waits while WeasyPrint works: a render allocates
    hundreds of thousands of objects, enough to start several collections, and each full one
    walks every object of the process (the whole portal in a web or worker process): a fifth
    of the reports PDF's time, and most of its spread from run to run. What the render leaves
    is collected after it, at the collector's usual thresholds."""
    with _RENDER_LOCK:
        HTML = _document_class()
        _rtl_lines_laid_out_once()
        collecting = gc.isenabled()
        gc.disable()
        try:
            sheets = [_stylesheet(text) for text in _STYLE.findall(html)]
            document = HTML(
                string=_STYLE.sub("", html), base_url=_BASE_URL, url_fetcher=_url_fetcher()
            )
            return document.write_pdf(stylesheets=sheets, font_config=_font_config())
        finally:
            if collecting:
                gc.enable()


def warm_up() -> None:
    """Load what the first document of a process would otherwise load: WeasyPrint itself
    (~0.6 s of CPU, over a second of wall time from a cold disk), the font configuration, the
    shipped fonts and Pango's shaping of them (the first render of a process took twice a
    warm one). A process runs it in a thread of its own (`warm_up_beside`)."""
    render_pdf("pdf/base.html")


def warm_up_beside(log) -> threading.Thread:
    """`warm_up` in a thread of its own, beside the process's first requests or tasks, not
    before them: a web worker once it has started (`gunicorn.conf.py`), the task worker that
    makes the PDFs too long for a page (`makin.worker`). A failure is logged to `log`, never
    raised: a problem with PDFs must not touch the process's other work."""

    def run():
        try:
            warm_up()
        except Exception:
            log.exception("The PDF warm-up failed")

    thread = threading.Thread(target=run, name="pdf-warm-up", daemon=True)
    thread.start()
    return thread


def render_pdf(template_name: str, context: dict | None = None, request=None) -> bytes:
    """Render a template (one that extends `pdf/base.html`) to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context or {}, request=request))


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """A PDF download with a safe ASCII file name."""
    safe = slugify(Path(filename).stem) or "document"
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{safe}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
