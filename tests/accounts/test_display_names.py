"""Display names: no invisible characters, no role badge or agency passed off as a name; one rule everywhere."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import actions, names
from accounts.models import Agency, Profile

AGENCIES = ["Dinas Sumber Daya Air", "Dinas SDA", "Dinas Bina Marga", "Bina Marga"]


def refusal(name: str) -> str:
    with pytest.raises(ValidationError) as caught:
        names.clean_display_name(name, agencies=AGENCIES)
    return caught.value.messages[0]


@pytest.mark.parametrize(
    "name",
    [
        "Siti Nurhaliza",
        "Budi (Manggarai)",
        "Ni Luh Putu",
        "Ahmad bin Abdullah",
        "Ma'ruf Amin",
        "Siti-Aisyah",
        "D'Artagnan O'Neil-Putri",
        "I Gusti Ngurah Rai",
        "Abdul Qadir al-Jailani",
        "Nur",
        "Resmi",  # a Javanese name; "Komentar resmi" is the badge
        "Warga 12",
        "Bina Margaretha",  # not the agency "Bina Marga"
        "Sadmini",
        "Staffan",
        "Dr. Ir. Sukarno",
        "Ñoño Pérez",
        "Ketut Сергей",
        "محمد",
        "王小明",
    ],
)
def test_it_keeps_real_names(name):
    assert names.clean_display_name(name, agencies=AGENCIES) == name


@pytest.mark.parametrize(
    "char",
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200b",
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\ufeff",
        "\u00ad",
        "\u061c",
        "\x07",
        "\x1b",
        "\u2028",
    ],
)
def test_it_refuses_invisible_and_control_characters(char):
    message = refusal(f"Si{char}ti Nur")
    assert "invisible or control characters" in message and f"U+{ord(char):04X}" in message


def test_a_right_to_left_override_cannot_turn_a_name_into_a_badge():
    assert "U+202E" in refusal("Siti \u202elaiciffO")


@pytest.mark.parametrize("name", ["   ", "\u00a0\u3000", "...", "-- ()", "\u3164\u3164", "\u2800"])
def test_it_refuses_names_without_a_letter(name):
    message = refusal(name)
    assert "at least one letter" in message or "invisible" in message


def test_it_normalises_width_and_spacing():
    assert names.clean_display_name("  Ｓｉｔｉ \u00a0  Nurhaliza\u3000", agencies=[]) == "Siti Nurhaliza"


def test_it_refuses_stacked_accents():
    assert "accents" in refusal("Z" + "\u0301" * 8 + "algo")


def test_it_refuses_a_name_longer_than_the_limit_once_normalised():
    assert "60 characters" in refusal("\ufdfa" * 4)  # one character each, eighteen once NFKC spells them out


@pytest.mark.parametrize(
    "name, word",
    [
        ("Official", "Official"),
        ("Budi Moderator", "Moderator"),
        ("budi ADMIN", "Admin"),
        ("Administrator Budi", "Administrator"),
        ("Pejabat Rina", "Pejabat"),
        ("Petugas RW", "Petugas"),
        ("Facilitator Dewi", "Facilitator"),
        ("Fasilitator Dewi", "Fasilitator"),
        ("Staff Balai", "Staff"),
        ("Siti Verified", "Verified"),
        ("Siti, Warga terverifikasi", "Terverifikasi"),
        ("M o d e r a t o r", "Moderator"),
        ("Mod-erator Agus", "Moderator"),
        ("A.d.m.i.n", "Admin"),
        ("Adm1n", "Admin"),
        ("M0derat0r", "Moderator"),
        ("SuperModerator", "Moderator"),
        ("Officials", "Official"),
        ("Аdmin", "Admin"),  # Cyrillic А
        ("𝐀𝐝𝐦𝐢𝐧", "Admin"),  # mathematical bold, NFKC makes it plain
        ("Ádmín", "Admin"),
        ("Siti former member", "former member"),
        ("Siti Komentar resmi", "Komentar resmi"),
        ("Budi Raised this issue", "Raised this issue"),
    ],
)
def test_it_refuses_role_words_the_site_prints_as_badges(name, word):
    message = refusal(name)
    assert "the site shows people’s roles in a badge" in message and word.casefold() in message.casefold()


@pytest.mark.parametrize("name", ["Rina Dinas SDA", "Rina (dinas-sda)", "bina marga", "Dinas Sumber Daya Air Tebet"])
def test_it_refuses_an_agencys_name(name):
    assert "the name of an agency" in refusal(name)


def test_agencies_come_from_the_database_by_default(water_agency):
    with pytest.raises(ValidationError, match="Dinas SDA"):
        names.clean_display_name("Rina · Dinas SDA")


# --- Everywhere a name is set -------------------------------------------------------------


def sign_up(client, areas, **extra):
    data = {
        "email": "new@example.org",
        "display_name": "Nur",
        "home_area": areas["manggarai-rw-04"].pk,
        "language": "en",
        "password1": "a-long-passphrase-77",
        "password2": "a-long-passphrase-77",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def field_error(html: str, field: str) -> str:
    found = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</(?:div|ul)>', html, re.S)
    assert found, f"no error beside {field}"
    return found.group(1)


def test_sign_up_refuses_a_badge_in_the_name_beside_the_field(client, areas):
    response = sign_up(client, areas, display_name="Siti Moderator")
    assert response.status_code == 200
    assert "badge" in field_error(response.content.decode(), "display_name")
    assert not Profile.objects.exists()


def test_sign_up_stores_the_normalised_name(client, areas):
    assert sign_up(client, areas, display_name="  Ｎｕｒ   Aini ").status_code == 302
    assert Profile.objects.get().display_name == "Nur Aini"


def test_the_profile_page_refuses_a_bidi_override_beside_the_field(client_of, resident_of_manggarai):
    response = client_of(resident_of_manggarai).post(reverse("profile"), {"display_name": "Siti\u202e", "language": ""})
    assert response.status_code == 200
    assert "U+202E" in field_error(response.content.decode(), "display_name")
    assert Profile.objects.get(user=resident_of_manggarai).display_name == "Siti"


def test_the_admin_refuses_an_agency_name(client_of, admin_user_, resident_of_manggarai, water_agency):
    profile = resident_of_manggarai.profile
    url = reverse("admin:accounts_profile_change", args=[profile.pk])
    response = client_of(admin_user_).post(
        url,
        {
            "user": resident_of_manggarai.pk,
            "display_name": "Siti Dinas SDA",
            "home_area": profile.home_area_id,
            "language": "",
            "residency": "unverified",
            "verified_area": "",
            "verified_by": "",
            "verified_at_0": "",
            "verified_at_1": "",
        },
    )
    assert response.status_code == 200 and "the name of an agency" in response.content.decode()
    profile.refresh_from_db()
    assert profile.display_name == "Siti"


def test_the_admin_saves_a_real_name_normalised(client_of, admin_user_, resident_of_manggarai):
    profile = resident_of_manggarai.profile
    url = reverse("admin:accounts_profile_change", args=[profile.pk])
    response = client_of(admin_user_).post(
        url,
        {
            "user": resident_of_manggarai.pk,
            "display_name": " Siti   Nurhaliza ",
            "home_area": profile.home_area_id,
            "language": "",
            "residency": "unverified",
            "verified_area": "",
            "verified_by": "",
            "verified_at_0": "",
            "verified_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile.refresh_from_db()
    assert profile.display_name == "Siti Nurhaliza"


def test_the_action_refuses_for_every_caller(resident_of_manggarai):
    """Commands and scripts set names through update_profile; it applies the same rule."""
    with pytest.raises(ValidationError, match="badge"):
        actions.update_profile(actor=resident_of_manggarai, display_name="Admin", language="")
    assert Profile.objects.get(user=resident_of_manggarai).display_name == "Siti"


def test_an_account_made_outside_sign_up_gets_a_name_that_passes(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="admin@example.org", email="admin@example.org")
    assert actions.ensure_profile(user).display_name == f"Member {user.pk}"
    other = get_user_model().objects.create_user(username="siti.n@example.org", email="siti.n@example.org")
    assert actions.ensure_profile(other).display_name == "siti.n"


def test_the_demo_people_have_names_that_pass(db):
    from accounts.demo import AGENCIES as DEMO_AGENCIES
    from accounts.demo import PEOPLE

    agencies = [name for pair in DEMO_AGENCIES for name in pair]
    for _email, name, _home, _role in PEOPLE:
        assert names.clean_display_name(name, agencies=agencies) == name


def test_agencies_made_in_the_database_are_read_once_per_check(django_assert_num_queries, db):
    Agency.objects.create(name="Dinas Lingkungan Hidup", short_name="Dinas LH")
    with django_assert_num_queries(1):
        assert "agency" in pytest.raises(ValidationError, names.clean_display_name, "Budi Dinas LH").value.messages[0]
