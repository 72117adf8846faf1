"""A facilitator registers a resident without an account with consent, an official verifies them,
the facilitator records their support and a comment from a paper form; a viewer sees both arrive
live, marked as recorded by the facilitator."""

import re

import pytest
from playwright.sync_api import expect

from accounts import actions as account_actions
from tests.conftest import make_user

pytestmark = pytest.mark.e2e


def test_a_paper_form_reaches_the_issue_live_marked_as_assisted(
    live_site, open_as, areas, official_of_water_agency, issue_factory
):
    sri = make_user(name="Ibu Sri", home=areas["manggarai-rw-04"])
    account_actions.grant_facilitator(user=sri, areas=[areas["manggarai-rw-04"]], by="test")
    siti = make_user(name="Siti", home=areas["manggarai-rw-04"])
    issue = issue_factory(siti, area=areas["manggarai"], title="Got mampet di Gang Mawar")

    # 1. Ibu Sri registers Pak Darto, who signed the consent form.
    facilitator = open_as(sri, "/facilitation/residents/new/", live=False)
    facilitator.get_by_label("Name or initials").fill("Pak Darto")
    facilitator.get_by_label(re.compile(r"^RT\b")).fill("7")
    facilitator.get_by_label(re.compile(r"^RW\b")).fill("4")
    facilitator.get_by_label("Street and house").fill("Jl. Manggarai Utara II no. 12")
    facilitator.get_by_label("How consent was given").select_option("signed_form")
    facilitator.get_by_role("button", name="Register with consent").click()
    code = facilitator.locator("#participant-code")
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{3}-[A-Z0-9]{3}$"))
    participant_code = code.inner_text()

    # 2. Rina, an official of the area, verifies him in the residency queue (Ibu Sri could not).
    official = open_as(official_of_water_agency, "/residency/queue/", live=False)
    row = official.locator(".residency-row", has_text=f"Warga {participant_code}")
    row.get_by_role("button", name="Approve").click()
    expect(official.locator(".residency-row.decided")).to_be_visible()

    # 3. A neighbour watches the issue page.
    viewer = open_as(None, issue.get_absolute_url())
    tally = viewer.locator(f"#issue-{issue.pk}-tally")
    expect(tally).to_contain_text("0 residents support this")

    # 4. Ibu Sri transcribes the paper form on the batch entry page.
    facilitator.goto("/facilitation/entry/")
    expect(facilitator.get_by_label("Participant code")).to_be_focused()
    facilitator.get_by_label("Participant code").fill("AAA-AAA")  # a misread code
    facilitator.get_by_label("Issue number").fill(str(issue.pk))
    facilitator.get_by_label("Supports this issue").check()
    facilitator.get_by_label("Comment, as written on the form (optional)").fill("Airnya masuk rumah kami.")
    facilitator.get_by_label("Source").fill("sheet RW04-2026-12-03")
    facilitator.get_by_role("button", name="Record this form").click()
    expect(facilitator.locator("#id_code_error")).to_contain_text("No resident has this participant code")
    # Nothing typed is lost: only the code needs correcting.
    expect(facilitator.get_by_label("Comment, as written on the form (optional)")).to_have_value(
        "Airnya masuk rumah kami."
    )
    facilitator.get_by_label("Participant code").fill(participant_code.lower())
    facilitator.get_by_role("button", name="Record this form").click()
    expect(facilitator.locator("#entry-done")).to_contain_text(f"{participant_code}: support for #{issue.pk}")
    # Ready for the next paper: the code is empty and focused, how and where are kept.
    expect(facilitator.get_by_label("Participant code")).to_have_value("")
    expect(facilitator.get_by_label("Participant code")).to_be_focused()
    expect(facilitator.get_by_label("Source")).to_have_value("sheet RW04-2026-12-03")

    # 5. The neighbour sees the tally and the comment arrive, each saying it was recorded by Ibu Sri.
    expect(tally).to_contain_text("1 resident supports this")
    expect(tally).to_contain_text("1 recorded by a facilitator")
    comment = viewer.locator(".comment", has_text="Airnya masuk rumah kami.")
    expect(comment).to_be_visible()
    expect(comment).to_contain_text("recorded by Ibu Sri")
    expect(comment).to_contain_text("for a resident of RW 04 Manggarai, paper form")
