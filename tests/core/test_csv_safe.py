"""Every CSV the site offers opens in a spreadsheet without running anyone's formula."""

import csv
import io

import pytest

from core import csv_safe


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_a_text_cell_that_would_be_a_formula_is_written_as_text(cell):
    out = io.StringIO()
    csv_safe.writer(out).writerow([cell, "plain"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'" + cell, "plain"]


def test_numbers_and_ordinary_text_are_written_as_they_are():
    out = io.StringIO()
    csv_safe.writer(out).writerows([[-3, 2.5, None, "Banjir - Manggarai", "Kec. Tebet"]])
    assert out.getvalue().strip() == "-3,2.5,,Banjir - Manggarai,Kec. Tebet"


def test_an_object_is_checked_by_its_text():
    class Agency:
        def __str__(self):
            return "=cmd"

    out = io.StringIO()
    csv_safe.writer(out).writerow([Agency()])
    assert out.getvalue().strip() == "'=cmd"
