"""Checks for uploaded scanned documents: type by magic bytes (PDF, PNG, JPEG), at most 10 MB."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


def sniff_content_type(head: bytes):
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def valideer_document(upload):
    """Return the content type of an uploaded file, or raise a Dutch ValidationError."""
    if upload is None:
        raise ValidationError(_("Voeg het gescande document toe (PDF, PNG of JPEG)."))
    if upload.size > MAX_BYTES:
        raise ValidationError(_("Het bestand is groter dan 10 MB. Verklein de scan en probeer het opnieuw."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("Dit bestand is geen PDF, PNG of JPEG. Upload de scan als PDF, PNG of JPEG.")
        )
    return content_type
