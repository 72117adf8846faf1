"""Demo data of reses for ``seed_demo``: Ibu Dewi Lestari, DPRD member for Dapil 7 (Kecamatan
Tebet), one recess meeting at Balai RW 04 Manggarai whose aspirations joined a demo issue and
opened another via reses (which Pak Darto, a resident without an account who attended, supports:
recorded by Ibu Sri, facilitator of RW 04), and one pokir. The notice-board sheet to print is every area's:
/areas/manggarai-rw-04/notice-board/ (and .pdf). Runs after issues' demo; again, it changes nothing."""

import datetime as dt
import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts import actions as account_actions
from accounts.models import Area
from facilitation.models import OfflineResident
from issues.models import Issue, RecordingMethod
from reses import actions
from reses.models import AttendeeSupport

NAMESPACE = uuid.UUID("3d0a6c1e-5b7f-4e2a-9c8d-1f2e3a4b5c6d")
EMAIL = "dprd@demo.balaiwarga.id"
JOINED_TITLE = "Saluran air tersumbat di Jalan Manggarai Utara II"


def _council_member(tebet: Area):
    User = get_user_model()
    user = User.objects.filter(email=EMAIL).first()
    if user is not None:
        return user
    user = User.objects.create_user(username=EMAIL, email=EMAIL, password=settings.DEMO_PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    account_actions.ensure_profile(user)
    account_actions.update_profile(actor=user, display_name="Dewi Lestari", language="id")
    account_actions.grant_council_member(user=user, district="Dapil 7", areas=[tebet], by="seed_demo")
    return user


@transaction.atomic
def seed() -> None:
    tebet = Area.objects.filter(slug="tebet").first()
    manggarai = Area.objects.filter(slug="manggarai").first()
    rw04 = Area.objects.filter(slug="manggarai-rw-04").first()
    joined = Issue.objects.filter(title=JOINED_TITLE).first()
    if tebet is None or manggarai is None or rw04 is None or joined is None:
        return
    member = _council_member(tebet)
    meeting = actions.record_meeting(
        actor=member,
        held_on=dt.date(2026, 11, 14),
        place="Balai RW 04 Manggarai",
        areas=[manggarai],
        attendance=140,
        submission_token=uuid.uuid5(NAMESPACE, "meeting"),
    )
    actions.join_issue(
        actor=member,
        meeting=meeting,
        issue=joined,
        summary="Warga RT 05 dan RT 06 mengeluhkan banjir setiap hujan deras; minta saluran dikeruk sebelum Januari.",
    )
    bridge = actions.open_issue(
        actor=member,
        meeting=meeting,
        title="Jembatan penyeberangan Kali Ciliwung di RW 04 rapuh",
        description="Papan jembatan bambu di belakang pasar sudah lapuk; anak-anak menyeberang setiap pagi.",
        category="roads",
        area=rw04,
        submission_token=uuid.uuid5(NAMESPACE, "bridge"),
    )
    actions.adopt_pokir(actor=member, issue=joined, plan_year=2027, note="Normalisasi saluran Manggarai Utara II")
    _attendee_support(bridge)


def _attendee_support(aspiration) -> None:
    """Pak Darto (facilitation's demo, seeded before this one) attended and supports the bridge
    issue; Ibu Sri, facilitator of RW 04, records it from the meeting's paper form."""
    darto = OfflineResident.objects.filter(name="Pak Darto").select_related("registered_by", "area").first()
    if darto is None or AttendeeSupport.objects.filter(aspiration=aspiration).exists():
        return
    if not darto.user.profile.is_verified_resident:
        return
    actions.record_attendee_support(
        actor=darto.registered_by, aspiration=aspiration, resident=darto, method=RecordingMethod.PAPER_FORM
    )
