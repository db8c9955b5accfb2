"""Server-rendered SVG charts (no JavaScript, no inline styles: the CSP is strict), each drawn from
the same rows as the data table beside it, so chart and table cannot disagree.

`staafgrafiek(reeksen, rijen)` — grouped horizontal bars: one group per row, one bar per series.
`tijdlijn(punten, vandaag)` — milestones on a time axis, overdue ones flagged.
Templates: `core/_grafiek.html` draws either from a `Paneel` (core/dashboard.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

WIDTH = 720
LABEL_W = 170
RIGHT = 24
BAR_H = 14
BAR_GAP = 3
GROUP_GAP = 14
TOP = 8
AXIS_H = 28
SERIES = 5  # colour classes app-chart__bar--0 … --4 in app.css


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def _kort(value: float) -> str:
    """Axis label: 1.500.000 → "1,5 mln", 250.000 → "250k"."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} mln".replace(".0 ", " ").replace(".", ",")
    if value >= 1000:
        return f"{value / 1000:.0f}k"
    return f"{value:.0f}"


def staafgrafiek(reeksen: list[Any], rijen: list[tuple[Any, list[Decimal | None]]]) -> dict[str, Any] | None:
    """Geometry of grouped bars. `rijen`: [(label, [value per series])]; negative values draw as 0."""
    values = [float(v) for _label, vs in rijen for v in vs if v is not None]
    if not rijen or not values:
        return None
    top_value = _nice_max(max(values))
    plot_w = WIDTH - LABEL_W - RIGHT
    group_h = len(reeksen) * (BAR_H + BAR_GAP) - BAR_GAP
    groups = []
    y = TOP
    for label, vs in rijen:
        bars = []
        for index, value in enumerate(vs):
            width = 0.0 if value is None else max(0.0, float(value)) * plot_w / top_value
            bars.append(
                {
                    "x": LABEL_W,
                    "y": y + index * (BAR_H + BAR_GAP),
                    "w": round(width, 1),
                    "h": BAR_H,
                    "serie": index % SERIES,
                }
            )
        groups.append({"label": label, "label_y": y + group_h / 2 + 4, "bars": bars})
        y += group_h + GROUP_GAP
    plot_bottom = y - GROUP_GAP + 4
    ticks = [{"x": round(LABEL_W + plot_w * i / 4, 1), "label": _kort(top_value * i / 4)} for i in range(5)]
    return {
        "width": WIDTH,
        "height": plot_bottom + AXIS_H,
        "label_x": LABEL_W - 8,
        "plot_top": TOP - 4,
        "plot_bottom": plot_bottom,
        "tick_label_y": plot_bottom + 18,
        "ticks": ticks,
        "groups": groups,
        "reeksen": [{"label": r, "serie": i % SERIES} for i, r in enumerate(reeksen)],
    }


def tijdlijn(punten: list[dict[str, Any]], vandaag: datetime.date) -> dict[str, Any] | None:
    """Geometry of a milestone timeline. `punten`: [{label, datum, te_laat, afgerond}], one row each."""
    if not punten:
        return None
    datums = [p["datum"] for p in punten] + [vandaag]
    eerste = datetime.date(min(datums).year, 1, 1)
    laatste = datetime.date(max(datums).year, 12, 31)
    plot_w = WIDTH - LABEL_W - RIGHT
    span = (laatste - eerste).days or 1

    def x(datum: datetime.date) -> float:
        return round(LABEL_W + (datum - eerste).days * plot_w / span, 1)

    row_h = 22
    rows = []
    for index, p in enumerate(punten):
        y = TOP + index * row_h + row_h / 2
        rows.append(
            {
                "label": p["label"],
                "x": x(p["datum"]),
                "y": y,
                "label_y": y + 4,
                "x0": x(p["datum"]) - 6,
                "y0": y - 6,
                "te_laat": p.get("te_laat", False),
                "afgerond": p.get("afgerond", False),
            }
        )
    bottom = TOP + len(punten) * row_h
    return {
        "width": WIDTH,
        "height": bottom + AXIS_H,
        "label_x": LABEL_W - 8,
        "plot_top": TOP - 4,
        "plot_bottom": bottom,
        "tick_label_y": bottom + 18,
        "ticks": [{"x": x(datetime.date(j, 1, 1)), "label": j} for j in range(eerste.year, laatste.year + 1)],
        "vandaag": {"x": x(vandaag)},
        "rows": rows,
    }
