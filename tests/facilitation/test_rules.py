"""The facilitation rules as a role × action matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import actions as account_actions
from accounts import permissions
from facilitation import actions
from facilitation import rules
from tests.conftest import make_user

from .conftest import PAPER


@pytest.fixture
def people(facilitator, moderator_of_tebet, moderator_of_menteng, official_of_water_agency, admin_user_, areas):
    colleague = make_user(name="Pak Joko", home=areas["manggarai"])
    account_actions.grant_facilitator(user=colleague, areas=[areas["manggarai"]], by="test")
    elsewhere = make_user(name="Bu Tini", home=areas["bukit-duri-rw-03"])
    account_actions.grant_facilitator(user=elsewhere, areas=[areas["bukit-duri-rw-03"]], by="test")
    return {
        "visitor": AnonymousUser(),
        "resident": make_user(name="Wati", home=areas["manggarai-rw-04"]),
        "registering facilitator": facilitator,
        "facilitator of the area": colleague,
        "facilitator elsewhere": elsewhere,
        "moderator of the area": moderator_of_tebet,
        "official of the area": official_of_water_agency,
        "moderator elsewhere": moderator_of_menteng,
        "admin": admin_user_,
    }


ALLOWED = {
    # rule: the roles it allows
    "register_residents": {"registering facilitator", "facilitator of the area"},
    "act_for": {"registering facilitator", "facilitator of the area"},
    "read_resident_papers": {"registering facilitator", "moderator of the area", "official of the area", "admin"},
    "void_entry": {"moderator of the area", "official of the area", "admin"},
    "decide_claim": {"moderator of the area", "official of the area", "admin"},
    "claim_record": {
        "resident",
        "registering facilitator",
        "facilitator of the area",
        "facilitator elsewhere",
        "moderator of the area",
        "official of the area",
        "moderator elsewhere",
        "admin",
    },
}


@pytest.fixture
def objects(darto, facilitator, flooded_street, areas):
    vote = actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    claimant = make_user(name="Darto Sutrisno", home=areas["manggarai-rw-04"])
    return {
        "register_residents": (areas["manggarai-rw-04"],),
        "act_for": (darto,),
        "read_resident_papers": (darto,),
        "void_entry": (vote.assisted,),
        "decide_claim": (actions.claim_record(actor=claimant, code=darto.code),),
        "claim_record": (),
    }


@pytest.mark.parametrize("rule_name", sorted(ALLOWED))
def test_who_may(rule_name, people, objects):
    rule = getattr(rules, rule_name)
    allowed = {role for role, person in people.items() if permissions.can(person, rule, *objects[rule_name])}
    assert allowed == ALLOWED[rule_name]


def test_an_offline_identity_itself_may_do_nothing_of_the_facilitators(darto, areas):
    assert not permissions.can(darto.user, rules.register_residents, areas["manggarai-rw-04"])
    assert not permissions.can(darto.user, rules.claim_record)
    assert not permissions.can(darto.user, rules.act_for, darto)
