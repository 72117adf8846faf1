"""The facilitation pages: registering with consent, the private consent form, the batch entry
of paper forms (htmx and without JavaScript), claims and the public figures and log."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from facilitation import actions
from facilitation.models import ConsentFormOpening, OfflineResident
from issues.models import AssistedRecord
from votes.models import Vote

from .conftest import PAPER


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    return SimpleUploadedFile("form.jpg", buffer.getvalue(), content_type="image/jpeg")


def registration(areas, **extra):
    return {
        "area": areas["manggarai-rw-04"].pk,
        "name": "Mbah Karto",
        "rt": "3",
        "rw": "4",
        "street": "Gg. Melati 5",
        "consent_method": "signed_form",
        "consent_given_at": timezone.localdate().isoformat(),
        "submission_token": "6f1c1d8e-0000-4000-8000-000000000001",
        **extra,
    }


@pytest.fixture
def registered_with_form(facilitator, client_of, areas):
    client = client_of(facilitator)
    response = client.post("/facilitation/residents/new/", registration(areas, consent_form=photo()))
    assert response.status_code == 302
    return OfflineResident.objects.get(name="Mbah Karto")


def test_a_facilitator_registers_a_resident_with_consent_and_gets_the_card(
    registered_with_form, facilitator, client_of
):
    resident = registered_with_form
    card = client_of(facilitator).get(f"/facilitation/residents/{resident.pk}/").content.decode()
    assert resident.code in card and "Warga" in card  # the name was not agreed public
    assert resident.consent_form.name.startswith("consent/")


def test_a_form_with_a_mistake_comes_back_with_the_message_beside_the_field(facilitator, client_of, areas):
    response = client_of(facilitator).post(
        "/facilitation/residents/new/", registration(areas, consent_method="spoken", street="")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Mbah Karto" in page  # nothing typed is lost
    assert "id_street_error" in page
    assert not OfflineResident.objects.exists()


def test_the_consent_form_is_never_served_to_others_and_every_opening_is_logged(
    registered_with_form,
    facilitator,
    moderator_of_tebet,
    moderator_of_menteng,
    resident_of_manggarai,
    client_of,
    client,
    settings,
):
    resident = registered_with_form
    url = f"/facilitation/residents/{resident.pk}/consent-form/"
    for outsider in (moderator_of_menteng, resident_of_manggarai):
        response = client_of(outsider).get(url)
        assert response.status_code == 403 and b"\xff\xd8" not in response.content
        assert client_of(outsider).get(f"/facilitation/residents/{resident.pk}/").status_code == 403
    assert client.get(url).status_code == 302  # to sign in
    # No public URL leads to it: it is not under MEDIA_ROOT, and the storage refuses to make one.
    assert not str(resident.consent_form.path).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        resident.consent_form.url  # noqa: B018
    assert ConsentFormOpening.objects.count() == 0
    for insider in (facilitator, moderator_of_tebet):
        response = client_of(insider).get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert [o.opened_by for o in ConsentFormOpening.objects.order_by("pk")] == [facilitator, moderator_of_tebet]


def entry(darto, issue, **extra):
    return {
        "code": darto.code.lower(),
        "issue": issue.pk,
        "support": "on",
        "comment": "Saluran mampet sejak Oktober.",
        "method": "paper_form",
        "source": "sheet RW04-2026-12-03",
        **extra,
    }


def test_batch_entry_with_htmx_records_and_gives_a_fresh_form_keeping_how_and_where(
    darto, facilitator, flooded_street, client_of
):
    response = client_of(facilitator).post("/facilitation/entry/", entry(darto, flooded_street), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert Vote.objects.get(issue=flooded_street).user == darto.user
    assert AssistedRecord.objects.filter(kind="comment", issue=flooded_street).exists()
    assert 'value="sheet RW04-2026-12-03"' in page and "Saluran mampet" not in page.split("entries-recorded")[0]
    assert 'id="entry-done"' in page and 'hx-swap-oob="true"' in page
    assert "<html" not in page  # only the form and the list change


def test_batch_entry_without_javascript_redirects_back_with_what_was_recorded(
    darto, facilitator, flooded_street, client_of
):
    client = client_of(facilitator)
    response = client.post("/facilitation/entry/", entry(darto, flooded_street))
    assert response.status_code == 302 and "source=sheet" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Recorded:" in page and 'value="sheet RW04-2026-12-03"' in page


def test_a_refused_entry_records_nothing_and_keeps_what_was_typed(register, facilitator, flooded_street, client_of):
    unverified = register()
    response = client_of(facilitator).post(
        "/facilitation/entry/", entry(unverified, flooded_street), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx: the form comes back with the reason
    assert "Saluran mampet sejak Oktober." in page and "verif" in page and "<html" not in page
    assert not AssistedRecord.objects.exists()


def test_without_javascript_a_refused_entry_comes_back_as_a_page_with_the_reason(
    register, facilitator, flooded_street, client_of
):
    response = client_of(facilitator).post("/facilitation/entry/", entry(register(), flooded_street))
    assert response.status_code == 400 and "Saluran mampet sejak Oktober." in response.content.decode()
    assert not AssistedRecord.objects.exists()


def test_a_wrong_code_or_issue_is_said_beside_its_field(darto, facilitator, flooded_street, client_of):
    page = (
        client_of(facilitator)
        .post(
            "/facilitation/entry/",
            {**entry(darto, flooded_street), "code": "AAA-AAA", "issue": 99999},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert "id_code_error" in page and "id_issue_error" in page


def test_only_facilitators_open_the_entry_page(resident_of_manggarai, client_of):
    assert client_of(resident_of_manggarai).get("/facilitation/entry/").status_code == 403


def test_the_public_pages_cost_the_same_whatever_the_number_of_entries(
    darto, register, facilitator, flooded_street, moderator_of_tebet, client, issue_factory, resident_of_manggarai
):
    def cost(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    vote = actions.record_support(actor=facilitator, resident=darto, issue=flooded_street, how=PAPER)
    actions.void_entry(actor=moderator_of_tebet, record=vote.assisted, reason="not confirmed")
    few = cost("/facilitation/"), cost("/facilitation/log/")
    for n in range(3):
        other = issue_factory(resident_of_manggarai, title=f"Issue {n}")
        v = actions.record_support(actor=facilitator, resident=darto, issue=other, how=PAPER)
        actions.void_entry(actor=moderator_of_tebet, record=v.assisted, reason="not confirmed")
    assert (cost("/facilitation/"), cost("/facilitation/log/")) == few
    figures = client.get("/facilitation/").content.decode()
    assert "Ibu Sri" in figures


def test_a_resident_claims_through_the_page_and_the_moderator_confirms(darto, client_of, moderator_of_tebet, areas):
    from tests.conftest import make_user

    darto_online = make_user(name="Darto Sutrisno", home=areas["manggarai-rw-04"])
    client = client_of(darto_online)
    assert client.post("/facilitation/claim/", {"code": darto.code}).status_code == 302
    reviewer = client_of(moderator_of_tebet)
    page = reviewer.get("/facilitation/review/").content.decode()
    assert darto.code in page
    claim = darto.claims.get()
    assert reviewer.post(f"/facilitation/claims/{claim.pk}/decide/", {"decision": "confirm"}).status_code == 302
    darto.refresh_from_db()
    assert darto.claimed_by == darto_online


def test_reviewers_get_a_call_back_sample_with_the_residents_phone(
    register, facilitator, moderator_of_tebet, client_of, flooded_street
):
    from .conftest import verify

    resident = register(phone="0812-555-0101")
    verify(resident, moderator_of_tebet)
    actions.record_support(actor=facilitator, resident=resident, issue=flooded_street, how=PAPER)
    page = client_of(moderator_of_tebet).get("/facilitation/review/").content.decode()
    assert "0812-555-0101" in page and resident.code in page
    assert client_of(facilitator).get("/facilitation/review/").status_code == 403


def test_the_profile_links_to_claiming_a_record(resident_of_manggarai, client_of):
    page = client_of(resident_of_manggarai).get("/profile/").content.decode()
    assert "/facilitation/claim/" in page


def test_the_admin_shows_offline_residents_without_the_consent_photo(registered_with_form, admin_user_, client_of):
    page = client_of(admin_user_).get(f"/admin/facilitation/offlineresident/{registered_with_form.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200 and registered_with_form.code in text
    assert registered_with_form.consent_form.name not in text  # the photo has no link: only the logged view opens it
