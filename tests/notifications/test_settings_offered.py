"""Residents are offered only the notification kinds that can reach them (issue 13, item 7)."""

from notifications import queries
from notifications.models import NotificationSetting


def test_a_resident_is_not_offered_the_officials_kinds(resident_of_manggarai, client_of):
    kinds = [kind for kind, *_rest in queries.settings_of(resident_of_manggarai)]
    assert "owed" not in kinds and "escalation" not in kinds
    assert "mention" in kinds
    html = client_of(resident_of_manggarai).get("/profile/").content.decode()
    assert 'name="site-owed"' not in html and 'name="site-mention"' in html


def test_an_official_is_offered_owed_answers_and_a_supervisor_escalations(
    official_of_water_agency, areas, water_agency
):
    from accounts import actions as account_actions
    from tests.conftest import make_user

    assert "owed" in [k for k, _label in queries.kinds_for(official_of_water_agency)]
    assert "escalation" not in [k for k, _label in queries.kinds_for(official_of_water_agency)]
    chief = make_user(name="Bambang", home=areas["manggarai-rw-04"])
    account_actions.grant_official(
        user=chief, agency=water_agency, areas=[areas["tebet"]], is_supervisor=True, by="test"
    )
    assert "escalation" in [k for k, _label in queries.kinds_for(chief)]


def test_saving_a_residents_settings_leaves_kinds_not_offered_alone(resident_of_manggarai, client_of):
    client_of(resident_of_manggarai).post("/notifications/settings/", {"site-mention": "on"})
    assert NotificationSetting.objects.filter(user=resident_of_manggarai, kind="mention").exists()
    assert not NotificationSetting.objects.filter(user=resident_of_manggarai, kind="owed").exists()
