"""The reply box under each comment holds its form only once opened: the page carries one
comment form, not one per comment; without JavaScript the box links to the reply page."""


def test_the_page_carries_no_reply_form_until_a_box_is_opened(
    client_of, flooded_street, resident_of_bukit_duri, post_comment
):
    tops = [post_comment(resident_of_bukit_duri, flooded_street, f"Comment {n}") for n in range(3)]
    page = client_of(resident_of_bukit_duri).get(flooded_street.get_absolute_url()).content.decode()
    assert page.count('<form class="comment-form"') == 1  # the new-comment form
    for top in tops:
        box = page[page.index(f'id="comment-{top.pk}-reply"') :]
        box = box[: box.index("</details>")]
        assert f'hx-get="/comments/{top.pk}/reply/"' in box and f'<a href="/comments/{top.pk}/reply/">' in box


def test_opening_a_box_brings_the_reply_form(client_of, flooded_street, resident_of_bukit_duri, post_comment):
    top = post_comment(resident_of_bukit_duri, flooded_street, "Who has a pump?")
    form = client_of(resident_of_bukit_duri).get(f"/comments/{top.pk}/reply/", HTTP_HX_REQUEST="true")
    html = form.content.decode()
    assert form.status_code == 200 and f'id="comment-{top.pk}-reply-form"' in html
    assert f'name="parent" value="{top.pk}"' in html and 'name="submission_token"' in html
    assert "<html" not in html  # the form alone, for the box


def test_a_box_opened_where_one_may_not_reply_says_why(client, flooded_street, resident_of_bukit_duri, post_comment):
    top = post_comment(resident_of_bukit_duri, flooded_street, "Who has a pump?")
    html = client.get(f"/comments/{top.pk}/reply/", HTTP_HX_REQUEST="true").content.decode()
    assert "Sign in to take part." in html and "<form" not in html
