"""Compare two `make bench` results: python bench/compare.py a.json b.json

Per page the single-request time, p95 under load (and its ratio to /healthz) and HTML size of both
runs, with b/a; then the targets that changed."""

import json
import sys


def laad(pad):
    with open(pad, encoding="utf-8") as f:
        return json.load(f)


def getal(v, fmt="{:.1f}"):
    return fmt.format(v) if isinstance(v, int | float) else "–"


def deel(b, a):
    return f"{b / a:.2f}×" if isinstance(a, int | float) and isinstance(b, int | float) and a else "–"


def main(a_pad, b_pad):
    a, b = laad(a_pad), laad(b_pad)
    print(f"a = {a['commit']} (schaal {a['schaal']}, {a['datum']})")
    print(f"b = {b['commit']} (schaal {b['schaal']}, {b['datum']})")
    kop = f"{'pagina':<28} {'q a→b':>9} {'single a':>9} {'single b':>9} {'b/a':>6} {'p95/hz a':>9} {'p95/hz b':>9} {'KB a':>8} {'KB b':>8}"
    print(kop)
    print("-" * len(kop))
    for naam in list(a["paginas"]) + [n for n in b["paginas"] if n not in a["paginas"]]:
        pa, pb = a["paginas"].get(naam, {}), b["paginas"].get(naam, {})
        print(
            f"{naam[:28]:<28} {str(pa.get('queries', '–')) + '→' + str(pb.get('queries', '–')):>9} "
            f"{getal(pa.get('single_ms')):>9} {getal(pb.get('single_ms')):>9} {deel(pb.get('single_ms'), pa.get('single_ms')):>6} "
            f"{getal(pa.get('ratio_healthz')):>9} {getal(pb.get('ratio_healthz')):>9} "
            f"{getal(pa.get('html_kb')):>8} {getal(pb.get('html_kb')):>8}"
        )
    print()
    for doel in list(a["doelen"]) + [d for d in b["doelen"] if d not in a["doelen"]]:
        va, vb = a["doelen"].get(doel), b["doelen"].get(doel)
        teken = lambda v: {True: "PASS", False: "FAIL", None: "–"}[v]  # noqa: E731
        wijziging = "" if va == vb else "   <- gewijzigd"
        print(f"  {teken(va)} → {teken(vb)}  {doel}{wijziging}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("gebruik: python bench/compare.py a.json b.json")
    main(sys.argv[1], sys.argv[2])
