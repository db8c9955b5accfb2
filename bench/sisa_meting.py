"""One SiSa file of a beschikking in a fresh process: prints JSON with seconds, bytes and the
process's peak memory (bench/run.py; the PDF target is ≤ 3 s and ≤ 200 MB)."""

import json
import os
import resource
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from spuk import services  # noqa: E402
from spuk.models import Beschikking  # noqa: E402

beschikking_id, jaar, formaat = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
beschikking = Beschikking.objects.get(pk=beschikking_id)
start = time.perf_counter()
_naam, inhoud, _type = services.sisa_bestand(beschikking, jaar, formaat)
seconden = time.perf_counter() - start
piek_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(
    json.dumps({"formaat": formaat, "seconden": round(seconden, 3), "bytes": len(inhoud), "piek_mb": round(piek_mb, 1)})
)
