"""Leaving: an account's erasure, composed from each app's own forgetting.

Erased: the name, the e-mail addresses (allauth's rows, their confirmations), the RT/RW,
street and notes of residency requests, the home and verified area, notifications and their
settings, follows, mentions, social and MFA rows, roles (revoked on the record). Kept: issues,
comments, votes, ballots, verdicts, reports and appeals, on the anonymised row (see
accounts.actions.anonymise_account for why the row stays). A one-way fingerprint of the
residency identity stays (residency.fingerprints) so the same person cannot vote twice after
signing up again.
"""

from __future__ import annotations

from django.db import transaction

from accounts import actions as account_actions
from accounts import permissions
from accounts import rules as account_rules
from comments import actions as comment_actions
from issues import actions as issue_actions
from notifications import actions as notification_actions
from residency import actions as residency_actions


def erase_account(*, actor, user) -> None:
    """Erase ``user``'s account: by the person themselves (after re-authenticating) or an
    administrator. Every session and open socket of the account ends. Erasing an erased account
    changes nothing."""
    permissions.check(actor, account_rules.erase_account, user)
    by = "erase_account" if actor.pk == user.pk else f"admin:{actor.get_username()}"
    with transaction.atomic():
        locked = account_actions.lock_account(user)
        if account_actions.ensure_profile(locked).erased_at is not None:
            return
        # The fingerprints first: they are made of what the rest forgets.
        residency_actions.keep_erasure_fingerprints(user=locked)
        residency_actions.forget_addresses(user=locked)
        issue_actions.forget_follows(user=locked)
        comment_actions.forget_mentions(user=locked)
        notification_actions.forget_person(user=locked)
        account_actions.anonymise_account(user=locked, by=by)
    permissions.forget_roles(user)
