"""Viewers of an issue see the discussion move: a comment posted over HTTP (htmx or a
plain form) reaches every websocket viewer, in the viewer's language, in order."""

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from issues.consumers import LIVE_ON
from issues.models import LiveEvent
from tests.live_helpers import BROWSER, live_socket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_thread(transactional_db, settings):
    """Siti's issue, Budi signed in (a browser-like client), on the in-memory layer."""
    from tests.conftest import make_user

    from accounts import actions as account_actions
    from issues import actions as issue_actions

    tebet = account_actions.save_area(name="Kecamatan Tebet", slug="tebet", parent=None)
    siti = make_user(name="Siti", home=tebet)
    budi = make_user(name="Budi", home=tebet)
    issue = issue_actions.open_issue(actor=siti, title="Banjir", description="Air.", category="flooding", area=tebet)
    client = Client()
    client.force_login(budi)
    return issue, client


def application():
    from deliberation.asgi import application

    return application


def viewer_of(issue, language="en", after=0):
    return live_socket(
        f"/ws/issues/{issue.pk}/?after={after}",
        app=application(),
        headers=[*BROWSER, (b"accept-language", language.encode())],
    )


async def connected(viewer):
    ok, _ = await viewer.connect()
    assert ok
    assert await viewer.receive_from() == LIVE_ON
    return viewer


async def test_a_comment_posted_with_htmx_reaches_an_anonymous_viewer(live_thread):
    issue, budi = live_thread
    viewer = await connected(viewer_of(issue))
    await sync_to_async(budi.post)(
        f"/issues/{issue.pk}/comments/", {"body": "Air **naik** lagi"}, HTTP_HX_REQUEST="true"
    )
    message = await viewer.receive_from()
    assert message.startswith("<!--seq:1-->")
    assert "Air <strong>naik</strong> lagi" in message
    assert f'data-live-swap="append issue-{issue.pk}-comments"' in message
    assert '<p data-live-swap="announce">New comment by Budi</p>' in message
    await viewer.disconnect()


async def test_a_plain_form_post_appears_live_too_in_each_viewers_language(live_thread):
    issue, budi = live_thread
    english = await connected(viewer_of(issue, "en"))
    indonesian = await connected(viewer_of(issue, "id"))
    await sync_to_async(budi.post)(f"/issues/{issue.pk}/comments/", {"body": "Tanpa JavaScript"})
    in_english, in_indonesian = await english.receive_from(), await indonesian.receive_from()
    assert "Tanpa JavaScript" in in_english and "Tanpa JavaScript" in in_indonesian
    event = await LiveEvent.objects.aget(issue=issue)
    assert in_english == "<!--seq:1-->" + event.html["en"]
    assert in_indonesian == "<!--seq:1-->" + event.html["id"]
    await english.disconnect()
    await indonesian.disconnect()


async def test_edits_and_retractions_replace_the_body_for_viewers(live_thread):
    from comments.models import Comment

    issue, budi = live_thread
    await sync_to_async(budi.post)(f"/issues/{issue.pk}/comments/", {"body": "Versi satu"})
    comment = await Comment.objects.aget()
    viewer = await connected(viewer_of(issue, after=1))
    await sync_to_async(budi.post)(f"/comments/{comment.pk}/edit/", {"body": "Versi dua"})
    edited = await viewer.receive_from()
    assert edited.startswith("<!--seq:2-->") and "Versi dua" in edited
    assert f'<div class="comment-body" id="comment-{comment.pk}-body" data-live-swap="replace">' in edited
    await sync_to_async(budi.post)(f"/comments/{comment.pk}/retract/")
    retracted = await viewer.receive_from()
    assert retracted.startswith("<!--seq:3-->") and "Retracted by the author." in retracted
    await viewer.disconnect()


async def test_a_viewer_back_from_a_drop_gets_the_comments_it_missed_once_each_in_order(live_thread):
    issue, budi = live_thread
    viewer = await connected(viewer_of(issue))
    await sync_to_async(budi.post)(f"/issues/{issue.pk}/comments/", {"body": "satu"})
    assert (await viewer.receive_from()).startswith("<!--seq:1-->")
    await viewer.disconnect()
    for text in ("dua", "tiga"):
        await sync_to_async(budi.post)(f"/issues/{issue.pk}/comments/", {"body": text})
    back = viewer_of(issue, after=1)
    assert (await back.connect())[0]
    missed = [await back.receive_from(), await back.receive_from(), await back.receive_from()]
    assert [m[:12] for m in missed] == ["<!--seq:2-->", "<!--seq:3-->", LIVE_ON[:12]]
    assert "dua" in missed[0] and "tiga" in missed[1]
    assert await back.receive_nothing(timeout=0.2)
    await back.disconnect()


async def test_a_socket_from_another_site_is_refused(live_thread):
    issue, _budi = live_thread
    viewer = live_socket(
        f"/ws/issues/{issue.pk}/",
        app=application(),
        headers=[(b"origin", b"https://evil.example"), (b"host", b"localhost")],
    )
    connected_, _code = await viewer.connect()
    assert not connected_
