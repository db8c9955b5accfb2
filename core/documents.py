"""Private documents (scans, invoices, evidence, attachments): one model shape, one validation,
one way to serve them.

- `validate_upload(upload)` accepts PDF, PNG and JPEG by their first bytes (never by the name the
  user gave), at most 10 MB, and returns the detected content type or a Dutch ValidationError.
- `PrivateDocument` is the abstract model: the file is stored under a random name with the
  extension of its *detected* type, so an HTML file called `x.pdf` or a PDF called `x.html` can never
  be served as anything but what it is.
- `serve_private(request, doc, perm)` checks the permission and answers with `no-store` and
  `nosniff`, as an attachment unless `inline=True`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, HttpRequest
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import require

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_BYTES = 10 * 1024 * 1024

MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def sniff_content_type(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def validate_upload(upload: Any, *, missing: StrOrPromise | None = None) -> str:
    """The detected content type of an uploaded file, or a Dutch ValidationError saying what to do."""
    if upload is None:
        raise ValidationError(missing or _("Voeg een bestand toe (PDF, PNG of JPEG)."))
    name = getattr(upload, "name", "") or _("het bestand")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("‘%(naam)s’ is groter dan 10 MB. Verklein het bestand of splits het op en probeer het opnieuw.")
            % {"naam": name}
        )
    if upload.size == 0:
        raise ValidationError(_("‘%(naam)s’ is leeg. Kies het juiste bestand.") % {"naam": name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("‘%(naam)s’ is geen PDF, PNG of JPEG. Sla het bestand op als PDF of maak er een foto (PNG/JPEG) van.")
            % {"naam": name}
        )
    return content_type


def document_path(instance: PrivateDocument, filename: str) -> str:
    extension = EXTENSIONS.get(instance.content_type, "bin")
    return f"{instance.storage_folder()}/{get_random_string(32)}.{extension}"


class PrivateDocument(models.Model):
    """A stored upload. Subclasses say where it belongs (`storage_folder`) and to which gemeente."""

    bestand = models.FileField(gettext_lazy("bestand"), upload_to=document_path, max_length=300)
    naam = models.CharField(gettext_lazy("oorspronkelijke bestandsnaam"), max_length=255)
    content_type = models.CharField(gettext_lazy("bestandstype"), max_length=50)
    grootte = models.PositiveIntegerField(gettext_lazy("grootte (bytes)"), default=0)
    geupload_op = models.DateTimeField(gettext_lazy("geüpload op"), auto_now_add=True)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("geüpload door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.naam

    def storage_folder(self) -> str:
        return self._meta.label_lower.replace(".", "/")

    def attach(self, upload: Any, content_type: str, actor: Any = None) -> None:
        """Fill the file fields from a validated upload (the caller saves the record)."""
        self.naam = (getattr(upload, "name", "") or "bestand")[:255]
        self.content_type = content_type
        self.grootte = upload.size
        if actor is not None and getattr(actor, "is_authenticated", False):
            self.geupload_door = actor
        self.bestand.save(self.naam, upload, save=False)


def private_response(response: Any) -> Any:
    """Mark a response that carries private data: never cached, never content-sniffed."""
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def allow_same_origin_framing(response: Any) -> Any:
    """Let our own pages frame this one response (an inline preview of a private document).

    Only the framing rules change: CSP frame-ancestors becomes 'self' and X-Frame-Options
    SAMEORIGIN for this response; every other response keeps frame-ancestors 'none' and DENY.
    The rest of the policy (no scripts, no objects) stays as strict as everywhere."""
    from csp.constants import SELF

    response._csp_replace = {"frame-ancestors": [SELF]}
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def serve_private(
    request: HttpRequest, doc: Any, perm: str, *, inline: bool = False, filename: str | None = None
) -> FileResponse:
    """The stored file of `doc` for a user with `perm` on it (403 otherwise)."""
    require(request.user, perm, doc)
    content_type = getattr(doc, "content_type", "") or "application/octet-stream"
    response = FileResponse(
        doc.bestand.open("rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=filename or getattr(doc, "naam", "") or "bestand",
    )
    return private_response(response)
