"""One-way fingerprints of a residency identity, kept when an account is erased.

An erased account keeps its votes (they still count) but nothing that names the person.
If the same person signs up again and is verified at the same address, or with the same
e-mail address, they must not vote a second time on what the erased account voted on.
So erasure keeps, per address and per verified e-mail, an HMAC keyed from SECRET_KEY
(``django.utils.crypto.salted_hmac``): without the key and the person's own details a
fingerprint reveals nothing, and it cannot be reversed into an address or an e-mail.

Checks happen twice: when a residency is verified (``note_earlier_account`` sets
``Profile.matches_erased_account``, a flag, not a link to the erased row) and, for flagged
profiles only, when a vote is cast (``voted_before``, read by the vote rules). Everyone
else pays nothing.

Rotating SECRET_KEY forgets every fingerprint (nobody is recognised any more).

The address is normalised as the verifier's queue compares households
(``accounts.addresses.household_key``), so the two agree on what one address is.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from accounts.addresses import household_key
from residency.models import ResidencyRequest

SALT = "balai-warga.accounts.erasure-fingerprint"


def normalise_address(*, area_id, rt: str, rw: str, street: str) -> str:
    """ "Jl. Melati No. 12", RT "003", RW "04" in area 7 → "7|3/4/melati 12"."""
    return f"{area_id}|{household_key(rt=rt, rw=rw, street=street)}"


def digest(kind: str, value: str) -> str:
    return salted_hmac(SALT, f"{kind}:{value}", algorithm="sha256").hexdigest()


def email_digest(email: str) -> str:
    return digest("email", (email or "").strip().casefold())


def address_digest(request) -> str | None:
    """The fingerprint of a residency request's address, or None when it gives no street
    (a scripted verification names only the area, which would match every neighbour)."""
    if not (request.street or "").strip():
        return None
    return digest(
        "address", normalise_address(area_id=request.area_id, rt=request.rt, rw=request.rw, street=request.street)
    )


def identity_of(user, *, requests=None) -> set[str]:
    """The fingerprints of ``user``: their verified e-mail addresses and the addresses of
    their approved residency requests (or of ``requests`` when given). Two queries."""
    from allauth.account.models import EmailAddress

    emails = set(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    digests = {email_digest(e) for e in emails}
    if requests is None:
        # The approved requests: the addresses this person was verified at.
        requests = ResidencyRequest.objects.filter(user=user, state=ResidencyRequest.State.APPROVED).only(
            "area_id", "rt", "rw", "street"
        )
    digests.update(d for d in (address_digest(r) for r in requests) if d)
    return digests


def erased_accounts_matching(user, *, requests=None) -> list[int]:
    """Ids of erased accounts that share a fingerprint with ``user``."""
    from accounts.models import ErasureFingerprint

    digests = identity_of(user, requests=requests)
    if not digests:
        return []
    return list(
        ErasureFingerprint.objects.filter(digest__in=digests)
        .exclude(user=user)
        .values_list("user_id", flat=True)
        .distinct()
    )


def note_earlier_account(profile, *, request=None) -> bool:
    """At verification: flag the profile if the person was here before under an erased account."""
    requests = [request] if request is not None else None
    matched = bool(
        erased_accounts_matching(profile.user_id if requests is not None else profile.user, requests=requests)
    )
    if matched != profile.matches_erased_account:
        profile.matches_erased_account = matched
        profile.save(update_fields=["matches_erased_account"])
    return matched


def voted_before(user, rows) -> bool:
    """Whether an erased account of the same person holds one of ``rows`` (a queryset of the
    issue's active votes or the round's ballots: the rules pass them, so nothing here imports votes)."""
    profile = getattr(user, "profile", None)
    if profile is None or not profile.matches_erased_account:
        return False
    earlier = erased_accounts_matching(user)
    return bool(earlier) and rows.filter(user_id__in=earlier).exists()
