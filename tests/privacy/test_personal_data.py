"""A signed-in person downloads everything the site holds about them, after re-authenticating."""

import json

import pytest
from django.conf import settings

from tests.privacy.conftest import reauthenticated
from tests.conftest import make_user


def download(client) -> dict:
    response = client.post("/profile/export/")
    assert response.status_code == 200, response
    assert response["Content-Disposition"].startswith('attachment; filename="balai-warga-')
    assert response["Cache-Control"] == "no-store"
    return json.loads(b"".join(response.streaming_content))


def test_the_export_holds_the_persons_things_and_nobody_elses(siti_took_part, client_of):
    data = download(reauthenticated(client_of(siti_took_part)))
    text = json.dumps(data, ensure_ascii=False)
    assert data["account"]["email"] == siti_took_part.email
    assert [e["email"] for e in data["account"]["email_addresses"]] == [siti_took_part.email]
    assert data["profile"]["display_name"] == "Siti" and data["profile"]["residency"] == "verified"
    assert data["residency_requests"][0]["street"] == "Jl. Melati No. 12"
    [issue] = data["issues"]
    assert (
        issue["title"] == "Banjir di Jalan Melati (lagi)" and issue["revisions"][0]["title"] == "Banjir di Jalan Melati"
    )
    bodies = [c["body"] for c in data["comments"]]
    assert bodies == ["My first words, corrected.", "My angry words."]
    assert data["comments"][0]["revisions"][0]["body"] == "My first words."
    assert data["votes"]["issue_support"][0]["issue"] == issue["id"]
    assert data["votes"]["round_ballots"][0]["points"] == {str(issue["id"]): 4}
    assert data["votes"]["verdicts"][0]["answers"] is False
    assert data["moderation"]["reports_filed"][0]["note"] == "My report."
    assert data["moderation"]["appeals"][0]["text"] == "My appeal."
    assert [a["kind"] for a in data["moderation"]["acts_about_you"]] == ["hide", "appeal"]
    assert {n["kind"] for n in data["notifications"]["received"]} >= {"verification", "hidden"}
    # Nobody else's words, names or addresses.
    assert "Budi" not in text and "Lampu jalan" not in text
    assert "Agus" not in text and "Rina" not in text


def test_the_export_costs_the_same_queries_however_much_was_written(
    siti_took_part, client_of, flooded_street, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments import actions as comment_actions

    client = reauthenticated(client_of(siti_took_part))
    with CaptureQueriesContext(connection) as before:
        download(client)
    for n in range(5):
        comment = comment_actions.post_comment(actor=siti_took_part, issue=flooded_street, body=f"More words {n}.")
        comment_actions.edit_comment(actor=siti_took_part, comment=comment, body=f"More words {n}, edited.")
    with django_assert_max_num_queries(len(before.captured_queries)):
        data = download(client)
    assert len(data["comments"]) == 7
    assert len(before.captured_queries) <= 30  # the export itself is 21; the rest is the session and the user


def test_without_a_fresh_reauthentication_the_export_asks_for_the_password(resident_of_manggarai, client_of):
    response = client_of(resident_of_manggarai).post("/profile/export/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Fprofile%2Fexport%2F"


def test_after_entering_the_password_the_download_follows(resident_of_manggarai, client_of):
    client = client_of(resident_of_manggarai)
    client.post("/profile/export/")
    response = client.post(
        "/accounts/reauthenticate/?next=%2Fprofile%2Fexport%2F", {"password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content))["account"]["email"] == resident_of_manggarai.email


def test_there_is_no_link_to_fetch_the_export(resident_of_manggarai, client_of):
    client = reauthenticated(client_of(resident_of_manggarai))
    assert client.get("/profile/export/").status_code == 405


def test_signed_out_nobody_exports(client):
    response = client.post("/profile/export/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/profile/"])
def test_the_profile_offers_the_download_and_the_deletion(path, resident_of_manggarai, client_of):
    page = client_of(resident_of_manggarai).get(path).content.decode()
    assert 'action="/profile/export/"' in page and 'href="/profile/delete/"' in page


def test_another_persons_export_is_theirs(siti_took_part, client_of):
    other = make_user(name="Joko")
    data = download(reauthenticated(client_of(other)))
    assert data["issues"] == [] and data["comments"] == [] and "Siti" not in json.dumps(data)
