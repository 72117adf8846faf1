"""At a recess meeting's page a facilitator adds attendees' supports one after another by their
participant codes, never leaving the page; a refusal is said beside the code; a neighbour watching
the issue sees the tally grow, while the meetings figure stays as it was."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import actions as account_actions
from facilitation import actions as facilitation_actions
from facilitation.models import ConsentMethod
from reses import actions as reses_actions
from residency import actions as residency_actions
from residency.models import ResidencyRequest
from tests.conftest import make_user

pytestmark = pytest.mark.e2e


def verified_offline_resident(facilitator, verifier, area, name):
    resident = facilitation_actions.register_offline_resident(
        actor=facilitator,
        area=area,
        name=name,
        name_public=True,
        address=facilitation_actions.Address(rt="5", rw="4", street=f"Gg. Melati, {name}"),
        consent=facilitation_actions.Consent(method=ConsentMethod.SIGNED_FORM, given_at=timezone.now()),
    )
    request = ResidencyRequest.objects.get(user=resident.user, state=ResidencyRequest.State.PENDING)
    residency_actions.decide_verification(actor=verifier, request=request, approve=True)
    return resident


def test_attendees_supports_are_added_one_after_another_and_reach_the_tally_live(
    live_site, open_as, areas, official_of_water_agency, issue_factory
):
    member = make_user(name="Dewi Lestari", home=areas["menteng"])
    account_actions.grant_council_member(user=member, district="Dapil 7", areas=[areas["tebet"]], by="test")
    sri = make_user(name="Ibu Sri", home=areas["manggarai-rw-04"])
    account_actions.grant_facilitator(user=sri, areas=[areas["manggarai-rw-04"]], by="test")
    darto, ani = (
        verified_offline_resident(sri, official_of_water_agency, areas["manggarai-rw-04"], name)
        for name in ("Pak Darto", "Bu Ani")
    )
    siti = make_user(name="Siti", home=areas["manggarai-rw-04"])
    issue = issue_factory(siti, area=areas["manggarai-rw-04"], title="Got mampet di Gang Mawar")
    meeting = reses_actions.record_meeting(
        actor=member, held_on=dt.date(2026, 11, 14), place="Balai RW 04", areas=[areas["manggarai"]], attendance=140
    )
    aspiration = reses_actions.join_issue(actor=member, meeting=meeting, issue=issue)

    viewer = open_as(None, issue.get_absolute_url())
    tally = viewer.locator(f"#issue-{issue.pk}-tally")
    expect(tally).to_contain_text("0 residents support this")

    page = open_as(sri, f"/reses/{meeting.pk}/", live=False)
    form = page.locator(f"#attendee-form-{aspiration.pk}")
    code = form.get_by_label("Participant code")
    code.fill(darto.code.replace("-", "").lower())
    form.get_by_role("button", name="Record the support").click()
    expect(page.locator("#attendee-done")).to_have_text(f"Support of {darto.code} recorded for #{issue.pk}.")
    expect(page.locator(f"#attendees-{aspiration.pk}")).to_contain_text("1 attending resident supported this")
    # Ready for the next attendee: the code is empty and has the cursor.
    code = page.locator(f"#attendee-form-{aspiration.pk}").get_by_label("Participant code")
    expect(code).to_have_value("")
    expect(code).to_be_focused()

    code.fill(darto.code)  # the same person twice
    page.locator(f"#attendee-form-{aspiration.pk}").get_by_role("button", name="Record the support").click()
    expect(page.locator(f"div#id_a{aspiration.pk}-code_error")).to_contain_text(
        "This resident already supports this issue."
    )
    code = page.locator(f"#attendee-form-{aspiration.pk}").get_by_label("Participant code")
    expect(code).to_have_value(darto.code)
    code.fill(ani.code)
    page.locator(f"#attendee-form-{aspiration.pk}").get_by_role("button", name="Record the support").click()
    expect(page.locator(f"#attendees-{aspiration.pk}")).to_contain_text("2 attending residents supported this")

    expect(tally).to_contain_text("2 residents support this")
    expect(tally).to_contain_text("2 recorded by facilitators")
    expect(viewer.locator(f"#issue-{issue.pk}-meetings")).to_contain_text(
        "1 recess meeting raised this (140 attending)"
    )
