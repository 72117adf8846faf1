"""The thread as people use it: plain forms without JavaScript, htmx with it."""

import re
from datetime import timedelta

import time_machine
from django.utils import timezone

from comments import actions
from comments.models import Comment

HTMX = {"HTTP_HX_REQUEST": "true"}


def post_url(issue):
    return f"/issues/{issue.pk}/comments/"


def test_a_plain_form_posts_and_leads_back_to_the_comment(client_of, flooded_street, resident_of_bukit_duri):
    response = client_of(resident_of_bukit_duri).post(
        post_url(flooded_street), {"body": "The drain **overflows**."}, follow=True
    )
    comment = Comment.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"?comments=recent#comment-{comment.pk}")
    page = response.content.decode()
    assert "Your comment is posted." in page
    assert f'id="comment-{comment.pk}"' in page and "<strong>overflows</strong>" in page


def test_anyone_reads_the_thread_but_only_members_see_the_forms(
    client, flooded_street, resident_of_bukit_duri, post_comment
):
    post_comment(resident_of_bukit_duri, flooded_street, "Visible to all.")
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "Visible to all." in page
    assert 'id="issue-%d-comment-form"' % flooded_street.pk not in page
    assert "Sign in to take part." in page
    assert 'class="reply-box if-member"' in page  # hidden from anonymous viewers by site.css


def test_anonymous_posts_are_refused_and_the_text_is_kept(client, flooded_street):
    response = client.post(post_url(flooded_street), {"body": "Let me in"})
    assert response.status_code == 403
    assert "Sign in to take part." in response.content.decode() and "Let me in" in response.content.decode()
    assert not Comment.objects.exists()


def test_htmx_answers_with_an_empty_form_and_the_new_comment_to_apply(
    client_of, flooded_street, resident_of_bukit_duri
):
    response = client_of(resident_of_bukit_duri).post(post_url(flooded_street), {"body": "Quick note"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<form class="comment-form" id="issue-{flooded_street.pk}-comment-form"')
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1)
    assert textarea == ""
    assert "<template data-live-apply>" in html and "Quick note" in html


def test_htmx_keeps_the_text_and_shows_the_error_beside_the_field(client_of, flooded_street, resident_of_bukit_duri):
    long_text = "banjir " * 800
    response = client_of(resident_of_bukit_duri).post(post_url(flooded_street), {"body": long_text}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert 'aria-invalid="true"' in html and "at most 5000 characters" in html
    assert long_text.strip() in html
    assert not Comment.objects.exists()


def test_a_plain_form_with_an_empty_comment_comes_back_with_the_error(
    client_of, flooded_street, resident_of_bukit_duri
):
    response = client_of(resident_of_bukit_duri).post(post_url(flooded_street), {"body": "   "})
    assert response.status_code == 400
    assert "Write something before posting." in response.content.decode()


def test_a_locked_thread_shows_why_and_refuses_posts(client_of, locked_street, resident_of_bukit_duri):
    budi = client_of(resident_of_bukit_duri)
    page = budi.get(locked_street.get_absolute_url()).content.decode()
    assert "This discussion is locked: Personal attacks" in page
    assert 'id="issue-%d-comment-form"' % locked_street.pk not in page
    response = budi.post(post_url(locked_street), {"body": "Still here"}, **HTMX)
    assert "This discussion is locked" in response.content.decode() and "Still here" in response.content.decode()
    assert not Comment.objects.exists()


def test_an_unconfirmed_account_is_told_to_confirm_its_e_mail(client_of, flooded_street, unverified_user):
    response = client_of(unverified_user).post(post_url(flooded_street), {"body": "Hello"})
    assert response.status_code == 403
    assert "Confirm your e-mail address" in response.content.decode()


def test_a_double_click_makes_one_comment(client_of, flooded_street, resident_of_bukit_duri):
    budi = client_of(resident_of_bukit_duri)
    form = {"body": "Once", "submission_token": "6f1c1a52-8d7e-4a53-9a55-3e0f8b8c9a10"}
    budi.post(post_url(flooded_street), form)
    budi.post(post_url(flooded_street), form)
    assert Comment.objects.count() == 1


def test_a_sixth_comment_within_a_minute_waits_and_keeps_its_text(
    client_of, flooded_street, resident_of_bukit_duri, rate_limits
):
    budi = client_of(resident_of_bukit_duri)
    with time_machine.travel(timezone.now() + timedelta(days=2)):  # an account older than a day
        for n in range(5):
            assert budi.post(post_url(flooded_street), {"body": f"Point {n}"}).status_code == 302
        response = budi.post(post_url(flooded_street), {"body": "Point six, carefully worded"})
    assert response.status_code == 429
    assert "Please wait" in response.content.decode() and "Point six, carefully worded" in response.content.decode()
    assert Comment.objects.count() == 5


def test_a_new_account_posts_two_comments_a_minute(client_of, flooded_street, resident_of_bukit_duri, rate_limits):
    budi = client_of(resident_of_bukit_duri)
    statuses = [budi.post(post_url(flooded_street), {"body": f"n{n}"}, **HTMX).content.decode() for n in range(3)]
    assert "Please wait" not in statuses[1] and "Please wait" in statuses[2]
    assert Comment.objects.count() == 2


def test_when_the_cache_is_down_comments_still_go_through(
    client_of, flooded_street, resident_of_bukit_duri, rate_limits, monkeypatch
):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "incr", down)
    monkeypatch.setattr(cache, "add", down)
    assert client_of(resident_of_bukit_duri).post(post_url(flooded_street), {"body": "Still works"}).status_code == 302


def test_script_in_a_comment_renders_inert(client_of, flooded_street, resident_of_bukit_duri, client):
    client_of(resident_of_bukit_duri).post(
        post_url(flooded_street),
        {"body": '<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror="alert(3)">'},
    )
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    text = page[page.index('class="comment-text"') :]
    text = text[: text.index("</div>")]
    assert "<script" not in text and "<img" not in text and 'href="javascript' not in text
    assert "&lt;script&gt;" in text


def test_a_reply_through_the_plain_form_appears_under_its_comment(
    client_of, flooded_street, resident_of_bukit_duri, resident_of_manggarai, post_comment
):
    top = post_comment(resident_of_bukit_duri, flooded_street, "Top")
    client_of(resident_of_manggarai).post(post_url(flooded_street), {"body": "Under it", "parent": top.pk})
    reply = Comment.objects.get(parent=top)
    page = client_of(resident_of_manggarai).get(flooded_street.get_absolute_url()).content.decode()
    replies = page[page.index(f'id="comment-{top.pk}-replies"') :]
    assert replies.index(f'id="comment-{reply.pk}"') < replies.index("</ol>")


def test_the_reply_page_quotes_a_comment_for_browsers_without_javascript(
    client_of, flooded_street, resident_of_bukit_duri, resident_of_manggarai, post_comment
):
    top = post_comment(resident_of_bukit_duri, flooded_street, "The pump broke\non Tuesday.")
    page = client_of(resident_of_manggarai).get(f"/comments/{top.pk}/reply/?quote={top.pk}").content.decode()
    assert "&gt; **Budi**:\n&gt; The pump broke\n&gt; on Tuesday." in page
    assert f'name="quoted" value="{top.pk}"' in page and f'name="parent" value="{top.pk}"' in page


def test_the_author_edits_in_place_with_htmx(client_of, flooded_street, resident_of_bukit_duri, post_comment):
    comment = post_comment(resident_of_bukit_duri, flooded_street, "Typo hree")
    budi = client_of(resident_of_bukit_duri)
    form = budi.get(f"/comments/{comment.pk}/edit/", **HTMX).content.decode()
    assert f'id="comment-{comment.pk}-edit-form"' in form and "Typo hree" in form
    answer = budi.post(f"/comments/{comment.pk}/edit/", {"body": "Typo here"}, **HTMX).content.decode()
    assert answer.lstrip().startswith("<template data-live-apply>")
    assert f'id="comment-{comment.pk}-body" data-live-swap="replace"' in answer and "Typo here" in answer
    page = budi.get(flooded_street.get_absolute_url()).content.decode()
    assert "Typo here" in page and f'href="/comments/{comment.pk}/history/"' in page


def test_after_the_window_the_edit_form_says_why_and_offers_retraction(
    client_of, flooded_street, resident_of_bukit_duri, post_comment
):
    comment = post_comment(resident_of_bukit_duri, flooded_street, "Old words")
    budi = client_of(resident_of_bukit_duri)
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        response = budi.post(f"/comments/{comment.pk}/edit/", {"body": "New words"})
        page = budi.get(flooded_street.get_absolute_url()).content.decode()
    assert response.status_code == 403
    assert "you can still retract this one" in response.content.decode() and "New words" in response.content.decode()
    assert f'href="/comments/{comment.pk}/edit/"' not in page  # the edit link is gone with the window


def test_retracting_without_javascript_asks_first_then_shows_the_notice_to_everyone(
    client_of, client, flooded_street, resident_of_bukit_duri, post_comment
):
    comment = post_comment(resident_of_bukit_duri, flooded_street, "Regrettable words")
    budi = client_of(resident_of_bukit_duri)
    assert "cannot be undone" in budi.get(f"/comments/{comment.pk}/retract/").content.decode()
    assert budi.post(f"/comments/{comment.pk}/retract/").status_code == 302
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "Retracted by the author." in page and "Regrettable words" not in page
    comment.refresh_from_db()
    assert comment.body == "Regrettable words"


def test_someone_else_cannot_retract(
    client_of, flooded_street, resident_of_bukit_duri, resident_of_manggarai, post_comment
):
    comment = post_comment(resident_of_bukit_duri, flooded_street)
    response = client_of(resident_of_manggarai).post(f"/comments/{comment.pk}/retract/")
    assert response.status_code == 403 and "Only the author" in response.content.decode()
    comment.refresh_from_db()
    assert comment.retracted_at is None


def test_anyone_reads_the_history_of_an_edited_comment_until_it_is_retracted(
    client, flooded_street, resident_of_bukit_duri, post_comment
):
    comment = post_comment(resident_of_bukit_duri, flooded_street, "First version")
    actions.edit_comment(actor=resident_of_bukit_duri, comment=comment, body="Second version")
    page = client.get(f"/comments/{comment.pk}/history/").content.decode()
    assert "First version" in page and "Second version" in page
    assert "First version" in client.get(f"/comments/{comment.pk}/history/", **HTMX).content.decode()
    actions.retract_comment(actor=resident_of_bukit_duri, comment=comment)
    page = client.get(f"/comments/{comment.pk}/history/").content.decode()
    assert "First version" not in page and "Second version" not in page
    assert "kept for moderation only" in page


def test_an_official_comment_is_marked(client, flooded_street, official_of_water_agency, post_comment):
    post_comment(official_of_water_agency, flooded_street, "Crew on Monday.")
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "Official comment" in page and "Official · Dinas SDA" in page


def test_author_controls_are_keyed_on_the_author_not_rendered_per_viewer(
    client_of, client, flooded_street, resident_of_bukit_duri, post_comment
):
    comment = post_comment(resident_of_bukit_duri, flooded_street)
    anonymous_page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert f'data-author="{resident_of_bukit_duri.pk}"' in anonymous_page
    assert 'class="if-author" href="/comments/%d/edit/"' % comment.pk in anonymous_page  # hidden by CSS
    own_page = client_of(resident_of_bukit_duri).get(flooded_street.get_absolute_url()).content.decode()
    assert f'[data-author="{resident_of_bukit_duri.pk}"] .if-author' in own_page  # revealed for Budi only


def test_a_reply_permalink_leads_to_its_comment_with_every_reply(
    client, flooded_street, resident_of_bukit_duri, post_comment, settings
):
    settings.COMMENT_REPLIES_SHOWN = 2
    top = post_comment(resident_of_bukit_duri, flooded_street, "Top")
    replies = [post_comment(resident_of_bukit_duri, flooded_street, f"reply {n}", parent=top) for n in range(4)]
    issue_page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "reply 3" in issue_page and "reply 0" not in issue_page and "Show 2 earlier replies" in issue_page
    response = client.get(f"/comments/{replies[0].pk}/")
    assert response.status_code == 302 and response["Location"] == f"/comments/{top.pk}/#comment-{replies[0].pk}"
    permalink = client.get(f"/comments/{top.pk}/").content.decode()
    assert all(f"reply {n}" in permalink for n in range(4))
    assert permalink.index("reply 0") < permalink.index("reply 3")


# --- Refusals are pages that say why, never errors -------------------------------------------


def test_someone_else_opening_the_edit_page_reads_why_not_and_nothing_of_the_comment(
    client_of, flooded_street, resident_of_bukit_duri, resident_of_manggarai, moderator_of_tebet, post_comment
):
    from moderation import actions as moderation_actions

    comment = post_comment(resident_of_bukit_duri, flooded_street, "Pak Darto at no. 12 did it")
    moderation_actions.hide_item(actor=moderator_of_tebet, item=comment, reason="abuse")
    siti = client_of(resident_of_manggarai)
    response = siti.get(f"/comments/{comment.pk}/edit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only the author can edit a comment." in html and "Pak Darto" not in html
    assert f'href="/comments/{comment.pk}/#comment-{comment.pk}"' in html  # a way back
    over_htmx = siti.get(f"/comments/{comment.pk}/edit/", **HTMX).content.decode()
    assert "Only the author can edit a comment." in over_htmx and "Pak Darto" not in over_htmx


def test_after_the_window_the_edit_page_says_why(client_of, flooded_street, resident_of_bukit_duri, post_comment):
    comment = post_comment(resident_of_bukit_duri, flooded_street, "Old words")
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        response = client_of(resident_of_bukit_duri).get(f"/comments/{comment.pk}/edit/")
    assert response.status_code == 403 and "you can still retract this one" in response.content.decode()


def test_a_retracted_comment_cannot_be_edited_and_the_page_says_so(
    client_of, flooded_street, resident_of_bukit_duri, post_comment
):
    comment = post_comment(resident_of_bukit_duri, flooded_street, "Old words")
    actions.retract_comment(actor=resident_of_bukit_duri, comment=comment)
    response = client_of(resident_of_bukit_duri).get(f"/comments/{comment.pk}/edit/")
    assert response.status_code == 403 and "it can no longer be edited" in response.content.decode()
    assert "Old words" not in response.content.decode()


def test_a_hidden_comment_is_never_quoted_into_a_reply(
    client_of, flooded_street, resident_of_bukit_duri, resident_of_manggarai, moderator_of_tebet, post_comment
):
    from moderation import actions as moderation_actions

    top = post_comment(resident_of_manggarai, flooded_street, "Still flooded.")
    rude = post_comment(resident_of_bukit_duri, flooded_street, "Pak Darto at no. 12 did it", parent=top)
    moderation_actions.hide_item(actor=moderator_of_tebet, item=rude, reason="abuse")
    response = client_of(resident_of_manggarai).get(f"/comments/{top.pk}/reply/?quote={rude.pk}")
    assert response.status_code == 200 and "Pak Darto" not in response.content.decode()


def test_the_sibling_pages_take_garbage_and_strangers(
    client, client_of, flooded_street, resident_of_bukit_duri, resident_of_manggarai, post_comment
):
    comment = post_comment(resident_of_bukit_duri, flooded_street, "Words")
    siti = client_of(resident_of_manggarai)
    assert siti.get(f"/comments/{comment.pk}/retract/").status_code == 200  # asks, then says why not
    assert "Only the author can retract" in siti.get(f"/comments/{comment.pk}/retract/").content.decode()
    for path in (
        f"/comments/{comment.pk}/reply/?quote=abc",
        f"/comments/{comment.pk}/reply/?quote=-1",
        f"/comments/{comment.pk}/history/",
        f"/comments/{comment.pk}/?page=x",
    ):
        assert client.get(path).status_code == 200 and siti.get(path).status_code == 200
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 302  # sign in first
