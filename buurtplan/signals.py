"""Signals of buurtplan for apps to its right (which may hold rows tied to a plan version).

`versie_gekopieerd` is sent by `services.nieuwe_versie` inside its transaction, after the themes,
activities and budget lines were copied. kwargs: `actor`, `bron` (the vastgesteld version),
`nieuw` (the new concept), `activiteiten` ({id of the activity in `bron`: its copy in `nieuw`}).
mijlpalen copies the links of activities to milestones with it.
"""

from django.dispatch import Signal

versie_gekopieerd = Signal()
