"""Whatever is typed into an address bar, a list page answers: garbage in a query string is
ignored or shown back, never a server error (on SQLite and on PostgreSQL, where a NUL byte in
any string parameter is refused by the driver)."""

from urllib.parse import quote

import pytest

from comments import actions as comment_actions
from issues import queries as issue_queries
from issues.queries import IssueFilters
from moderation import actions as moderation_actions

HOSTILE = [
    "!!!",
    "?",
    "-",
    "🙂",
    "\x00",
    "a\x00b",
    "banjir\x00",
    "'",
    '"',
    "&",
    "|",
    "!",
    "(",
    ")",
    ":*",
    "a & | ! b",
    " ",
    "%",
    "\\",
    "-banjir",
    '"unclosed',
    "or",
    "\u202e",
    "١",
    "abc",
    "-1",
    "0",
    "1e5",
    "99999999999999999999999",
    "x" * 3000,
    "<script>alert(1)</script>",
]


def _url(path, **params):
    return path + "?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())


@pytest.fixture
def scene(flooded_street, resident_of_manggarai, resident_of_bukit_duri, moderator_of_tebet, areas):
    comment = comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="Banjir lagi.")
    comment_actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Ya.", parent=comment)
    moderation_actions.lock_thread(actor=moderator_of_tebet, issue=flooded_street, note="Cooling off")
    return {"issue": flooded_street, "comment": comment}


def _pages(scene):
    issue, comment = scene["issue"], scene["comment"]
    return [
        ("/issues/", ["q", "area", "category", "status", "sort", "page"]),
        ("/areas/manggarai/", ["sort", "page"]),
        ("/areas/", ["area"]),
        (issue.get_absolute_url(), ["comments", "comments_page"]),
        (f"/comments/{comment.pk}/", ["page"]),
        (f"/comments/{comment.pk}/reply/", ["quote"]),
        ("/issues/similar/", ["title", "area"]),
        ("/moderation/log/", ["area", "moderator", "kind", "page"]),
        ("/accountability/", ["page", "area"]),
    ]


def test_no_hostile_query_string_breaks_a_page(scene, client):
    failures = []
    for path, params in _pages(scene):
        for param in params:
            for value in HOSTILE:
                # The results-only (htmx) answer of the lists goes through the same filters.
                variants = [{}] + (
                    [{"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "issue-results"}]
                    if path in ("/issues/", "/areas/manggarai/")
                    else []
                )
                for headers in variants:
                    url = _url(path, **{param: value})
                    status = client.get(url, **headers).status_code
                    if status >= 500:
                        failures.append((url[:120], status))
    assert failures == []


def test_garbage_everywhere_at_once_still_answers(scene, client):
    for value in ("\x00", "!!!", "🙂", "-1"):
        params = dict.fromkeys(["q", "area", "category", "status", "sort", "page", "comments", "comments_page"], value)
        assert client.get(_url("/issues/", **params)).status_code == 200
        assert client.get(_url(scene["issue"].get_absolute_url(), **params)).status_code == 200


def test_a_moderators_own_pages_take_garbage_too(scene, moderator_of_tebet, client_of):
    client = client_of(moderator_of_tebet)
    for value in HOSTILE:
        for path in ("/moderation/queue/", "/issues/following/"):
            assert client.get(_url(path, page=value)).status_code < 500, (path, value)


@pytest.mark.parametrize("q", ["!!!", "?", "-", "🙂", "\u202e", "- ! ?"])
def test_a_query_without_words_finds_nothing_and_is_a_page(q, scene, client):
    assert issue_queries.issue_list(IssueFilters(q=q), None).issues == []
    response = client.get(_url("/issues/", q=q))
    assert response.status_code == 200 and "Drainage blocked" not in response.content.decode()


def test_a_nul_byte_inside_words_is_ignored(scene, client):
    response = client.get(_url("/issues/", q="Drain\x00age"))
    assert response.status_code == 200 and "Drainage blocked" in response.content.decode()


def test_a_query_of_only_nul_bytes_or_spaces_is_no_query(scene, client):
    for q in ("\x00", "  ", "\x00 \x00"):
        response = client.get(_url("/issues/", q=q))
        assert response.status_code == 200 and "Drainage blocked" in response.content.decode()
