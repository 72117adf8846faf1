"""A rule that depends on the issue's state is checked again under the issue's row lock:
a lock (or a hide) that commits wins over every comment still on its way. PostgreSQL only."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from comments import actions
from issues.models import Issue, LiveEvent
from moderation import actions as moderation
from tests.conftest import make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serializes every writer and ignores row locks, so it cannot show a race; "
        "these run in CI's PostgreSQL pass (DATABASE_URL=postgres://…)",
    ),
]


def test_no_comment_is_accepted_after_a_lock_commits(flooded_street, moderator_of_tebet, areas):
    writers = [make_user(name=f"Warga {i}", home=areas["manggarai-rw-04"]) for i in range(20)]
    start = threading.Barrier(len(writers) + 1)
    refused, errors = [], []

    def write(user):
        user = get_user_model().objects.select_related("profile").get(pk=user.pk)
        try:
            start.wait(timeout=30)
            for n in range(3):
                actions.post_comment(actor=user, issue=Issue.objects.get(pk=flooded_street.pk), body=f"Comment {n}")
        except PermissionDenied:
            refused.append(user.pk)
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    def lock():
        try:
            start.wait(timeout=30)
            moderation.lock_thread(
                actor=moderator_of_tebet, issue=Issue.objects.get(pk=flooded_street.pk), note="Cooling off"
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(w,)) for w in writers] + [threading.Thread(target=lock)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    lock_seq = LiveEvent.objects.get(issue=flooded_street, kind="moderation.lock").seq
    late = LiveEvent.objects.filter(issue=flooded_street, kind="comment.posted", seq__gt=lock_seq).count()
    assert late == 0
    issue = Issue.objects.get(pk=flooded_street.pk)
    assert issue.comment_count == LiveEvent.objects.filter(issue=flooded_street, kind="comment.posted").count()
