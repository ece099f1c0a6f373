import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcc.core.phone import format_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("010-5550210", "0105550210"),
        ("06 12 34 56 78", "0612345678"),
        ("+31 6 12345678", "0612345678"),
        ("0031201234567", "0201234567"),
        ("14 010", "14010"),
        ("4321", "4321"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_normalises_what_people_type(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("bad", ["", "bel mij", "12", "0101234", "06-123456789", "+31 6 123", "<script>"])
def test_refuses_what_is_not_a_phone_number_with_a_dutch_message(bad):
    with pytest.raises(ValueError) as error:
        normalise_phone(bad)
    assert "telefoonnummer" in str(error.value)


def test_formats_for_reading():
    assert format_phone("0612345678") == "06-12345678"
    assert format_phone("0105550210") == "010-5550210"
    assert format_phone("0591123456") == "0591-123456"
    assert format_phone("14010") == "14 010"


@given(st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True))
def test_every_ten_digit_national_number_survives_formatting(number):
    assert normalise_phone(format_phone(number)) == number
