"""One household, one key: an address written in different ways gives one key."""

import pytest

from accounts.addresses import household_key, unit_number

MANGGARAI_12 = household_key(rt="007", rw="004", street="Jl. Manggarai Utara II no. 12")


@pytest.mark.parametrize(
    "rt, rw, street",
    [
        ("7", "4", "jalan manggarai utara ii 12"),
        ("07", "04", "JL MANGGARAI UTARA II NO 12"),
        ("007", "4", "Jln. Manggarai Utara II, No.12"),
        ("7", "4", "  Jl.Manggarai   Utara II  Nomor 012 "),
        ("", "", "Jl. Manggarai Utara II No. 12 RT 007/RW 004"),
        ("", "", "Manggarai Utara II 12, rt7 rw4"),
        ("", "", "Jl Manggarai Utara II No12 RT007 RW04"),
        ("7", "4", "Jl. Manggarai Utara II No. 12, RT 7 / RW 4"),
        ("７", "４", "Ｊｌ. Manggarai Utara II No. １２"),
    ],
)
def test_ways_of_writing_one_address_give_one_key(rt, rw, street):
    assert household_key(rt=rt, rw=rw, street=street) == MANGGARAI_12 == "7/4/manggarai utara ii 12"


@pytest.mark.parametrize(
    "rt, rw, street",
    [
        ("7", "4", "Jl. Manggarai Utara II no. 14"),  # the house next door
        ("8", "4", "Jl. Manggarai Utara II no. 12"),  # another RT
        ("7", "5", "Jl. Manggarai Utara II no. 12"),
        ("7", "4", "Gg. Manggarai Utara II no. 12"),  # an alley is not the street
        ("7", "4", "Jl. Manggarai Utara III no. 12"),
    ],
)
def test_other_addresses_give_other_keys(rt, rw, street):
    assert household_key(rt=rt, rw=rw, street=street) != MANGGARAI_12


def test_gang_is_written_in_many_ways_too():
    assert household_key(rt="1", rw="2", street="Gg. Melati 5") == household_key(
        rt="01", rw="02", street="gang melati no 5"
    )


def test_without_a_street_there_is_no_household_to_compare():
    assert household_key(rt="7", rw="4", street="") == ""
    assert household_key(rt="7", rw="4", street=" Jl. No. ") == ""


@pytest.mark.parametrize("value, number", [("007", "7"), ("7", "7"), ("000", "0"), ("", ""), (" 04 ", "4")])
def test_unit_numbers_lose_their_leading_zeros(value, number):
    assert unit_number(value) == number
