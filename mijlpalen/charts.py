"""The KPI trend chart as plain SVG geometry (no JavaScript, no inline styles: CSP is strict).

`trend_chart(reeks, indicator)` turns `queries.kpi_reeks` into coordinates the template draws:
the transition buurt and its comparison group indexed to the base year (= 100), and the target.
"""

from decimal import Decimal

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 20, 44


def _nice_bounds(values):
    low = min(values)
    high = max(values)
    low = (int(low) // 5) * 5 - 5
    high = (int(high) // 5 + 1) * 5 + 5
    return low, high


def trend_chart(reeks, indicator):
    """Returns None without data, else a dict with axes, ticks, polylines and point markers."""
    rijen = reeks["rijen"]
    jaren = [r["jaar"] for r in rijen]
    values = [float(v) for r in rijen for v in (r["index_buurt"], r["index_vergelijking"]) if v is not None]
    if not values:
        return None
    doel = float(indicator.doelindex)
    low, high = _nice_bounds(values + [doel, 100.0])
    eerste = min(jaren + [indicator.basisjaar])
    laatste = max(jaren + [indicator.doeljaar])
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(jaar):
        if laatste == eerste:
            return LEFT + plot_w / 2
        return round(LEFT + (jaar - eerste) * plot_w / (laatste - eerste), 1)

    def y(value):
        return round(TOP + (high - float(value)) * plot_h / (high - low), 1)

    def serie(key):
        punten = [(x(r["jaar"]), y(r[key]), r["jaar"], r[key]) for r in rijen if r[key] is not None]
        return {
            "points": " ".join(f"{px},{py}" for px, py, _j, _v in punten),
            "markers": [
                {"x": px, "y": py, "x0": round(px - 4, 1), "y0": round(py - 4, 1), "jaar": j, "waarde": v}
                for px, py, j, v in punten
            ],
        }

    stap = 5 if high - low <= 40 else 10
    y_ticks = [{"y": y(v), "label": v} for v in range(low, high + 1, stap)]
    x_ticks = [{"x": x(j), "label": j} for j in range(eerste, laatste + 1)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 20,
        "tick_x": LEFT - 8,
        "y_ticks": y_ticks,
        "x_ticks": x_ticks,
        "buurt": serie("index_buurt"),
        "vergelijking": serie("index_vergelijking"),
        "doel": {
            "x1": x(indicator.basisjaar),
            "y1": y(100),
            "x2": x(indicator.doeljaar),
            "y2": y(doel),
            "label": Decimal(doel).quantize(Decimal("0.1")),
        },
    }
