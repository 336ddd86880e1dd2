"""HTML → PDF with WeasyPrint, for the documents an office prints, signs and files.

The HTML carries names and data typed by staff and citizens, so the renderer fetches nothing: every URL
other than an inline ``data:`` image is refused (no file on the server, no request on the network).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The print templates (Jinja2) of :mod:`engine.reports.exports`.
TEMPLATES = Path(__file__).resolve().parent / "templates"


def html_to_pdf(html: str) -> bytes:
    """The PDF of a standalone HTML page (its CSS inline); external resources are never loaded."""
    from weasyprint import HTML  # deferred: two seconds to import (Pango, HarfBuzz), needed only for a PDF

    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()


def _fetcher() -> Any:
    import weasyprint

    if hasattr(weasyprint, "URLFetcher"):  # WeasyPrint 67 and later
        return weasyprint.URLFetcher(allowed_protocols=("data",), allow_redirects=False)
    from weasyprint import default_url_fetcher  # type: ignore[attr-defined]

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        if not url.startswith("data:"):
            raise ValueError(f"refusing to fetch {url[:40]!r} while rendering a report")
        return default_url_fetcher(url, *args, **kwargs)

    return fetch
