"""Celery tasks of spuk: thin wrappers around services (the Celery issue adds queueing and progress)."""
from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


@shared_task
def genereer_sisa_bestand(beschikking_id, jaar, formaat, versie=None):
    """Generate the SiSa XLSX or PDF of a beschikking and year (concept, or frozen `versie`) and store
    it in private storage. Returns {"bestandsnaam", "pad", "content_type", "grootte"}."""
    from .models import Beschikking
    from .services import sisa_bestand

    beschikking = Beschikking.objects.select_related("aanvraag__regeling", "gemeente").get(pk=beschikking_id)
    naam, inhoud, content_type = sisa_bestand(beschikking, int(jaar), formaat, versie=versie)
    pad = default_storage.save(f"spuk/sisa/{beschikking.pk}/{naam}", ContentFile(inhoud))
    return {"bestandsnaam": naam, "pad": pad, "content_type": content_type, "grootte": len(inhoud)}
