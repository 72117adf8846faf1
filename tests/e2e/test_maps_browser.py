"""Maps in a real browser, with a local tile server standing in for OpenStreetMap's: issues as
clustered pins coloured by status with the clock in the popup, a blank canvas when no tiles load,
and the new-issue form's pin picker that fills the coordinates and asks what is near."""

from __future__ import annotations

import io
import re
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.e2e.axe import violations
from django.db import transaction
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.e2e.conftest import point_map_tiles_at

pytestmark = pytest.mark.e2e


def _tile_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(buffer, "PNG")
    return buffer.getvalue()


class TileStub:
    """A tile server on loopback that answers every /z/x/y.png with one green square and counts requests."""

    def __init__(self):
        png = _tile_png()
        self.paths: list[str] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stub.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(png)))
                self.end_headers()
                self.wfile.write(png)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tile_stub(settings):
    stub = TileStub()
    point_map_tiles_at(settings, stub.url)
    yield stub
    stub.close()


@pytest.fixture
def no_tiles(settings):
    """A tile server that is not there (a closed network): nothing listens on the port."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    point_map_tiles_at(settings, f"http://127.0.0.1:{port}")


def watch_problems(page) -> list[str]:
    """Console errors (CSP violations among them), script errors and failed requests of ``page``."""
    seen: list[str] = []

    def console(message):
        # A failed request is reported below with its address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            seen.append(re.sub(r"'nonce-[^']*'", "'nonce'", message.text))

    page.on("console", console)
    page.on("pageerror", lambda error: seen.append(str(error)))
    page.on("response", lambda r: seen.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return seen


def added_by_maps(page, problems: list[str], base_url: str) -> list[str]:
    """What the maps add to the problems of a page without a map (the site's own, such as a
    missing favicon, are another issue's)."""
    baseline = watch_problems(page)
    page.goto(base_url + "/accounts/login/")
    page.wait_for_load_state("load")
    return [p for p in problems if p not in baseline and not p.endswith("/favicon.ico")]


@pytest.fixture
def problems(page):
    return watch_problems(page)


@pytest.fixture
def issues_on_the_map(areas, water_agency):
    from accounts import actions as account_actions
    from issues import actions
    from responses import actions as response_actions

    siti = make_user(name="Siti", home=areas["manggarai-rw-04"], email="siti@example.org")
    official = make_user(name="Rina", home=areas["manggarai-rw-04"])
    account_actions.grant_official(user=official, agency=water_agency, areas=[areas["tebet"]], by="test")

    def open_(title, lat, lon, **extra):
        return actions.open_issue(
            actor=siti,
            title=title,
            description="Air meluap.",
            category="flooding",
            area=areas["manggarai"],
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            **extra,
        )

    clocked = open_("Banjir di Jalan Manggarai Utara", "-6.210000", "106.850000")
    with transaction.atomic():
        response_actions.start_clock(issue=clocked, trigger="threshold")
    open_("Got mampet di Gang Mawar", "-6.210100", "106.850100")
    answered = open_("Lampu jalan mati", "-6.230000", "106.870000")
    response_actions.publish_response(actor=official, issue=answered, status="in_progress", body="Sedang diperbaiki.")
    return siti


def test_the_list_shows_issues_as_clustered_pins_with_the_clock_in_the_popup(
    tile_stub, live_site, page, issues_on_the_map, problems
):
    page.goto(live_site.url + "/issues/")
    issue_map = page.get_by_role("region", name="Map of these issues")
    expect(issue_map).to_be_visible()
    expect(issue_map.locator(".leaflet-tile-loaded").first).to_be_attached()
    assert tile_stub.paths and all(re.fullmatch(r"/\d+/\d+/\d+\.png", p) for p in tile_stub.paths)
    expect(issue_map.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    # Two issues ten metres apart are one cluster at this zoom; the third stands alone, coloured by status.
    expect(issue_map.locator(".marker-cluster")).to_have_count(1)
    expect(issue_map.locator(".marker-cluster")).to_contain_text("2")
    lone = issue_map.locator(".map-pin.status-in_progress")
    expect(lone).to_have_count(1)
    expect(lone).to_have_attribute("title", "Lampu jalan mati · In progress")

    issue_map.locator(".marker-cluster").click()  # zooms in and spreads the two pins
    pin = issue_map.get_by_title(re.compile("^Banjir di Jalan Manggarai Utara"))
    expect(pin).to_have_attribute("title", "Banjir di Jalan Manggarai Utara · Open · 14 days left")
    pin.focus()
    page.keyboard.press("Enter")  # markers are reachable and opened from the keyboard
    popup = issue_map.locator(".leaflet-popup")
    expect(popup).to_contain_text("14 days left")
    expect(popup.get_by_role("link", name="Banjir di Jalan Manggarai Utara")).to_be_visible()
    assert added_by_maps(page, list(problems), live_site.url) == []


def test_the_map_follows_the_lists_filters(tile_stub, live_site, page, issues_on_the_map):
    page.goto(live_site.url + "/issues/")
    issue_map = page.get_by_role("region", name="Map of these issues")
    expect(issue_map).to_have_attribute("data-markers", "3")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_role("button", name="Show issues").click()
    expect(page.locator("#issue-results")).not_to_contain_text("Banjir")
    expect(issue_map).to_have_attribute("data-markers", "1")


def test_with_no_tiles_the_pins_stay_on_a_blank_canvas_and_the_page_works(no_tiles, live_site, page, issues_on_the_map):
    page.goto(live_site.url + "/issues/")
    issue_map = page.get_by_role("region", name="Map of these issues")
    expect(issue_map).to_have_attribute("data-markers", "3")
    expect(issue_map.locator(".map-pin.status-in_progress")).to_be_visible()
    expect(issue_map.locator(".leaflet-tile-loaded")).to_have_count(0)
    page.get_by_role("link", name="Lampu jalan mati").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lampu jalan mati")
    expect(
        page.get_by_role("region", name="Where this issue is").locator(".map-pin.status-in_progress")
    ).to_be_visible()


def test_without_javascript_there_is_no_map_and_the_list_is_whole(live_site, browser, issues_on_the_map):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site.url + "/issues/")
    expect(page.get_by_role("region", name="Map of these issues")).to_be_hidden()
    expect(page.locator(".issue-row")).to_have_count(3)
    context.close()


def test_a_resident_places_the_pin_and_is_told_what_is_already_reported_near_it(
    tile_stub, live_site, browser, issues_on_the_map
):
    context = browser.new_context(
        base_url=live_site.url, geolocation={"latitude": -6.2101, "longitude": 106.8501}, permissions=["geolocation"]
    )
    page = context.new_page()
    problems = watch_problems(page)
    live_site.sign_in(page, "siti@example.org")
    page.goto("/issues/new/")
    picker = page.locator("[data-map-picker]")
    expect(picker).to_be_visible()
    canvas = picker.locator(".map-canvas")
    canvas.click(position={"x": 60, "y": 60})
    latitude, longitude = page.get_by_label("Latitude"), page.get_by_label("Longitude")
    expect(latitude).to_have_value(re.compile(r"^-6\.\d{6}$"))
    expect(longitude).to_have_value(re.compile(r"^106\.\d{6}$"))
    expect(picker.get_by_role("status")).to_contain_text("Pin placed")

    # "Use my location" moves the pin to the device's position; what is reported near it appears.
    picker.get_by_role("button", name="Use my location").click()
    expect(latitude).to_have_value("-6.210100")
    expect(longitude).to_have_value("106.850100")
    nearby = page.locator("#nearby-issues")
    expect(nearby).to_contain_text("Got mampet di Gang Mawar")
    expect(nearby).to_contain_text("Banjir di Jalan Manggarai Utara")
    expect(nearby).not_to_contain_text("Lampu jalan mati")

    # Typing coordinates moves the pin; the keyboard puts it at the map's centre.
    latitude.fill("-6.230000")
    longitude.fill("106.870000")
    longitude.dispatch_event("change")
    expect(nearby).to_contain_text("Lampu jalan mati")
    picker.get_by_role("button", name="Put the pin at the map's centre").press("Enter")
    expect(latitude).to_have_value(re.compile(r"^-6\.2\d{5}$"))
    assert added_by_maps(page, list(problems), live_site.url) == []
    context.close()


def test_the_pages_with_maps_pass_axe(tile_stub, live_site, browser, issues_on_the_map, areas):
    from issues.models import Issue

    context = browser.new_context(base_url=live_site.url)
    page = context.new_page()
    issue = Issue.objects.get(title="Lampu jalan mati")
    for path, name in [
        ("/issues/", "Map of these issues"),
        (areas["manggarai"].get_absolute_url(), "Map of the issues in this area"),
        (issue.get_absolute_url(), "Where this issue is"),
    ]:
        page.goto(path)
        expect(page.get_by_role("region", name=name)).to_have_class(re.compile("map-ready"))
        assert violations(page) == [], path
    page.get_by_role("region", name="Where this issue is").locator(".map-pin").click()
    expect(page.locator(".leaflet-popup")).to_be_visible()
    assert violations(page) == [], "with a popup open"
    live_site.sign_in(page, "siti@example.org")
    editable = Issue.objects.get(title="Got mampet di Gang Mawar")  # no official response yet
    for path in ("/issues/new/", f"/issues/{editable.pk}/edit/"):
        page.goto(path)
        expect(page.locator("[data-map-picker]")).to_be_visible()
        page.locator("[data-map-picker] .map-canvas").click(position={"x": 80, "y": 80})
        expect(page.get_by_label("Latitude")).not_to_have_value("")
        assert violations(page) == [], path
    context.close()


def test_the_issue_page_map_follows_the_authors_edit_live(tile_stub, live_site, open_as, issues_on_the_map):
    from issues.models import Issue

    issue = Issue.objects.get(title="Got mampet di Gang Mawar")
    viewer = open_as(None, issue.get_absolute_url())
    issue_map = viewer.get_by_role("region", name="Where this issue is")
    expect(issue_map.get_by_title(re.compile("^Got mampet di Gang Mawar"))).to_be_visible()

    author = open_as(issues_on_the_map, f"/issues/{issue.pk}/edit/", live=False)
    author.get_by_label("Title").fill("Got mampet di ujung Gang Mawar")
    author.get_by_label("Latitude").fill("-6.211000")
    author.get_by_label("Longitude").fill("106.851000")
    author.get_by_role("button", name="Save the edit").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("Got mampet di ujung Gang Mawar")
    # The viewer's map reloads with the header's live replacement: the pin carries the new title.
    expect(issue_map.get_by_title(re.compile("^Got mampet di ujung Gang Mawar"))).to_be_visible()

    author.goto(f"/issues/{issue.pk}/edit/")
    author.get_by_label("Latitude").fill("")
    author.get_by_label("Longitude").fill("")
    author.get_by_role("button", name="Save the edit").click()
    expect(author.get_by_role("heading", level=1)).to_be_visible()
    expect(issue_map).to_be_hidden()  # no place any more: no map
