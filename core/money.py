"""Money: Decimal with two decimals, shown and typed the Dutch way (€ 1.927.717,00)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CENT = Decimal("0.01")

# 1.234,56 | 1234,56 | 1234.56 | 1234 | -1.234,56 ; thousands separators only in groups of three.
_DUTCH = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$|^-?\d+(,\d{1,2})?$")
_POINT = re.compile(r"^-?\d+\.\d{1,2}$")
# 1.50 | 12.50 | 999.99: one to three digits, a point, two digits. In Dutch notation the point groups
# thousands (and a typo for 1.500 is likely), elsewhere it is a decimal point: refused, both readings shown.
_AMBIGUOUS = re.compile(r"^-?\d{1,3}\.\d{2}$")


def to_cents(value) -> Decimal:
    """Round a Decimal (or int/str) to cents, half up as in bookkeeping."""
    if isinstance(value, float):
        raise TypeError("Money is never a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_bedrag(text) -> Decimal:
    """Parse what a user typed: accepts 1.234,56 and 1234.56 (and € in front); rejects the rest."""
    if isinstance(text, Decimal):
        return to_cents(text)
    if isinstance(text, int):
        return to_cents(text)
    raw = str(text or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not raw:
        raise ValidationError(_("Vul een bedrag in."), code="required")
    if _AMBIGUOUS.match(raw):
        raise ValidationError(
            _(
                "‘%(waarde)s’ is niet eenduidig: bedoelt u %(decimaal)s of %(duizendtal)s? "
                "Schrijf %(voorbeeld_decimaal)s of %(voorbeeld_duizendtal)s."
            ),
            code="ambiguous",
            params={
                "waarde": str(text).strip(),
                "decimaal": format_bedrag(Decimal(raw)),
                "duizendtal": format_bedrag(Decimal(raw.replace(".", ""))),
                "voorbeeld_decimaal": format_bedrag(Decimal(raw), symbol=False),
                "voorbeeld_duizendtal": format_bedrag(Decimal(raw.replace(".", "")), symbol=False),
            },
        )
    if _POINT.match(raw) and "," not in raw:
        # 1234.56 — a single point with one or two decimals is a decimal point.
        normalised = raw
    elif _DUTCH.match(raw):
        normalised = raw.replace(".", "").replace(",", ".")
    else:
        raise ValidationError(
            _("‘%(waarde)s’ is geen geldig bedrag. Schrijf bijvoorbeeld 1.234,56 of 1234.56."),
            code="invalid",
            params={"waarde": str(text).strip()},
        )
    try:
        return to_cents(Decimal(normalised))
    except InvalidOperation as exc:  # pragma: no cover - the patterns above exclude this
        raise ValidationError(_("Ongeldig bedrag."), code="invalid") from exc


def format_bedrag(value, symbol=True) -> str:
    """€ 1.927.717,00 (nl-NL); negative as € -1.234,56."""
    if value is None or value == "":
        return ""
    amount = to_cents(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = f"{sign}{'.'.join(groups)},{cents}"
    return f"€\u00a0{text}" if symbol else text
