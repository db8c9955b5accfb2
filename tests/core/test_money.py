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


def test_parse_bedrag_refuses_one_fifty_with_a_point_and_shows_both_readings():
    with pytest.raises(ValidationError) as info:
        parse_bedrag("1.50")
    message = info.value.messages[0]
    assert "€\u00a01,50" in message
    assert "€\u00a0150,00" in message
    assert info.value.error_list[0].code == "ambiguous"


def test_parse_bedrag_keeps_thousands_point_and_ungrouped_decimal_point():
    assert parse_bedrag("1.500") == Decimal("1500.00")
    assert parse_bedrag("1234.56") == Decimal("1234.56")
    assert parse_bedrag("12.5") == Decimal("12.50")


def test_bedrag_form_field_shows_the_ambiguity_at_the_field():
    from core.fields import BedragFormField

    field = BedragFormField()
    with pytest.raises(ValidationError) as info:
        field.clean("1.50")
    assert "€\u00a01,50" in info.value.messages[0]


@given(
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=0, max_value=99),
    st.booleans(),
)
def test_parse_bedrag_refuses_every_short_point_amount_with_two_decimals(whole, cents, negative):
    typed = f"{'-' if negative else ''}{whole}.{cents:02d}"
    with pytest.raises(ValidationError) as info:
        parse_bedrag(typed)
    decimal_reading = format_bedrag(Decimal(typed))
    thousands_reading = format_bedrag(Decimal(typed.replace(".", "")))
    assert decimal_reading in info.value.messages[0]
    assert thousands_reading in info.value.messages[0]


@given(st.decimals(min_value=Decimal("1000.00"), max_value=Decimal("999999999999.99"), places=2))
def test_parse_bedrag_accepts_every_ungrouped_point_amount_of_four_or_more_digits(amount):
    assert parse_bedrag(f"{amount:.2f}") == amount
    assert parse_bedrag(f"-{amount:.2f}") == -amount


@given(st.integers(min_value=1, max_value=999_999_999))
def test_parse_bedrag_reads_dutch_thousands_groups_as_whole_euros(euros):
    grouped = format_bedrag(Decimal(euros), symbol=False).removesuffix(",00")
    assert parse_bedrag(grouped) == Decimal(euros)
