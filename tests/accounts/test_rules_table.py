"""All the permission rules can still be audited in one place, though each lives beside its app."""

from io import StringIO

from django.core.management import call_command


def test_the_rules_command_prints_every_app_s_rules_with_what_they_allow(db):
    out = StringIO()
    call_command("rules", stdout=out)
    lines = out.getvalue().splitlines()
    by_name = {line.split()[0]: line.split()[1] for line in lines[:-1]}
    assert by_name["take_part"] == "accounts"
    assert by_name["post_comment"] == "comments"
    assert by_name["support_issue"] == "votes"
    assert by_name["decide_verification"] == "residency"
    assert by_name["respond_issue"] == "responses"
    assert by_name["hide_item"] == "moderation"
    assert by_name["open_issue"] == "issues"
    assert any("Moderators and officials of the requested area decide" in line for line in lines)
    assert "grant_roles" not in by_name and "view_accountability" not in by_name  # dead rules are gone
    assert lines[-1] == f"{len(lines) - 1} rules."
