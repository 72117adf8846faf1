"""Texts are rendered once, when written; pages show what was stored and render nothing."""

from unittest import mock

from django.core.management import call_command

from comments import actions
from comments.models import Comment
from core import markdown
from issues.models import Issue


def test_a_page_view_renders_no_markdown(flooded_street, resident_of_manggarai, client):
    for n in range(3):
        actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body=f"**Bold {n}** point")
    with mock.patch.object(markdown._md, "render", side_effect=AssertionError("rendered on a page view")):
        page = client.get(flooded_street.get_absolute_url())
    assert page.status_code == 200
    assert page.content.decode().count("<strong>Bold") == 3
    assert "Water stands for days after rain." in page.content.decode()


def test_an_edit_stores_the_new_html(flooded_street, resident_of_manggarai):
    comment = actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="_first_")
    actions.edit_comment(actor=resident_of_manggarai, comment=comment, body="**second**")
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.body_html == "<p><strong>second</strong></p>\n"
    assert stored.body_html_version == markdown.RENDERER_VERSION


def test_texts_of_an_older_renderer_are_rendered_afresh_until_rerender_texts_stores_them(
    flooded_street, resident_of_manggarai
):
    comment = actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="**new**")
    Comment.objects.filter(pk=comment.pk).update(
        body_html="<p>old output</p>", body_html_version=markdown.RENDERER_VERSION - 1
    )
    Issue.objects.filter(pk=flooded_street.pk).update(description_html="", description_html_version=0)
    assert str(Comment.objects.get(pk=comment.pk).rendered_body) == "<p><strong>new</strong></p>\n"
    call_command("rerender_texts", stdout=mock.Mock())
    assert Comment.objects.get(pk=comment.pk).body_html == "<p><strong>new</strong></p>\n"
    assert Issue.objects.get(pk=flooded_street.pk).description_html == "<p>Water stands for days after rain.</p>\n"


def test_rerender_texts_keeps_mention_links(flooded_street, resident_of_manggarai, resident_of_bukit_duri):
    comment = actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Thanks @Budi!")
    link = f'href="/people/{resident_of_bukit_duri.pk}/"'
    assert link in Comment.objects.get(pk=comment.pk).body_html
    Comment.objects.filter(pk=comment.pk).update(body_html_version=markdown.RENDERER_VERSION - 1)
    call_command("rerender_texts", stdout=mock.Mock())
    assert link in Comment.objects.get(pk=comment.pk).body_html
