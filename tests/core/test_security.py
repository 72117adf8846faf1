"""A strict Content Security Policy whose nonce really matches the page's scripts and styles."""

import re


def test_scripts_and_styles_carry_the_policy_nonce(client_of, resident_of_manggarai):
    response = client_of(resident_of_manggarai).get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    page = response.content.decode()
    assert "script-src 'self' 'nonce-" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert f'<style nonce="{nonce}">' in page  # the viewer-controls rule
    for tag in re.findall(r"<script[^>]*>", page):
        assert f'nonce="{nonce}"' in tag or 'src="/static/' in tag, tag


def test_pages_may_not_be_framed(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
