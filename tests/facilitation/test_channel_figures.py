"""Participation by channel counts what facilitators recorded in its own row, not as online."""

from facilitation import actions
from reses import queries as reses_queries
from tests.facilitation.conftest import PAPER
from residency import actions as residency_actions
from votes import actions as vote_actions


def rows(area):
    return {row.channel: row for row in reses_queries.participation_by_channel(area)}


def test_an_assisted_support_counts_in_the_assisted_row_and_its_share(
    darto, facilitator, flooded_street, resident_of_manggarai, areas, client
):
    residency_actions.verify_resident(user=resident_of_manggarai, area=areas["manggarai-rw-04"], by="RW 04 list")
    vote_actions.cast_vote(actor=resident_of_manggarai, issue=flooded_street)
    actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    by_channel = rows(areas["manggarai"])
    assert (by_channel["assisted"].people, by_channel["assisted"].supports) == (1, 1)
    assert by_channel["online"].supports == 1  # Siti's own; Darto's is not counted twice
    assert by_channel["assisted"].extra["share_of_supports"] == 50
    assert by_channel["online"].people == 1  # Siti, who opened and supports it; Darto has no account of his own
    page = client.get(areas["manggarai"].get_absolute_url()).content.decode()
    assert "50% of all supports were recorded by facilitators" in page


def test_a_voided_entry_leaves_the_assisted_row(darto, facilitator, flooded_street, moderator_of_tebet, areas):
    vote = actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    actions.void_entry(actor=moderator_of_tebet, record=vote.assisted, reason="Not on the signed sheet")
    assert rows(areas["manggarai"])["assisted"].supports == 0
