"""A visitor reads "Sign in to take part" once on an issue page, beside the discussion (issue 13, item 7)."""


def test_a_visitor_is_asked_to_sign_in_once(client, flooded_street):
    html = client.get(flooded_street.get_absolute_url()).content.decode()
    assert html.count("Sign in to take part.") == 1
    assert "Sign in to support" in html and "Sign in to follow" in html
