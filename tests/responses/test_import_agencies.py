"""The city's list of agencies comes from a CSV: idempotent, all or nothing, every error named."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Agency
from responses.models import AgencyCategory

CSV = """name,short_name,categories
Dinas Perhubungan,Dishub,transport
Dinas Lingkungan Hidup,DLH,waste;parks
Kantor Kelurahan Manggarai,,
"""


def categories_of(name):
    return sorted(AgencyCategory.objects.filter(agency__name=name).values_list("category", flat=True))


def test_it_creates_the_agencies_with_their_categories_and_a_second_run_changes_nothing(db, tmp_path, capsys):
    path = tmp_path / "agencies.csv"
    path.write_text(CSV)
    before = Agency.objects.count(), AgencyCategory.objects.count()
    call_command("import_agencies", path)
    assert "3 agency(ies) created, 0 updated." in capsys.readouterr().out
    assert categories_of("Dinas Lingkungan Hidup") == ["parks", "waste"]
    assert Agency.objects.get(name="Dinas Perhubungan").short_name == "Dishub"
    assert categories_of("Kantor Kelurahan Manggarai") == []  # a general agency
    call_command("import_agencies", path)
    assert "0 agency(ies) created, 0 updated." in capsys.readouterr().out
    assert (Agency.objects.count(), AgencyCategory.objects.count()) == (before[0] + 3, before[1] + 3)


def test_the_file_is_the_truth_for_the_agencies_it_lists(db, tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text(CSV)
    call_command("import_agencies", path)
    count = Agency.objects.count()
    path.write_text("name,categories\nDinas Lingkungan Hidup,waste\n")
    call_command("import_agencies", path)
    assert categories_of("Dinas Lingkungan Hidup") == ["waste"]
    assert Agency.objects.count() == count  # agencies not in the file stay


def test_one_bad_line_writes_nothing_and_is_named(db, tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text("name,categories\nDinas Perhubungan,transport\nDinas Kebakaran,fires\n")
    with pytest.raises(CommandError, match="Line 3: unknown categories fires"):
        call_command("import_agencies", path)
    assert not Agency.objects.filter(name="Dinas Perhubungan").exists()
