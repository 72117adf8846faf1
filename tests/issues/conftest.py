import pytest


@pytest.fixture
def areas_async(transactional_db):
    """An issue in a transactional database, for consumer tests (async tests cannot use plain fixtures' db)."""
    from tests.conftest import make_user

    from accounts import actions as account_actions
    from issues import actions as issue_actions

    tebet = account_actions.save_area(name="Kecamatan Tebet", slug="tebet", parent=None)
    author = make_user(name="Siti", home=tebet)
    return issue_actions.open_issue(
        actor=author, title="Banjir", description="Air menggenang.", category="flooding", area=tebet
    )
