"""seed_demo has a facilitator and two residents without an account, one verified whose paper form
supports a demo issue; running it again changes nothing."""

from django.core.management import call_command

from facilitation.models import OfflineResident
from issues.models import AssistedRecord, Issue


def test_seed_demo_brings_a_facilitator_and_two_offline_residents_once(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    residents = list(OfflineResident.objects.order_by("pk"))
    assert [r.public_name for r in residents] == ["Pak Darto", f"Warga {residents[1].code}"]
    assert residents[0].registered_by.facilitator_role.badge_place == "RW 04 Manggarai"
    assert residents[0].user.profile.is_verified_resident and not residents[1].user.profile.is_verified_resident
    # Her paper form's support and comment, and the support she recorded at the demo's recess meeting.
    assert sorted(AssistedRecord.objects.values_list("kind", "source")) == [
        ("comment", "sheet RW04-2026-12-03"),
        ("support", "reses Balai RW 04 Manggarai, 2026-11-14"),
        ("support", "sheet RW04-2026-12-03"),
    ]
    issue = Issue.objects.get(title__startswith="Saluran air tersumbat")
    assert issue.votes.filter(assisted__isnull=False).count() == 1
