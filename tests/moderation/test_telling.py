"""The person acted on is told: a hide of what they wrote, a suspension, their appeal's outcome.

In the site and by e-mail, in their language, with the public reason and the link to appeal
(or to the outcome); never with the hidden text itself.
"""

import pytest

from moderation import actions
from notifications.models import Notification

SECRET = "Pak RT at Jl. Melati 12 never answers his phone."  # the text of comment_by_siti


@pytest.fixture
def told(mailoutbox, django_capture_on_commit_callbacks):
    """``with told():`` runs the act and its after-commit e-mails."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _everything_sent(user, mailoutbox) -> str:
    rows = Notification.objects.filter(recipient=user)
    return " ".join([str(n.context) + n.url for n in rows] + [m.subject + m.body for m in mailoutbox])


def test_the_author_hears_their_comment_was_hidden_with_the_public_reason_and_the_appeal_link(
    comment_by_siti, resident_of_manggarai, moderator_of_tebet, mailoutbox, told, client_of, settings
):
    settings.SITE_URL = "https://warga.example.go.id"
    with told():
        hide = actions.hide_item(
            actor=moderator_of_tebet, item=comment_by_siti, reason="personal_data", note="a neighbour's home address"
        )
    note = Notification.objects.get(recipient=resident_of_manggarai, kind="hidden")
    assert note.url == f"/moderation/acts/{hide.pk}/appeal/"
    mail = mailoutbox[-1]
    assert mail.to == [resident_of_manggarai.email]
    assert "was hidden by a moderator: Personal data — “a neighbour's home address”" in mail.subject
    assert f"https://warga.example.go.id/moderation/acts/{hide.pk}/appeal/" in mail.body
    assert "appeal" in mail.body
    # The hidden words travel nowhere: not in the stored notification, not in the e-mail.
    assert "Melati" not in _everything_sent(resident_of_manggarai, mailoutbox)
    page = client_of(resident_of_manggarai).get("/notifications/").content.decode()
    assert "Your comment on issue #" in page and "Personal data" in page and "Melati" not in page


def test_an_automatic_hide_is_told_too_without_the_text(
    comment_by_siti, resident_of_manggarai, neighbours, mailoutbox, told, settings
):
    settings.MODERATION_REPORT_THRESHOLD = 2
    first, second = neighbours(2)
    actions.report_item(actor=first, item=comment_by_siti, reason="personal_data")
    with told():
        actions.report_item(actor=second, item=comment_by_siti, reason="personal_data")
    note = Notification.objects.get(recipient=resident_of_manggarai, kind="hidden")
    assert note.context["automatic"] is True
    assert "until a moderator reviews it" in mailoutbox[-1].subject
    assert "Melati" not in _everything_sent(resident_of_manggarai, mailoutbox)


def test_a_hidden_issue_is_told_in_the_authors_language(
    flooded_street, resident_of_manggarai, moderator_of_tebet, mailoutbox, told
):
    resident_of_manggarai.profile.language = "id"
    resident_of_manggarai.profile.save(update_fields=["language"])
    with told():
        actions.hide_item(actor=moderator_of_tebet, item=flooded_street, reason="spam")
    mail = mailoutbox[-1]
    assert mail.extra_headers["Content-Language"] == "id"
    assert "Spam" in mail.subject
    assert "Drainage blocked" not in mail.subject + mail.body  # not even the title of what was hidden
    assert f"#{flooded_street.pk}" in mail.subject


def test_a_suspended_person_is_told_until_when_why_and_where_to_appeal(
    flooded_street, resident_of_manggarai, moderator_of_tebet, mailoutbox, told
):
    with told():
        suspension = actions.suspend_user(
            actor=moderator_of_tebet,
            user=resident_of_manggarai,
            days=3,
            reason="abuse",
            note="insults in three threads",
            item=flooded_street,
        )
    note = Notification.objects.get(recipient=resident_of_manggarai, kind="suspended")
    assert note.url == f"/moderation/acts/{suspension.action_id}/appeal/"
    mail = mailoutbox[-1]
    assert "Your account is suspended until" in mail.subject
    assert "Abuse or harassment — “insults in three threads”" in mail.subject
    assert f"/moderation/acts/{suspension.action_id}/appeal/" in mail.body


def test_the_appellant_hears_the_outcome_with_a_link_to_it(
    comment_by_siti, resident_of_manggarai, moderator_of_tebet, second_moderator_of_tebet, mailoutbox, told
):
    hide = actions.hide_item(actor=moderator_of_tebet, item=comment_by_siti, reason="abuse")
    appeal = actions.appeal(actor=resident_of_manggarai, action=hide, text="It was a fair complaint.")
    with told():
        decision = actions.decide_appeal(
            actor=second_moderator_of_tebet,
            appeal=appeal,
            overturn=True,
            note="A fair complaint about a public office.",
        )
    note = Notification.objects.get(recipient=resident_of_manggarai, kind="appeal_decided")
    assert note.url == f"/moderation/log/{decision.pk}/"
    mail = mailoutbox[-1]
    assert "Your appeal was accepted" in mail.subject and "A fair complaint about a public office." in mail.subject
    assert f"/moderation/log/{decision.pk}/" in mail.body


def test_a_rejected_suspension_appeal_says_the_decision_stands(
    flooded_street, resident_of_manggarai, moderator_of_tebet, admin_user_, told, mailoutbox
):
    suspension = actions.suspend_user(
        actor=moderator_of_tebet, user=resident_of_manggarai, days=3, reason="abuse", item=flooded_street
    )
    appeal = actions.appeal(actor=resident_of_manggarai, action=suspension.action, text="Please.")
    with told():
        actions.decide_appeal(actor=admin_user_, appeal=appeal, overturn=False, note="The insults are on record.")
    assert "Your appeal was rejected: the decision stands." in mailoutbox[-1].subject


def test_each_moderation_kind_can_be_turned_off(
    comment_by_siti, resident_of_manggarai, moderator_of_tebet, client_of, mailoutbox, told
):
    client = client_of(resident_of_manggarai)
    page = client.get("/profile/").content.decode()
    assert 'name="email-hidden"' in page and 'name="site-suspended"' in page and 'name="email-appeal_decided"' in page
    client.post("/notifications/settings/", {"site-hidden": "on"})  # on the site, no e-mail
    with told():
        actions.hide_item(actor=moderator_of_tebet, item=comment_by_siti, reason="spam")
    assert Notification.objects.filter(recipient=resident_of_manggarai, kind="hidden").exists()
    assert mailoutbox == []


def test_the_reason_is_phrased_in_each_readers_language(comment_by_siti, resident_of_manggarai, moderator_of_tebet):
    from django.utils import translation

    from notifications.messages import describe

    actions.hide_item(actor=moderator_of_tebet, item=comment_by_siti, reason="personal_data")
    note = Notification.objects.get(recipient=resident_of_manggarai, kind="hidden")
    assert note.context["reason"] == "Personal data"  # stored untranslated, as the catalogue's msgid
    with translation.override("id"):
        assert "Data pribadi" in describe(note.kind, note.context)
