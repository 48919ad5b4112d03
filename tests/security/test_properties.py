"""Hypothesis: the importer's cell parsers and the credit-code validator never fail badly.

Any cell value either parses to a value within the column's range or raises RowError
with a message (never another exception, which would be a 500 or a half-read file);
the credit-code check agrees with GB 32100-2015 computed here independently.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.importing.cells import (
    RowError,
    parse_amount,
    parse_bool,
    parse_date,
    parse_text,
    parse_year,
)
from catalog.validators import validate_credit_code

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

cells = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


@settings(max_examples=300, deadline=None)
@given(value=cells)
def test_amounts_parse_within_range_or_fail_with_a_message(value):
    try:
        amount = parse_amount(value, None)
    except RowError as error:
        assert str(error)
        return
    assert amount is None or (Decimal(0) <= amount < Decimal("1e12"))
    assert amount is None or amount.as_tuple().exponent == -2


@settings(max_examples=300, deadline=None)
@given(value=cells)
@pytest.mark.parametrize("parse", [parse_year, parse_date, parse_bool, parse_text(50)])
def test_other_cells_parse_or_fail_with_a_message(parse, value):
    try:
        result = parse(value, None)
    except RowError as error:
        assert str(error)
        return
    if parse is parse_year and result is not None:
        assert 2000 <= result <= 2100
    if parse is parse_date and result is not None:
        assert isinstance(result, datetime.date)


@settings(max_examples=200, deadline=None)
@given(amount=st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_a_written_amount_reads_back_the_same(amount):
    assert parse_amount(f"{amount:,}元", None) == amount


@settings(max_examples=300, deadline=None)
@given(
    # Registration authority and kind, then the administrative division: digits (GB 32100-2015).
    head=st.text(alphabet="0123456789", min_size=8, max_size=8),
    tail=st.text(alphabet=ALPHABET, min_size=9, max_size=9),
)
def test_codes_with_the_right_check_character_pass_and_any_other_fails(head, tail):
    body = head + tail
    code = body + check_character(body)
    validate_credit_code(code)
    for wrong in ALPHABET:
        if wrong != code[-1]:
            with pytest.raises(ValidationError):
                validate_credit_code(body + wrong)
            break


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=30))
def test_any_text_is_a_valid_code_or_a_validation_error(value):
    try:
        validate_credit_code(value)
    except ValidationError as error:
        assert error.messages
