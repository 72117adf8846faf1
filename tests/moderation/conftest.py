import pytest

from accounts import actions as account_actions
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _fresh_counts(fresh_counts):
    """Rate-limit counts live in the cache: every test here starts from zero."""


@pytest.fixture
def second_moderator_of_tebet(areas):
    user = make_user(name="Dewi", home=areas["kebon-baru"])
    account_actions.grant_moderator(user=user, areas=[areas["tebet"]], by="test")
    return user


@pytest.fixture
def comment_by_siti(flooded_street, resident_of_manggarai):
    from comments import actions as comment_actions

    return comment_actions.post_comment(
        actor=resident_of_manggarai, issue=flooded_street, body="Pak RT at Jl. Melati 12 never answers his phone."
    )


@pytest.fixture
def neighbours(areas):
    """``neighbours(n)``: n residents of Manggarai who take part (confirmed e-mail)."""
    return lambda n: [make_user(name=f"Tetangga {i}", home=areas["manggarai-rw-04"]) for i in range(n)]
