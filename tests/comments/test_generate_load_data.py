"""generate_load_data: many realistic issues quickly, with counts that agree with the rows."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from accounts.models import Area
from comments.models import Comment
from issues.models import Follow, Issue, TimelineEntry


def test_it_fills_the_demo_areas_with_issues_comments_and_their_records(db, capsys):
    call_command("generate_load_data", "--issues", "300", "--comments", "900", "--users", "40", "--force")

    assert Issue.objects.count() == 300
    assert Area.objects.filter(slug="manggarai-rw-04").exists()  # the demo tree was made first
    assert Issue.objects.values("area").distinct().count() >= 8
    assert Comment.objects.count() == 900
    mismatched = Issue.objects.annotate(n=Count("comments")).exclude(comment_count=F("n"))
    assert not mismatched.exists()
    assert TimelineEntry.objects.filter(kind="opened").count() == 300
    assert Follow.objects.count() == 300
    oldest, newest = Issue.objects.order_by("created_at").first(), Issue.objects.order_by("created_at").last()
    assert (newest.created_at - oldest.created_at).days > 300  # spread over time, not all "now"
    titles = " ".join(Issue.objects.values_list("title", flat=True))
    assert (
        "Jalan" in titles
        and any(w in titles for w in ("Banjir", "Sampah", "Lampu"))
        and any(w in titles for w in ("Blocked", "Rubbish", "Streetlights", "Potholes"))
    )
    assert "Made 40 users, 300 issues, 900 comments" in capsys.readouterr().out


def test_it_adds_to_what_is_there(db):
    call_command("generate_load_data", "--issues", "20", "--comments", "0", "--force")
    call_command("generate_load_data", "--issues", "30", "--comments", "5", "--force")
    assert Issue.objects.count() == 50


def test_it_refuses_a_production_database_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_load_data", "--issues", "1")
    assert not Issue.objects.exists()
