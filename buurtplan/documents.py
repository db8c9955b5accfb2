"""Compatibility shim: upload checks moved to `core.documents`.

`declaraties.services` (MAX_BYTES, sniff_content_type) and `spuk.services` (valideer_document)
still import from here while those apps are converted; delete this module once they import
`core.documents` directly.
"""

from django.utils.translation import gettext as _

from core.documents import MAX_BYTES, sniff_content_type, validate_upload

__all__ = ["MAX_BYTES", "sniff_content_type", "valideer_document"]


def valideer_document(upload):
    """The detected content type of a scanned document, or a Dutch ValidationError."""
    return validate_upload(upload, missing=_("Voeg het gescande document toe (PDF, PNG of JPEG)."))
