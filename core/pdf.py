"""Every PDF of the app: one house style, tagged PDF/UA-1, the gemeente's logo and page numbers.

`render_pdf(template, context, gemeente=..., title=...)` renders a template that extends
templates/core/pdf/base.html (logo and gemeente in a running header, "Pagina n van m" in the footer,
static/css/pdf.css with the self-hosted Fira Sans) and writes it with WeasyPrint's
`pdf_variant="pdf/ua-1"`: a structure tree (headings, tables, lists) for screen readers, the
document language and its title. The HTML never reaches a browser, so the CSP does not apply; the
gemeente's colour goes in as a custom property, its logo as a data: URI (WeasyPrint fetches nothing).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from . import huisstijl

PDF_CSS = Path(settings.BASE_DIR) / "static" / "css" / "pdf.css"


def render_pdf(template_name: str, context: dict, *, gemeente, title: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        template_name,
        {
            **context,
            "pdf_title": title,
            "pdf_gemeente": gemeente,
            "pdf_logo": huisstijl.logo_data_uri(gemeente),
            "pdf_kleur": huisstijl.kleur(gemeente),
            "pdf_css": PDF_CSS.as_uri(),
            "pdf_gemaakt_op": timezone.localtime(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
