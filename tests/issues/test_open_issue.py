"""Opening an issue: who may, what a bad form says, and nothing lost or doubled on the way."""

import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from issues import actions
from issues.models import Channel, Follow, Issue, StagedPhoto, TimelineEntry
from tests.issues.conftest import image_bytes, upload

OPEN = reverse("issue_open")


def form_data(areas, **changes):
    data = {
        "submission_token": str(uuid.uuid4()),
        "title": "Saluran air tersumbat di Jalan Manggarai Utara II",
        "area": str(areas["manggarai"].pk),
        "category": "flooding",
        "description": "Setiap hujan deras, air meluap ke jalan.",
        "address": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(changes)
    return data


def errors_of(response, field: str) -> str:
    """The error text shown beside one field ("" if none)."""
    match = re.search(
        rf'<div class="field-errors" id="id_{field}_error" role="alert">(.*?)</div>', response.content.decode(), re.S
    )
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def test_a_visitor_reads_why_they_cannot_open_an_issue_instead_of_a_form(client, areas):
    response = client.get(OPEN)
    assert response.status_code == 200
    assert "Sign in to take part." in response.content.decode()
    assert b'name="title"' not in response.content


def test_a_visitor_cannot_open_an_issue_by_posting(client, areas):
    response = client.post(OPEN, form_data(areas))
    assert response.status_code == 403
    assert not Issue.objects.exists()


def test_an_unverified_user_cannot_open_an_issue(client_of, unverified_user, areas):
    client = client_of(unverified_user)
    assert "Confirm your e-mail address to take part." in client.get(OPEN).content.decode()
    assert client.post(OPEN, form_data(areas)).status_code == 403
    assert not Issue.objects.exists()


def test_a_resident_without_a_home_area_is_sent_to_choose_one(client_of, user_factory, areas):
    response = client_of(user_factory(name="Nomad")).get(OPEN)
    assert "Choose your home area in your profile" in response.content.decode()
    assert reverse("profile") in response.content.decode()


def test_a_resident_opens_an_issue_follows_it_and_it_is_on_the_record(client_of, resident_of_manggarai, areas):
    response = client_of(resident_of_manggarai).post(
        OPEN, form_data(areas, latitude="-6.209810", longitude="106.850120")
    )
    issue = Issue.objects.get()
    assert response.status_code == 302 and response.url == issue.get_absolute_url()
    assert issue.author == resident_of_manggarai and issue.area == areas["manggarai"]
    assert str(issue.latitude) == "-6.209810"
    assert Follow.objects.filter(user=resident_of_manggarai, issue=issue).exists()
    assert list(issue.timeline.values_list("kind", flat=True)) == [TimelineEntry.Kind.OPENED]


def test_the_area_choices_are_the_home_area_and_the_areas_above_it(client_of, resident_of_manggarai, areas):
    page = client_of(resident_of_manggarai).get(OPEN).content.decode()
    offered = re.findall(r'<option value="(\d+)"', page.split('id="id_area"')[1].split("</select>")[0])
    expected = {areas[s].pk for s in ("manggarai-rw-04", "manggarai", "tebet", "jakarta-selatan")}
    assert {int(pk) for pk in offered} == expected


def test_an_area_elsewhere_is_refused_beside_the_area_field(client_of, resident_of_manggarai, areas):
    response = client_of(resident_of_manggarai).post(OPEN, form_data(areas, area=str(areas["bukit-duri"].pk)))
    assert "Select a valid choice" in errors_of(response, "area")
    assert not Issue.objects.exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("title", "x" * 141, "Ensure this value has at most 140 characters (it has 141)."),
        ("title", "", "This field is required."),
        ("title", "   ", "This field is required."),
        ("description", "", "This field is required."),
        ("description", "y" * 10001, "Ensure this value has at most 10000 characters (it has 10001)."),
        ("category", "", "This field is required."),
        ("category", "volcanoes", "Select a valid choice. volcanoes is not one of the available choices."),
        ("latitude", "-91", "Ensure this value is greater than or equal to -90."),
        ("longitude", "east", "Enter a number."),
        ("address", "z" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_each_bad_value_is_explained_beside_its_field_and_the_rest_is_kept(
    client_of, resident_of_manggarai, areas, field, value, message
):
    data = form_data(areas, **{field: value})
    if field in ("latitude", "longitude"):
        data.update({"latitude": "-6.2", "longitude": "106.8", field: value})
    response = client_of(resident_of_manggarai).post(OPEN, data)
    assert response.status_code == 200
    assert errors_of(response, field) == message
    page = response.content.decode()
    if field != "description":
        assert "Setiap hujan deras, air meluap ke jalan." in page
    if field != "title":
        assert 'value="Saluran air tersumbat di Jalan Manggarai Utara II"' in page
    assert 'aria-invalid="true"' in page
    assert not Issue.objects.exists()


def test_a_latitude_without_a_longitude_is_refused(client_of, resident_of_manggarai, areas):
    response = client_of(resident_of_manggarai).post(OPEN, form_data(areas, latitude="-6.2"))
    assert errors_of(response, "longitude") == "Give both latitude and longitude, or neither."


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("notes.jpg", b"just some text", "notes.jpg is not an image we can read; use a JPEG, PNG or WebP photo."),
        ("anim.gif", image_bytes("GIF"), "anim.gif is a GIF image; use a JPEG, PNG or WebP photo."),
        ("bomb.png", image_bytes("PNG", size=(12000, 12000), mode="1", color=0), "bomb.png has too many pixels"),
    ],
)
def test_a_bad_photo_is_explained_beside_the_photo_field(
    client_of, resident_of_manggarai, areas, name, content, message
):
    data = form_data(areas, photos=[upload(name=name, content=content)])
    response = client_of(resident_of_manggarai).post(OPEN, data)
    assert errors_of(response, "photos").startswith(message)
    assert not Issue.objects.exists()


def test_photos_already_chosen_are_kept_when_the_form_comes_back(client_of, resident_of_manggarai, areas):
    client = client_of(resident_of_manggarai)
    data = form_data(areas, title="", photos=[upload(name="got.jpg"), upload(name="notes.jpg", content=b"text")])
    response = client.post(OPEN, data)

    kept = StagedPhoto.objects.get()
    page = response.content.decode()
    assert "Photos you already chose" in page and "got.jpg" in page
    assert f'name="keep_photo" value="{kept.pk}" id="keep-photo-{kept.pk}" checked' in page
    assert errors_of(response, "photos").startswith("notes.jpg is not an image")
    assert f'value="{data["submission_token"]}"' in page  # the same form, the same token

    # Fixed and sent again without choosing the photo again: the kept one is attached.
    response = client.post(
        OPEN, {**form_data(areas), "submission_token": data["submission_token"], "keep_photo": [kept.pk]}
    )
    issue = Issue.objects.get()
    assert response.status_code == 302
    assert issue.photos.count() == 1
    assert not StagedPhoto.objects.exists()


def test_an_unticked_kept_photo_is_left_out(client_of, resident_of_manggarai, areas):
    client = client_of(resident_of_manggarai)
    data = form_data(areas, title="", photos=[upload(name="a.jpg")])
    client.post(OPEN, data)
    client.post(OPEN, {**form_data(areas), "submission_token": data["submission_token"]})
    assert Issue.objects.get().photos.count() == 0


def test_someone_elses_kept_photo_cannot_be_claimed(client_of, resident_of_manggarai, areas, user_factory):
    other = user_factory(home=areas["manggarai-rw-04"])
    data = form_data(areas, title="", photos=[upload(name="a.jpg")])
    client_of(other).post(OPEN, data)
    theirs = StagedPhoto.objects.get()
    client_of(resident_of_manggarai).post(
        OPEN, {**form_data(areas), "submission_token": data["submission_token"], "keep_photo": [theirs.pk]}
    )
    assert not Issue.objects.filter(photos__isnull=False).exists()
    assert StagedPhoto.objects.filter(pk=theirs.pk, owner=other).exists()


def test_a_double_submit_opens_one_issue(client_of, resident_of_manggarai, areas):
    client = client_of(resident_of_manggarai)
    data = form_data(areas)
    first = client.post(OPEN, data)
    second = client.post(OPEN, {**data, "photos": [upload()]})
    assert Issue.objects.count() == 1
    assert first.url == second.url == Issue.objects.get().get_absolute_url()


def test_the_action_returns_the_first_issue_for_a_repeated_token(resident_of_manggarai, areas):
    from issues import actions

    token = uuid.uuid4()
    fields = dict(
        title="Banjir", description="Air.", category="flooding", area=areas["manggarai"], submission_token=token
    )
    first = actions.open_issue(actor=resident_of_manggarai, **fields)
    again = actions.open_issue(actor=resident_of_manggarai, **fields)
    assert first.pk == again.pk and Issue.objects.count() == 1


def test_too_many_photos_counting_the_kept_ones_is_refused(client_of, resident_of_manggarai, areas):
    client = client_of(resident_of_manggarai)
    data = form_data(areas, title="", photos=[upload(name=f"{i}.jpg") for i in range(3)])
    client.post(OPEN, data)
    kept = list(StagedPhoto.objects.values_list("pk", flat=True))
    response = client.post(
        OPEN,
        {
            **form_data(areas),
            "submission_token": data["submission_token"],
            "keep_photo": kept,
            "photos": [upload(), upload()],
        },
    )
    assert errors_of(response, "photos") == "An issue may have at most 4 photos; you chose 5."
    assert not Issue.objects.exists()


def test_the_title_field_asks_for_similar_issues_as_it_is_typed(client_of, resident_of_manggarai, areas):
    page = client_of(resident_of_manggarai).get(OPEN).content.decode()
    title_input = re.search(r'<input type="text" name="title"[^>]*>', page).group(0)
    assert f'hx-get="{reverse("issue_similar")}"' in title_input
    assert 'hx-trigger="input changed delay:400ms"' in title_input
    assert 'hx-target="#similar-issues"' in title_input
    assert 'id="similar-issues"' in page and 'aria-live="polite"' in page


def test_similar_open_issues_in_the_same_area_are_suggested(
    client, issue_factory, resident_of_manggarai, resident_of_bukit_duri, areas
):
    same = issue_factory(
        resident_of_manggarai, area=areas["manggarai-rw-04"], title="Saluran air tersumbat dekat musala"
    )
    issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Lampu jalan mati")
    issue_factory(resident_of_bukit_duri, area=areas["bukit-duri"], title="Saluran air tersumbat di Bukit Duri")

    response = client.get(reverse("issue_similar"), {"title": "saluran tersumbat", "area": areas["manggarai"].pk})

    page = response.content.decode()
    assert same.title in page
    assert "Lampu jalan mati" not in page and "Bukit Duri" not in page
    assert "follow and support it instead" in page


def test_closed_issues_are_not_suggested(client, issue_factory, resident_of_manggarai, areas):
    done = issue_factory(resident_of_manggarai, title="Saluran air tersumbat")
    Issue.objects.filter(pk=done.pk).update(status="resolved")
    response = client.get(reverse("issue_similar"), {"title": "saluran", "area": areas["manggarai-rw-04"].pk})
    assert done.title not in response.content.decode()


def test_a_prefix_of_a_word_finds_similar_issues(client, issue_factory, resident_of_manggarai, areas):
    issue_factory(resident_of_manggarai, title="Blocked drainage by the mosque")
    response = client.get(reverse("issue_similar"), {"title": "drain", "area": areas["manggarai-rw-04"].pk})
    assert "Blocked drainage by the mosque" in response.content.decode()


def test_a_form_sent_back_shows_the_similar_issues_too(client_of, issue_factory, resident_of_manggarai, areas):
    issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Saluran air tersumbat dekat musala")
    response = client_of(resident_of_manggarai).post(OPEN, form_data(areas, description=""))
    assert "Saluran air tersumbat dekat musala" in response.content.decode()


def test_an_issue_raised_for_the_area_above_is_suggested_too(client, issue_factory, resident_of_manggarai, areas):
    issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Saluran air tersumbat di kelurahan")
    response = client.get(reverse("issue_similar"), {"title": "saluran", "area": areas["manggarai-rw-04"].pk})
    assert "Saluran air tersumbat di kelurahan" in response.content.decode()


@pytest.mark.parametrize(
    "title, shown",
    [
        ("Banjir di\rJalan Manggarai", "U+000D"),
        ("Banjir di Jalan\u202e Manggarai", "U+202E"),
        ("Banjir\tdi Jalan\u200b Manggarai", "U+0009, U+200B"),
    ],
)
def test_a_title_with_control_characters_is_refused_beside_the_title(
    client_of, resident_of_manggarai, areas, title, shown
):
    response = client_of(resident_of_manggarai).post(OPEN, form_data(areas, title=title))
    assert errors_of(response, "title") == (
        "The title may not contain line breaks, tabs or invisible control characters "
        f"(found: {shown}). Write it on one line."
    )
    assert "Setiap hujan deras, air meluap ke jalan." in response.content.decode()  # the rest is kept
    assert not Issue.objects.exists()


def test_an_issue_that_came_through_other_hands_says_how_on_its_page(
    client, resident_of_manggarai, user_factory, areas
):
    from accounts import actions as account_actions

    # Only the council member of the area's district opens an issue "via reses" (issues.rules.open_issue_via_reses).
    council_member = user_factory(name="Dewi", home=areas["menteng"])
    account_actions.grant_council_member(user=council_member, district="Dapil 7", areas=[areas["tebet"]], by="test")
    issue = actions.open_issue(
        actor=council_member,
        title="Lampu jalan mati di gang 3",
        description="Sudah seminggu.",
        category="roads",
        area=areas["manggarai-rw-04"],
        channel=Channel.RESES,
        channel_detail="Balai RW 04, 14 Nov",
    )
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "Raised at a recess meeting (reses)" in page and "Balai RW 04, 14 Nov" in page
    typed_in = actions.open_issue(
        actor=resident_of_manggarai,
        title="Trotoar rusak",
        description="Di depan pasar.",
        category="roads",
        area=areas["manggarai-rw-04"],
    )
    assert typed_in.channel == Channel.ONLINE
    assert "issue-channel" not in client.get(typed_in.get_absolute_url()).content.decode()


def test_a_resident_cannot_open_an_issue_as_raised_at_a_recess_meeting(resident_of_manggarai, areas):
    with pytest.raises(PermissionDenied, match="Only the council member whose district covers this area"):
        actions.open_issue(
            actor=resident_of_manggarai,
            title="Lampu jalan mati",
            description="Sudah seminggu.",
            category="roads",
            area=areas["manggarai-rw-04"],
            channel=Channel.RESES,
        )
    assert not Issue.objects.exists()
