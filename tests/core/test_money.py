from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.money import format_bedrag, parse_bedrag


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1.234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("1234,5", Decimal("1234.50")),
        ("€ 1.927.717,00", Decimal("1927717.00")),
        ("341840", Decimal("341840.00")),
        ("1.234", Decimal("1234.00")),
        ("-12,34", Decimal("-12.34")),
    ],
)
def test_parse_bedrag_accepts_dutch_and_point_notation(typed, expected):
    assert parse_bedrag(typed) == expected


@pytest.mark.parametrize("typed", ["12,345", "1,234.56", "abc", "1.2.3", "12.345,678", "1e5", ""])
def test_parse_bedrag_rejects_ambiguous_or_garbage_with_dutch_message(typed):
    with pytest.raises(ValidationError) as info:
        parse_bedrag(typed)
    assert "bedrag" in str(info.value).lower()


def test_format_bedrag_uses_dutch_notation():
    assert format_bedrag(Decimal("1927717")) == "€\u00a01.927.717,00"
    assert format_bedrag(Decimal("-34851.5"), symbol=False) == "-34.851,50"


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        format_bedrag(1.5)


@given(st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2))
def test_format_then_parse_round_trips_to_the_cent(amount):
    assert parse_bedrag(format_bedrag(amount)) == amount
