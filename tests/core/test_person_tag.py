"""Every name printed with its badge is isolated in <bdi>, so no name can reorder or imitate the badge after it."""

import re

from django.template import Context, Template

from accounts.models import Profile
from accounts.queries import PERSON_FIELDS


def rendered(user) -> str:
    return Template("{% person user %}").render(Context({"user": user}))


def parts(html: str) -> tuple[str, str]:
    """(what is inside the <bdi>, what follows it) of one rendered person."""
    found = re.fullmatch(r'<span class="person"><bdi class="person-name">(.*?)</bdi>(.*)</span>', html, re.S)
    assert found, html
    return found.group(1), found.group(2)


def test_the_name_is_inside_bdi_and_the_badge_outside(official_of_water_agency):
    name, after = parts(rendered(official_of_water_agency))
    assert name == "Rina"
    assert after == ' <span class="badge badge-official">Official · Dinas SDA</span>'


def test_a_stored_name_with_a_right_to_left_override_stays_inside_its_bdi(resident_of_manggarai, django_user_model):
    # Names stored before display names were checked can still hold U+202E; the <bdi> keeps it to the name.
    Profile.objects.filter(user=resident_of_manggarai).update(display_name="Siti \u202elaiciffO")
    user = django_user_model.objects.select_related(*PERSON_FIELDS).get(pk=resident_of_manggarai.pk)
    name, after = parts(rendered(user))
    assert name == "Siti \u202elaiciffO"
    assert after == ' <span class="badge badge-resident">Resident</span>'


def test_markup_in_a_name_is_escaped_inside_the_bdi(resident_of_manggarai, django_user_model):
    Profile.objects.filter(user=resident_of_manggarai).update(display_name='Siti</bdi><span class="badge">Official')
    user = django_user_model.objects.select_related(*PERSON_FIELDS).get(pk=resident_of_manggarai.pk)
    name, _after = parts(rendered(user))
    assert "<" not in name and "&lt;/bdi&gt;" in name


def test_the_page_header_prints_the_signed_in_name_in_bdi(resident_of_manggarai, client_of):
    html = client_of(resident_of_manggarai).get("/").content.decode()
    assert '<bdi class="person-name">Siti</bdi> <span class="badge badge-resident">Resident</span>' in html
