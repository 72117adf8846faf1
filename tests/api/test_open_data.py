"""The open-data dump: every public table, a dictionary, the licence, checksums, and not one
private value of the demo data."""

from __future__ import annotations

import hashlib
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command

from api import actions as api_actions
from api.models import Open311Request
from comments import actions as comment_actions
from comments.models import Comment
from issues.models import Issue
from moderation import actions as moderation_actions
from moderation.models import Report
from residency import actions as residency_actions
from residency.models import ResidencyRequest
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dump_folder(settings, tmp_path):
    settings.OPEN_DATA_ROOT = str(tmp_path / "open-data")
    return tmp_path / "open-data" / "current"


@pytest.fixture
def demo_with_secrets(settings, db):
    """The demo data, plus one of every private thing a resident or a client can leave with us."""
    from accounts.models import Area

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    User = get_user_model()
    siti = User.objects.get(email="warga@demo.balaiwarga.id")
    budi = User.objects.get(email="warga2@demo.balaiwarga.id")
    agus = User.objects.get(email="moderator@demo.balaiwarga.id")
    issue = Issue.objects.filter(hidden=False).order_by("pk").first()
    newcomer = make_user(name="Dewi", home=Area.objects.get(slug="kebon-baru-rw-07"), email="dewi.private@example.org")
    residency_actions.request_verification(
        actor=newcomer,
        rt="11",
        rw="3",
        street="Jl. Kampung Melayu Kecil 4 No. 17",
        note="Behind the green mosque, ask for Pak Darto",
    )
    hidden = comment_actions.post_comment(
        actor=budi, issue=issue, body="Pak RT's number is 0813-7777-4242, his house is Gang Haji Sarmili"
    )
    moderation_actions.hide_item(actor=agus, item=hidden, reason="personal_data", note="a phone number")
    retracted = comment_actions.post_comment(actor=siti, issue=issue, body="I take back what I said about the lurah")
    comment_actions.retract_comment(actor=siti, comment=retracted)
    reported = comment_actions.post_comment(actor=siti, issue=issue, body="The lurah never comes to RW meetings")
    moderation_actions.report_item(
        actor=budi, item=reported, reason="other", note="Reporter's private remark to moderators"
    )
    hidden_issue = Issue.objects.filter(hidden=False).exclude(pk=issue.pk).order_by("pk").first()
    moderation_actions.hide_item(actor=agus, item=hidden_issue, reason="abuse", note="insults")
    client, key = api_actions.issue_client(
        name="Qlue", contact="ops-secret@qlue.example", area=Area.objects.get(slug="manggarai")
    )
    api_actions.submit_request(
        client=client, category="waste", title="Rubbish pile", description="Rubbish pile by the bridge",
        address="Jl. Manggarai Utara", reporter=api_actions.Reporter(
            email="reporter.private@example.org", first_name="Ani", last_name="Kusumawardhani", phone="0812-9999-3131",
            device_id="device-abc-123", account_id="qlue-account-778"),
    )  # fmt: skip
    return {"hidden_issue": hidden_issue, "key": key}


def private_values(extra) -> set[str]:
    """Every value that must never leave: e-mail addresses, residency details, reports, hidden
    and retracted text, Open311 reporters and keys, password hashes."""
    User = get_user_model()
    values = set(User.objects.values_list("email", flat=True)) | set(User.objects.values_list("username", flat=True))
    values |= set(User.objects.values_list("password", flat=True))
    values |= set(EmailAddress.objects.values_list("email", flat=True))
    for request in ResidencyRequest.objects.all():
        values |= {request.street, request.note, request.address_key}
    values |= set(Report.objects.values_list("note", flat=True))
    for comment in Comment.objects.filter(hidden=True) | Comment.objects.filter(retracted_at__isnull=False):
        values.add(comment.body)
    hidden = extra["hidden_issue"]
    values |= {hidden.title, hidden.description, hidden.address}
    for row in Open311Request.objects.values("email", "last_name", "phone", "device_id", "account_id"):
        values |= set(row.values())
    from api.demo import DEMO_KEY

    values |= {extra["key"], DEMO_KEY, "ops-secret@qlue.example"}
    return {v for v in values if v and len(v) >= 6}


def test_the_dump_holds_no_private_value_of_the_demo_data(demo_with_secrets, dump_folder):
    call_command("export_open_data", verbosity=0)
    secrets = private_values(demo_with_secrets)
    assert len(secrets) > 15  # the scan looks for something
    for path in dump_folder.iterdir():
        text = path.read_text(encoding="utf-8")
        for secret in secrets:
            assert secret not in text, f"{secret!r} in {path.name}"
            assert json.dumps(secret)[1:-1] not in text, f"{secret!r} (escaped) in {path.name}"


def test_no_table_says_who_voted(demo_with_secrets, dump_folder):
    call_command("export_open_data", verbosity=0)
    dictionary = json.loads((dump_folder / "data-dictionary.json").read_text())
    columns = {c for table in dictionary["tables"] for c in table["columns"]}
    assert not columns & {"user", "voter", "voters_list", "email", "reporter", "ballot"}
    assert "votes" not in {t["name"] for t in dictionary["tables"]}


def test_the_dump_has_every_public_table_a_dictionary_a_licence_and_checksums(demo_with_secrets, dump_folder):
    call_command("export_open_data", verbosity=0)
    dictionary = json.loads((dump_folder / "data-dictionary.json").read_text())
    names = {t["name"] for t in dictionary["tables"]}
    assert {"issues", "comments", "timeline", "responses", "response_versions", "commitments", "areas",
            "agencies", "rounds", "round_results", "moderation_log"} <= names  # fmt: skip
    assert dictionary["licence"] == "CC BY 4.0"
    assert "CC BY 4.0" in (dump_folder / "LICENCE.txt").read_text()
    issues = json.loads((dump_folder / "issues.json").read_text())
    assert len(issues) == dictionary["tables"][2]["rows"] == Issue.objects.count()
    hidden = next(i for i in issues if i["id"] == demo_with_secrets["hidden_issue"].pk)
    assert hidden["title"] is None and hidden["hidden"] is True
    for line in (dump_folder / "SHA256SUMS").read_text().splitlines():
        checksum, name = line.split("  ")
        assert hashlib.sha256((dump_folder / name).read_bytes()).hexdigest() == checksum


def test_open_data_lists_and_serves_the_current_files(client, demo_with_secrets, dump_folder):
    assert "has not been written yet" in client.get("/open-data/").content.decode()
    call_command("export_open_data", verbosity=0)
    page = client.get("/open-data/").content.decode()
    assert "issues.csv" in page and "CC BY 4.0" in page
    download = client.get("/open-data/issues.csv")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"id,title,description")
    assert client.get("/open-data/..%2Fsecret").status_code == 404
    assert client.get("/open-data/nothing.csv").status_code == 404


def test_running_it_again_replaces_the_dump_whole(demo_with_secrets, dump_folder):
    call_command("export_open_data", verbosity=0)
    Issue.objects.filter(pk=demo_with_secrets["hidden_issue"].pk).update(support_count=99)
    call_command("export_open_data", verbosity=0)
    issues = json.loads((dump_folder / "issues.json").read_text())
    assert next(i for i in issues if i["id"] == demo_with_secrets["hidden_issue"].pk)["support_count"] == 99
    assert sorted(p.name for p in dump_folder.parent.iterdir()) == ["current"]
