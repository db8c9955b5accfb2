"""Working days (Monday–Friday). Public holidays are not modelled; a reminder a day early is harmless."""

from datetime import timedelta


def plus_werkdagen(start, werkdagen):
    day = start
    added = 0
    while added < werkdagen:
        day += timedelta(days=1)
        if day.weekday() < 5:
            added += 1
    return day
