"""Demo facilitation for ``seed_demo``: Ibu Sri, facilitator of RW 04 Manggarai, and two residents
without an account she registered. Pak Darto (named with his consent) is verified by the demo
moderator and supports the first demo issue from a paper form, with a comment; Bu Ani (not named
publicly) waits in the residency queue. Runs after the issues' and residency's demos; running it
again changes nothing (fixed submission tokens)."""

from __future__ import annotations

import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import actions as account_actions
from accounts.models import Area
from facilitation import actions
from facilitation.models import ConsentMethod
from issues.models import AssistedRecord, Issue, RecordingMethod
from residency import actions as residency_actions
from residency.models import ResidencyRequest

NAMESPACE = uuid.UUID("0b6f7c1e-12a4-4d55-8e0e-5f1a2b3c4d5e")
FACILITATOR = ("fasilitator@demo.balaiwarga.id", "Sri Handayani", "manggarai-rw-04")
RESIDENTS = [
    # name, public, street, consent, witness
    ("Pak Darto", True, "Jl. Manggarai Utara II no. 14", ConsentMethod.SIGNED_FORM, ""),
    ("Bu Ani", False, "Gg. Melati 5", ConsentMethod.SPOKEN, "Pak RT Joko"),
]
SOURCE = "sheet RW04-2026-12-03"
CONTACT = "Pos RW 04, Selasa malam 19.00–21.00; WA 0812 3456 7890"


def seed() -> None:
    area = Area.objects.filter(slug=FACILITATOR[2]).first()
    if area is None:
        return
    sri = _facilitator(area)
    registered = [
        actions.register_offline_resident(
            actor=sri,
            area=area,
            name=name,
            name_public=public,
            address=actions.Address(rt="5", rw="4", street=street),
            consent=actions.Consent(method=consent, given_at=timezone.now(), witness=witness),
            submission_token=uuid.uuid5(NAMESPACE, name),
        )
        for name, public, street, consent, witness in RESIDENTS
    ]
    darto = registered[0]
    moderator = get_user_model().objects.filter(email="moderator@demo.balaiwarga.id").first()
    pending = ResidencyRequest.objects.filter(user=darto.user, state=ResidencyRequest.State.PENDING).first()
    if moderator is not None and pending is not None:
        residency_actions.decide_verification(actor=moderator, request=pending, approve=True)
        darto.user.refresh_from_db()
    issue = Issue.objects.filter(title__startswith="Saluran air tersumbat").first()
    if issue is None or AssistedRecord.objects.filter(resident=darto.user).exists():
        return
    how = actions.Recording(method=RecordingMethod.PAPER_FORM, source=SOURCE)
    actions.record_support(actor=sri, resident=darto, issue=issue, how=how)
    actions.record_comment(
        actor=sri,
        resident=darto,
        issue=issue,
        body="Air masuk sampai dapur setiap hujan. Tolong dikeruk sebelum Januari.",
        how=how,
        submission_token=uuid.uuid5(NAMESPACE, "darto-comment"),
    )


def _facilitator(area):
    email, name, _home = FACILITATOR
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email, password=settings.DEMO_PASSWORD)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        account_actions.ensure_profile(user)
        account_actions.update_profile(actor=user, display_name=name, language="id")
        residency_actions.move_home(actor=user, home_area=area)
    if not hasattr(user, "facilitator_role"):
        role = account_actions.grant_facilitator(user=user, areas=[area], by="seed_demo")
        account_actions.set_facilitator_contact(actor=user, role=role, contact=CONTACT)
    return user
