"""Two people on one issue page in real browsers: what A writes, B sees without reloading,
even across a dropped connection, and even when A's browser runs no JavaScript."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def comment_by(author, issue, body):
    """A comment written straight through the action (this process's own broadcast is not needed)."""
    from unittest import mock

    from comments import actions

    with mock.patch("core.live.publish"):
        return actions.post_comment(actor=author, issue=issue, body=body)


def comments_of(page, issue):
    return page.locator(f"#issue-{issue.pk}-comments > li.comment")


def post(page, text):
    box = page.get_by_label("Your comment", exact=True)
    box.fill(text)
    page.get_by_role("button", name="Post comment").click()
    # The form comes back empty with a fresh one-time token; writing again before that would be a
    # resubmission of the same form, which (rightly) creates nothing new.
    expect(box).to_have_value("")


def test_a_posts_and_b_sees_it_without_reloading(
    open_as, flooded_street, resident_of_bukit_duri, resident_of_manggarai
):
    url = flooded_street.get_absolute_url()
    a = open_as(resident_of_bukit_duri, url)
    b = open_as(resident_of_manggarai, url)
    post(a, "The water reached the **second step** today.")
    expect(a.get_by_label("Your comment", exact=True)).to_have_value("")  # the form comes back empty
    expect(comments_of(a, flooded_street)).to_have_count(1)
    expect(comments_of(b, flooded_street)).to_have_count(1)
    expect(comments_of(b, flooded_street).first).to_contain_text("The water reached the second step today.")
    expect(b.locator(f"#issue-{flooded_street.pk}-comment-count")).to_have_text("1 comment")
    expect(b.locator("#live-announcer")).to_have_text("New comment by Budi")
    # B sees Budi's edit controls nowhere; Budi sees them on his own comment.
    expect(comments_of(b, flooded_street).get_by_role("link", name="Edit")).to_have_count(0)
    expect(comments_of(a, flooded_street).get_by_role("link", name="Edit")).to_be_visible()


def test_b_cut_off_while_a_posts_twice_shows_both_once_each_when_back(
    open_as, flooded_street, resident_of_bukit_duri, resident_of_manggarai
):
    url = flooded_street.get_absolute_url()
    a = open_as(resident_of_bukit_duri, url)
    b = open_as(resident_of_manggarai, url)
    b.evaluate("window.balaiLive.pause()")
    expect(b.locator("#live-status")).to_be_visible()  # "Live updates are paused…"
    post(a, "First while B is away")
    expect(comments_of(a, flooded_street)).to_have_count(1)
    post(a, "Second while B is away")
    expect(comments_of(a, flooded_street)).to_have_count(2)
    b.wait_for_timeout(300)
    expect(comments_of(b, flooded_street)).to_have_count(0)
    b.evaluate("window.balaiLive.resume()")
    expect(b.locator("#live-status")).to_be_hidden()
    expect(comments_of(b, flooded_street)).to_have_count(2)
    expect(b.get_by_text("First while B is away")).to_have_count(1)
    expect(b.get_by_text("Second while B is away")).to_have_count(1)
    # Newest activity first: the later comment on top.
    expect(comments_of(b, flooded_street).first).to_contain_text("Second while B is away")


def test_a_without_javascript_posts_with_the_plain_form_and_b_sees_it_live(
    open_as, flooded_street, resident_of_bukit_duri, resident_of_manggarai
):
    url = flooded_street.get_absolute_url()
    a = open_as(resident_of_bukit_duri, url, javascript=False)
    b = open_as(resident_of_manggarai, url)
    post(a, "Sent from a phone without JavaScript")
    expect(a.get_by_text("Your comment is posted.")).to_be_visible()
    expect(comments_of(a, flooded_street)).to_have_count(1)
    expect(comments_of(b, flooded_street).first).to_contain_text("Sent from a phone without JavaScript")


def test_a_half_written_reply_survives_incoming_events(
    open_as, flooded_street, resident_of_bukit_duri, resident_of_manggarai
):
    top = comment_by(resident_of_bukit_duri, flooded_street, "Who has a pump?")
    url = flooded_street.get_absolute_url()
    a = open_as(resident_of_bukit_duri, url)
    b = open_as(resident_of_manggarai, url)
    b.locator(f"#comment-{top.pk}-reply summary").click()
    reply_box = b.locator(f"#comment-{top.pk}-reply-form").get_by_label("Your reply")
    reply_box.fill("I have one, but it needs")
    # Meanwhile A edits the comment being answered, replies under it, and starts a new thread.
    a.locator(f"#comment-{top.pk}-body").get_by_role("link", name="Edit").click()
    a.get_by_label("Edit your comment").fill("Who has a water pump?")
    a.get_by_role("button", name="Save").click()
    expect(a.locator(f"#comment-{top.pk}-editor form")).to_have_count(0)
    a.locator(f"#comment-{top.pk}-reply summary").click()
    a.locator(f"#comment-{top.pk}-reply-form").get_by_label("Your reply").fill("Any size will do.")
    a.locator(f"#comment-{top.pk}-reply-form").get_by_role("button", name="Post reply").click()
    post(a, "Also: sandbags at the RW office.")
    expect(b.locator(f"#comment-{top.pk}-body")).to_contain_text("Who has a water pump?")
    expect(b.locator(f"#comment-{top.pk}-replies")).to_contain_text("Any size will do.")
    expect(comments_of(b, flooded_street)).to_have_count(2)
    expect(reply_box).to_have_value("I have one, but it needs")
    reply_box.press_sequentially(" a generator.")
    b.locator(f"#comment-{top.pk}-reply-form").get_by_role("button", name="Post reply").click()
    expect(a.locator(f"#comment-{top.pk}-replies")).to_contain_text("I have one, but it needs a generator.")


def test_quoting_fills_the_reply_and_a_refusal_keeps_the_text(
    open_as, flooded_street, resident_of_bukit_duri, resident_of_manggarai
):
    from issues.models import Issue

    top = comment_by(resident_of_bukit_duri, flooded_street, "The pump is broken.")
    b = open_as(resident_of_manggarai, flooded_street.get_absolute_url())
    b.locator(f"#comment-{top.pk}-body").get_by_role("link", name="Quote").click()
    reply_box = b.locator(f"#comment-{top.pk}-reply-form").get_by_label("Your reply")
    expect(reply_box).to_be_focused()
    expect(reply_box).to_have_value("> **Budi**:\n> The pump is broken.\n\n")
    reply_box.press_sequentially("Since when?")
    Issue.objects.filter(pk=flooded_street.pk).update(locked=True, locked_reason="Cooling off")
    b.locator(f"#comment-{top.pk}-reply-form").get_by_role("button", name="Post reply").click()
    expect(b.locator(f"#comment-{top.pk}-reply-form")).to_contain_text("This discussion is locked: Cooling off")
    expect(b.locator(f"#comment-{top.pk}-reply-form").get_by_label("Your reply")).to_have_value(
        "> **Budi**:\n> The pump is broken.\n\nSince when?"
    )


@pytest.fixture
def redis_we_can_stop(settings):
    """A private redis-server as the channel layer of the test server, stopped and started at will."""
    from tests.issues.test_live_outage import REDIS_SERVER, PrivateRedis

    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    server.start()
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": f"redis://127.0.0.1:{server.port}/0", "socket_connect_timeout": 1}]},
        }
    }
    settings.LIVE_HEARTBEAT_SECONDS = 0.5
    yield server
    server.stop()


def test_while_redis_is_down_b_is_told_updates_are_paused_and_they_resume_by_themselves(
    redis_we_can_stop, open_as, flooded_street, resident_of_bukit_duri, resident_of_manggarai
):
    url = flooded_street.get_absolute_url()
    a = open_as(resident_of_bukit_duri, url)
    b = open_as(resident_of_manggarai, url)
    redis_we_can_stop.stop()
    expect(b.locator("#live-status")).to_be_visible(timeout=10_000)
    post(a, "Posted while Redis is down")  # writing still works
    expect(a.get_by_label("Your comment", exact=True)).to_have_value("")
    expect(comments_of(a, flooded_street)).to_have_count(1)
    b.reload()  # and pages still load (the comment is there), still saying updates are paused
    expect(comments_of(b, flooded_street)).to_have_count(1)
    expect(b.locator("#live-status")).to_be_visible(timeout=10_000)
    post(a, "Second while Redis is down")
    redis_we_can_stop.start()
    expect(b.locator("#live-status")).to_be_hidden(timeout=30_000)
    expect(comments_of(b, flooded_street)).to_have_count(2)
    expect(b.get_by_text("Second while Redis is down")).to_have_count(1)


def reply_by(author, issue, parent, body):
    from unittest import mock

    from comments import actions

    with mock.patch("core.live.publish"):
        return actions.post_comment(actor=author, issue=issue, body=body, parent=parent)


def test_earlier_replies_open_in_place_and_a_live_reply_still_arrives_under_them(
    open_as, flooded_street, resident_of_bukit_duri, resident_of_manggarai
):
    top = comment_by(resident_of_bukit_duri, flooded_street, "Who saw the pump truck?")
    for n in range(5):
        reply_by(resident_of_manggarai, flooded_street, top, f"Sighting {n}")
    url = flooded_street.get_absolute_url()
    a = open_as(resident_of_bukit_duri, url)
    b = open_as(resident_of_manggarai, url)
    replies = b.locator(f"#comment-{top.pk}-replies > li.comment")
    expect(replies).to_have_count(3)
    expect(replies.first).to_contain_text("Sighting 2")
    # A answers while B's list is still collapsed: the new reply appears at its end.
    a.locator(f"#comment-{top.pk}-reply summary").click()
    a.locator(f"#comment-{top.pk}-reply-form").get_by_label("Your reply").fill("It is at the mosque now.")
    a.locator(f"#comment-{top.pk}-reply-form").get_by_role("button", name="Post reply").click()
    expect(replies).to_have_count(4)
    expect(replies.last).to_contain_text("It is at the mosque now.")
    b.get_by_role("link", name="Show 2 earlier replies").press("Enter")
    expect(replies).to_have_count(6)
    expect(replies.first).to_contain_text("Sighting 0")
    expect(replies.first.locator("article")).to_be_focused()  # the keyboard user reads on from there
    expect(b.get_by_role("link", name="Show 2 earlier replies")).to_have_count(0)


def test_without_javascript_earlier_replies_open_in_place_on_the_page_itself(
    open_as, flooded_street, resident_of_bukit_duri, resident_of_manggarai
):
    top = comment_by(resident_of_bukit_duri, flooded_street, "Who saw the pump truck?")
    for n in range(5):
        reply_by(resident_of_manggarai, flooded_street, top, f"Sighting {n}")
    page = open_as(resident_of_manggarai, flooded_street.get_absolute_url(), javascript=False)
    page.get_by_role("link", name="Show 2 earlier replies").click()
    replies = page.locator(f"#comment-{top.pk}-replies > li.comment")
    expect(replies).to_have_count(5)
    expect(replies.first).to_contain_text("Sighting 0")
    assert f"replies={top.pk}" in page.url
