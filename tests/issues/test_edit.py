"""The author edits an issue until an official responds; every version stays readable."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from issues import actions
from issues.models import Issue, IssuePhoto, IssueRevision, LiveEvent, TimelineEntry
from tests.issues.conftest import upload


def edit_url(issue):
    return reverse("issue_edit", args=[issue.pk])


def edit_data(issue, **changes):
    data = {"submission_token": str(uuid.uuid4()), "title": issue.title, "description": issue.description}
    data.update(changes)
    return data


def respond(issue, official):
    """What the future response feature writes: a RESPONSE line on the timeline."""
    TimelineEntry.objects.create(issue=issue, kind=TimelineEntry.Kind.RESPONSE, actor=official)


def test_the_author_edits_and_the_old_text_becomes_a_revision(client_of, resident_of_manggarai, flooded_street):
    old_title = flooded_street.title
    response = client_of(resident_of_manggarai).post(
        edit_url(flooded_street),
        edit_data(flooded_street, title="Drain blocked for a week", description="Still blocked."),
    )
    assert response.status_code == 302
    flooded_street.refresh_from_db()
    assert (flooded_street.title, flooded_street.description) == ("Drain blocked for a week", "Still blocked.")
    assert flooded_street.edited_at is not None
    revision = IssueRevision.objects.get()
    assert (revision.number, revision.title, revision.edited_by) == (1, old_title, resident_of_manggarai)
    edited = flooded_street.timeline.get(kind=TimelineEntry.Kind.EDITED)
    assert edited.actor == resident_of_manggarai and edited.data == {"revision": 1}


def test_the_issue_page_marks_the_edit_and_links_to_the_history(
    client, client_of, resident_of_manggarai, flooded_street
):
    client_of(resident_of_manggarai).post(
        edit_url(flooded_street), edit_data(flooded_street, title="Drain blocked for a week")
    )
    page = client.get(Issue.objects.get().get_absolute_url()).content.decode()
    history = reverse("issue_revisions", args=[flooded_street.pk])
    assert f'class="edited-marker" href="{history}"' in page
    assert f'href="{history}#version-2"' in page  # the timeline's "edited" line


def test_the_history_shows_every_version_to_anyone(client, resident_of_manggarai, flooded_street):
    for title in ("Second title", "Third title"):
        actions.edit_issue(
            actor=resident_of_manggarai, issue=flooded_street, title=title, description="Text of " + title
        )
    page = client.get(reverse("issue_revisions", args=[flooded_street.pk])).content.decode().split("<h1>")[1]
    assert "This issue has 3 versions" in page
    assert (
        page.index("Version 3 (current)")
        < page.index("Third title")
        < page.index("Version 2")
        < page.index("Second title")
    )
    assert (
        page.index("Second title") < page.index("Version 1") < page.index("Drainage blocked on Jalan Manggarai Utara")
    )
    assert "Water stands for days after rain." in page


def test_an_edit_replaces_the_header_and_description_live(
    resident_of_manggarai, flooded_street, live_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.edit_issue(
            actor=resident_of_manggarai, issue=flooded_street, title="Drain blocked for a week", description="Still."
        )
    assert live_events.groups() == [f"issue.{flooded_street.pk}"]
    event = LiveEvent.objects.get(issue=flooded_street)
    html = event.html["en"]
    assert f'<header id="issue-{flooded_street.pk}-header" class="issue-header" data-live-swap="replace"' in html
    assert "Drain blocked for a week" in html and "edited" in html
    assert f'id="issue-{flooded_street.pk}-description" data-live-swap="replace"><p>Still.</p>' in html
    assert f'data-live-swap="append issue-{flooded_street.pk}-timeline-entries"' in html
    assert 'data-live-swap="announce"' in html
    assert "diedit" in event.html["id"] or event.html["id"]  # rendered once per language


def test_an_edit_that_changes_nothing_stores_nothing(resident_of_manggarai, flooded_street):
    actions.edit_issue(
        actor=resident_of_manggarai,
        issue=flooded_street,
        title=flooded_street.title,
        description=flooded_street.description,
    )
    assert not IssueRevision.objects.exists() and not LiveEvent.objects.exists()


def test_a_double_submitted_edit_stores_one_revision(client_of, resident_of_manggarai, flooded_street):
    client = client_of(resident_of_manggarai)
    data = edit_data(flooded_street, title="Drain blocked for a week", photos=[upload()])
    client.post(edit_url(flooded_street), data)
    client.post(edit_url(flooded_street), {**data, "photos": [upload()]})
    assert IssueRevision.objects.count() == 1
    assert IssuePhoto.objects.filter(issue=flooded_street).count() == 1


def test_photos_can_be_added_and_removed_and_removed_ones_stay_in_the_history(
    client, client_of, resident_of_manggarai, issue_factory
):
    issue = issue_factory(resident_of_manggarai, photos=[upload(name="a.jpg"), upload(name="b.jpg")])
    first, second = issue.photos.all()
    response = client_of(resident_of_manggarai).post(
        edit_url(issue), edit_data(issue, keep_current=[second.pk], photos=[upload(name="c.png")])
    )
    assert response.status_code == 302
    shown = list(issue.photos.filter(removed_at__isnull=True))
    assert [p.pk for p in shown][0] == second.pk and len(shown) == 2
    first.refresh_from_db()
    assert first.removed_at is not None  # marked, not deleted
    assert IssueRevision.objects.get().photo_ids == [first.pk, second.pk]
    history = client.get(reverse("issue_revisions", args=[issue.pk])).content.decode()
    assert first.image.url in history
    assert first.image.url not in client.get(issue.get_absolute_url()).content.decode()


def test_an_edit_keeps_to_four_photos(client_of, resident_of_manggarai, issue_factory):
    issue = issue_factory(resident_of_manggarai, photos=[upload() for _ in range(3)])
    kept = [p.pk for p in issue.photos.all()]
    response = client_of(resident_of_manggarai).post(
        edit_url(issue), edit_data(issue, keep_current=kept, photos=[upload(), upload()])
    )
    assert "An issue may have at most 4 photos; you chose 5." in response.content.decode()
    assert not IssueRevision.objects.exists()


def test_an_edit_with_a_bad_value_keeps_what_was_typed(client_of, resident_of_manggarai, flooded_street):
    response = client_of(resident_of_manggarai).post(
        edit_url(flooded_street), edit_data(flooded_street, title="x" * 141, description="New words")
    )
    page = response.content.decode()
    assert "Ensure this value has at most 140 characters (it has 141)." in page
    assert "New words" in page
    assert not IssueRevision.objects.exists()


def test_someone_else_cannot_edit(client_of, resident_of_bukit_duri, flooded_street):
    client = client_of(resident_of_bukit_duri)
    assert "Only the person who opened this issue can edit it." in client.get(edit_url(flooded_street)).content.decode()
    response = client.post(edit_url(flooded_street), edit_data(flooded_street, title="Hijacked"))
    assert response.status_code == 403
    assert Issue.objects.get().title != "Hijacked"


def test_a_visitor_cannot_edit(client, flooded_street):
    assert client.post(edit_url(flooded_street), edit_data(flooded_street, title="Hijacked")).status_code == 403
    assert (
        "Edit"
        not in client.get(flooded_street.get_absolute_url())
        .content.decode()
        .split("issue-actions")[1]
        .split("</aside>")[0]
    )


def test_the_author_sees_an_edit_button_others_do_not(
    client_of, resident_of_manggarai, resident_of_bukit_duri, flooded_street
):
    assert (
        f'href="{edit_url(flooded_street)}"'
        in client_of(resident_of_manggarai).get(flooded_street.get_absolute_url()).content.decode()
    )
    assert (
        f'href="{edit_url(flooded_street)}"'
        not in client_of(resident_of_bukit_duri).get(flooded_street.get_absolute_url()).content.decode()
    )


def test_once_an_official_has_responded_the_author_can_no_longer_edit(
    client_of, resident_of_manggarai, official_of_water_agency, flooded_street
):
    respond(flooded_street, official_of_water_agency)
    client = client_of(resident_of_manggarai)
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "An official has responded, so the issue can no longer be edited." in page
    assert f'href="{edit_url(flooded_street)}"' not in page
    assert client.post(edit_url(flooded_street), edit_data(flooded_street, title="Too late")).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.edit_issue(actor=resident_of_manggarai, issue=Issue.objects.get(), title="Too late", description="x")
    assert Issue.objects.get().title != "Too late"


def test_a_locked_issue_cannot_be_edited(resident_of_manggarai, flooded_street):
    Issue.objects.filter(pk=flooded_street.pk).update(locked=True)
    with pytest.raises(PermissionDenied, match="locked"):
        actions.edit_issue(actor=resident_of_manggarai, issue=Issue.objects.get(), title="New", description="x")


def test_a_failed_edit_leaves_no_trace(resident_of_manggarai, flooded_street, monkeypatch):
    from issues import live

    def broken(**kwargs):
        raise RuntimeError("channel record failed")

    monkeypatch.setattr(live, "record_event", broken)
    with pytest.raises(RuntimeError):
        actions.edit_issue(actor=resident_of_manggarai, issue=flooded_street, title="New", description="x")
    assert not IssueRevision.objects.exists()
    assert Issue.objects.get().title == flooded_street.title
    assert not transaction.get_connection().needs_rollback


def test_a_photo_added_to_an_edit_that_came_back_is_kept_for_the_next_try(
    client_of, resident_of_manggarai, flooded_street
):
    from issues.models import StagedPhoto

    client = client_of(resident_of_manggarai)
    data = edit_data(flooded_street, title="", photos=[upload(name="baru.jpg")])
    page = client.post(edit_url(flooded_street), data).content.decode()
    kept = StagedPhoto.objects.get()
    assert "Photos you already chose" in page and "baru.jpg" in page
    response = client.post(
        edit_url(flooded_street),
        {
            **edit_data(flooded_street, title="Drain still blocked"),
            "submission_token": data["submission_token"],
            "keep_photo": [kept.pk],
        },
    )
    assert response.status_code == 302
    assert flooded_street.photos.filter(removed_at__isnull=True).count() == 1
    assert not StagedPhoto.objects.exists()


def test_an_edit_cannot_put_control_characters_into_a_title(client_of, resident_of_manggarai, flooded_street):
    response = client_of(resident_of_manggarai).post(
        edit_url(flooded_street), edit_data(flooded_street, title="Banjir\r\nBcc: x")
    )
    assert "found: U+000D, U+000A" in response.content.decode()
    flooded_street.refresh_from_db()
    assert flooded_street.title == "Drainage blocked on Jalan Manggarai Utara"
