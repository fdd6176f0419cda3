"""PDF documents rendered by WeasyPrint from Django templates, with the shipped Arabic font.

WeasyPrint is imported on first use (it costs about half a second), then stays loaded in the
long-lived web or worker process."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

_BASE_URL = "https://makin.invalid/"


def _static_path(url_path: str) -> Path | None:
    relative = url_path.removeprefix(settings.STATIC_URL)
    found = finders.find(relative)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / relative
    return candidate if candidate.is_file() else None


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


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=_BASE_URL, url_fetcher=_url_fetcher()).write_pdf()


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
