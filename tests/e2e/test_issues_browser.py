"""A resident opens an issue with a photo in a real browser, then finds it through search."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import make_user

pytestmark = pytest.mark.e2e


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded photos go to a temporary directory (set before the server process starts)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def photo_file(tmp_path):
    from PIL import Image

    path = tmp_path / "got-mampet.jpg"
    Image.new("RGB", (320, 240), (40, 90, 160)).save(path, "JPEG")
    return path


def test_open_an_issue_with_a_photo_and_find_it_through_search(media_root, live_site, page, areas, photo_file):
    from issues import actions

    siti = make_user(name="Siti", home=areas["manggarai-rw-04"], email="siti@example.org")
    actions.open_issue(
        actor=siti,
        title="Saluran tersumbat dekat pasar",
        description="Air meluap.",
        category="flooding",
        area=areas["manggarai"],
    )
    live_site.sign_in(page, "siti@example.org")

    page.goto(live_site.url + "/issues/new/")
    page.get_by_label("Title").press_sequentially("Saluran got mampet di Gang Mawar", delay=20)
    # While typing, htmx asks for similar open issues in the area and shows them.
    expect(page.locator("#similar-issues")).to_contain_text("Saluran tersumbat dekat pasar")
    page.get_by_label("Category").select_option("flooding")
    page.get_by_label("Description").fill("Got di Gang Mawar mampet; airnya berwarna kehijauan setiap pagi.")
    page.get_by_label("Photos").set_input_files(str(photo_file))
    page.get_by_role("button", name="Open the issue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Saluran got mampet di Gang Mawar")
    photo = page.get_by_role("img", name=re.compile("Photo 1 of 1"))
    expect(photo).to_have_attribute("src", re.compile(r"^/media/issues/\d+/[0-9a-f]{32}\.jpg$"))
    expect(page.get_by_role("button", name=re.compile("Following"))).to_be_visible()
    permalink = page.url

    # Anyone finds it by a word of its description.
    page.context.clear_cookies()
    page.goto(live_site.url + "/issues/")
    page.locator("main").get_by_role("searchbox", name="Search").fill("kehijauan")  # the header has one too
    page.get_by_role("button", name="Show issues").click()
    result = page.get_by_role("link", name="Saluran got mampet di Gang Mawar")
    expect(result).to_be_visible()
    expect(page.get_by_role("link", name="Saluran tersumbat dekat pasar")).to_have_count(0)
    result.click()
    expect(page).to_have_url(permalink)
