"""The notice-board sheet: print-ready HTML and a PDF that opens, has the titles, and whose QR
codes decode to the issues' addresses; dated and numbered; in the language chosen."""

import datetime as dt

import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse

from accounts import actions as account_actions
from reses import sheets

CONTACT = "Pos RW 04, Tuesday evenings; WA 0812 3456 789"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://warga.example.go.id"


@pytest.fixture
def open_issues(issue_factory, resident_of_manggarai, areas):
    first = issue_factory(resident_of_manggarai, area=areas["manggarai-rw-04"], title="Saluran air tersumbat")
    second = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Lampu jalan mati")
    return [first, second]


@pytest.fixture
def facilitator_of_manggarai(user_factory, areas):
    user = user_factory(name="Ibu Sri", home=areas["manggarai-rw-04"])
    role = account_actions.grant_facilitator(user=user, areas=[areas["manggarai"]], by="test")
    account_actions.set_facilitator_contact(actor=user, role=role, contact=CONTACT)
    return user


def pdf_pages(content: bytes) -> list:
    document = pypdfium2.PdfDocument(content)
    return [document[i] for i in range(len(document))]


def test_the_sheet_is_numbered_by_area_and_date(areas):
    sheet = sheets.notice_sheet(areas["manggarai-rw-04"], today=dt.date(2026, 12, 3))
    assert sheet.number == "MANGGARAI-RW-04-2026-12-03"


def test_the_printable_page_lists_open_issues_facilitators_and_the_paper_form(
    client, site_url, open_issues, facilitator_of_manggarai
):
    response = client.get(reverse("notice_sheet", args=["manggarai"]), {"lang": "en"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Notice board: Kelurahan Manggarai" in page and "Sheet MANGGARAI-" in page
    assert page.index("Saluran air tersumbat") > 0 and "Lampu jalan mati" in page
    assert page.count("<svg ") == 2  # a QR code per issue
    assert f"https://warga.example.go.id/issues/{open_issues[0].pk}/" in page
    assert "Ibu Sri" in page and "Facilitator · Kelurahan Manggarai" in page
    assert f"reach them: {CONTACT}" in page  # beside her name
    assert "Participant code" in page and "Area code" in page
    assert 'media="print"' in page or "notice-sheet.css" in page


def test_the_sheet_speaks_the_language_chosen(client, open_issues):
    page = client.get(reverse("notice_sheet", args=["manggarai"]), {"lang": "id"}).content.decode()
    assert '<html lang="id">' in page
    assert "Papan pengumuman: Kelurahan Manggarai" in page


def test_the_pdf_opens_has_the_titles_and_its_qr_codes_decode_to_the_issue_pages(
    client, site_url, open_issues, facilitator_of_manggarai
):
    response = client.get(reverse("notice_sheet_pdf", args=["manggarai"]), {"lang": "en"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) >= 2  # the issues, then the paper form on a page of its own
    text = "\n".join(page.get_textpage().get_text_range() for page in pages)
    assert "Notice board: Kelurahan Manggarai" in text
    assert "Saluran air tersumbat" in text and "Lampu jalan mati" in text
    assert "Ibu Sri" in text and "Paper form" in text and "Participant code" in text
    assert f"Ibu Sri · Facilitator · Kelurahan Manggarai · reach them: {CONTACT}" in " ".join(text.split())
    image = pages[0].render(scale=3).to_pil()
    decoded = {result.text for result in zxingcpp.read_barcodes(image)}
    assert decoded == {f"https://warga.example.go.id/issues/{issue.pk}/" for issue in open_issues}


def test_the_pdf_in_bahasa_indonesia(client, open_issues):
    response = client.get(reverse("notice_sheet_pdf", args=["manggarai"]), {"lang": "id"})
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf_pages(response.content))
    assert "Papan pengumuman: Kelurahan Manggarai" in text
    assert "Formulir kertas" in text


def test_hidden_and_closed_issues_are_not_on_the_sheet(client, open_issues, areas):
    from issues.models import Issue

    Issue.objects.filter(pk=open_issues[1].pk).update(hidden=True)
    page = client.get(reverse("notice_sheet", args=["manggarai"])).content.decode()
    assert "Lampu jalan mati" not in page and "Saluran air tersumbat" in page


def test_an_unknown_area_has_no_sheet(client, areas):
    assert client.get(reverse("notice_sheet_pdf", args=["nowhere"])).status_code == 404


def test_a_facilitator_without_a_contact_is_listed_by_name_and_staff_say_whose(
    client, open_issues, user_factory, areas
):
    member = user_factory(name="Dewi Lestari", home=areas["menteng"])
    account_actions.grant_council_member(user=member, district="Dapil 7", areas=[areas["tebet"]], by="test")
    staff = user_factory(name="Ibu Rina", home=areas["manggarai-rw-04"])
    account_actions.grant_facilitator(
        user=staff, areas=[areas["manggarai"]], by="test", for_member=member.council_member_role
    )
    page = client.get(reverse("notice_sheet", args=["manggarai"]), {"lang": "en"}).content.decode()
    assert "Ibu Rina" in page and "Facilitator · staff of Dewi Lestari" in page and "reach them" not in page
    response = client.get(reverse("notice_sheet_pdf", args=["manggarai"]), {"lang": "en"})
    text = " ".join("\n".join(p.get_textpage().get_text_range() for p in pdf_pages(response.content)).split())
    assert "Ibu Rina · Facilitator · staff of Dewi Lestari" in text and "reach them" not in text
