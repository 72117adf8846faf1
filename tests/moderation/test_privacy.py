"""Reports are private: their reasons, notes and reporters reach the area's moderators and
administrators only. Officials who open a moderation page (to merge) see the public record."""

import pytest

from moderation import actions

NOTE = "He is my neighbour Pak Darto, he shouts at everyone"


@pytest.fixture
def reported_issue(flooded_street, resident_of_bukit_duri):
    actions.report_item(actor=resident_of_bukit_duri, item=flooded_street, reason="other", note=NOTE)
    return flooded_street


@pytest.fixture
def reported_comment(comment_by_siti, resident_of_bukit_duri):
    actions.report_item(actor=resident_of_bukit_duri, item=comment_by_siti, reason="other", note=NOTE)
    return comment_by_siti


def test_an_official_on_the_moderation_page_never_sees_reports_or_reporters(
    reported_issue, official_of_water_agency, client_of
):
    response = client_of(official_of_water_agency).get(f"/moderation/issue/{reported_issue.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="merge-form"' in page  # the official's own tool is there
    assert NOTE not in page and "Budi" not in page and "open report" not in page
    assert "Record" in page  # the public moderation facts are


def test_a_refused_act_by_an_official_shows_no_reports_either(reported_issue, official_of_water_agency, client_of):
    response = client_of(official_of_water_agency).post(
        f"/moderation/issue/{reported_issue.pk}/merge/", {"merge-target": str(reported_issue.pk), "merge-note": ""}
    )
    page = response.content.decode()
    assert response.status_code in (400, 403) and 'id="merge-form"' in page  # the page again, with the reason
    assert NOTE not in page and "Budi" not in page


@pytest.mark.parametrize("kind", ["issue", "comment"])
def test_moderators_of_the_area_and_administrators_read_the_reports(
    kind, reported_issue, reported_comment, moderator_of_tebet, admin_user_, client_of
):
    item = reported_issue if kind == "issue" else reported_comment
    for reader in (moderator_of_tebet, admin_user_):
        page = client_of(reader).get(f"/moderation/{kind}/{item.pk}/").content.decode()
        assert NOTE in page and "Budi" in page and "1 open report" in page


@pytest.mark.parametrize("kind", ["issue", "comment"])
def test_everyone_else_is_refused_the_item_page(
    kind, reported_issue, reported_comment, moderator_of_menteng, resident_of_manggarai, client_of
):
    item = reported_issue if kind == "issue" else reported_comment
    for outsider in (moderator_of_menteng, resident_of_manggarai):
        response = client_of(outsider).get(f"/moderation/{kind}/{item.pk}/")
        page = response.content.decode()
        assert response.status_code == 403 and "Only moderators of this area moderate here." in page
        assert NOTE not in page and "Budi" not in page


def test_an_official_does_not_read_a_hidden_issue_on_the_moderation_page(
    flooded_street, moderator_of_tebet, official_of_water_agency, client_of
):
    actions.hide_item(actor=moderator_of_tebet, item=flooded_street, reason="abuse")
    page = client_of(official_of_water_agency).get(f"/moderation/issue/{flooded_street.pk}/").content.decode()
    assert "Water stands for days after rain." not in page
    assert (
        "Water stands for days after rain."
        in client_of(moderator_of_tebet).get(f"/moderation/issue/{flooded_street.pk}/").content.decode()
    )


def test_an_appeal_and_its_hidden_item_are_read_by_the_appellant_and_the_areas_moderators(
    comment_by_siti,
    moderator_of_tebet,
    second_moderator_of_tebet,
    resident_of_manggarai,
    resident_of_bukit_duri,
    official_of_water_agency,
    moderator_of_menteng,
    client_of,
):
    hide = actions.hide_item(actor=moderator_of_tebet, item=comment_by_siti, reason="abuse", note="Rude")
    appeal = actions.appeal(actor=resident_of_manggarai, action=hide, text="I only said he never answers.")
    url = f"/moderation/appeals/{appeal.pk}/"
    for reader in (second_moderator_of_tebet, resident_of_manggarai, moderator_of_tebet):
        page = client_of(reader).get(url).content.decode()
        assert "I only said he never answers." in page and "Jl. Melati 12" in page
    for outsider in (resident_of_bukit_duri, official_of_water_agency, moderator_of_menteng):
        response = client_of(outsider).get(url)
        page = response.content.decode()
        assert response.status_code == 403 and "its outcome is public in the moderation log" in page
        assert "never answers" not in page and "Jl. Melati 12" not in page
        assert client_of(outsider).post(url, {"decision": "overturn", "note": "x"}).status_code == 403
    appeal.refresh_from_db()
    assert appeal.state == "pending"
