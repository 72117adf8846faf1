"""One address, or one account, cannot hold unlimited websockets; an unknown path is declined cleanly."""

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from core.sockets import CLOSE_TOO_MANY
from deliberation.asgi import application
from tests.live_helpers import live_socket

pytestmark = pytest.mark.django_db(transaction=True)


def make_issue():
    from accounts import actions as account_actions
    from issues import actions as issue_actions
    from tests.conftest import make_user

    tebet = account_actions.save_area(name="Kecamatan Tebet", slug="tebet", parent=None)
    return issue_actions.open_issue(
        actor=make_user(name="Siti", home=tebet),
        title="Banjir",
        description="Air menggenang.",
        category="flooding",
        area=tebet,
    )


@pytest.fixture
def issue(transactional_db):
    return make_issue()


@pytest.fixture
def caps(settings):
    settings.LIVE_MAX_SOCKETS_PER_ADDRESS = 3
    settings.LIVE_MAX_SOCKETS_PER_ACCOUNT = 2
    settings.TRUSTED_PROXY_COUNT = 1  # behind nginx: the client is the last X-Forwarded-For entry
    return settings


def socket(path, *, address="203.0.113.7", session=None):
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost"), (b"x-forwarded-for", address.encode())]
    if session:
        headers.append((b"cookie", f"sessionid={session}".encode()))
    viewer = live_socket(path, app=application, headers=headers)
    viewer.scope["client"] = ("127.0.0.1", 50000)  # the proxy
    return viewer


async def opened(viewer) -> bool:
    connected, _code = await viewer.connect()
    if not connected:
        return False
    first = await viewer.receive_output()
    if first["type"] == "websocket.close":
        viewer.close_code = first.get("code")
        return False
    return True


async def close_code(viewer):
    assert (await viewer.connect())[0], "the socket is accepted so that the close code reaches the browser"
    output = await viewer.receive_output()
    assert output["type"] == "websocket.close"
    return output["code"]


async def signed_in_session(user) -> str:
    def login():
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return await sync_to_async(login)()


async def test_one_address_holds_at_most_its_cap_of_sockets(issue, caps):
    path = f"/ws/issues/{issue.pk}/"
    held = [socket(path) for _ in range(3)]
    for viewer in held:
        assert await opened(viewer)
    assert await close_code(socket(path)) == CLOSE_TOO_MANY
    # Someone else behind the same proxy is not affected.
    neighbour = socket(path, address="198.51.100.20")
    assert await opened(neighbour)
    # A closed socket frees its place.
    await held.pop().disconnect()
    again = socket(path)
    assert await opened(again)
    for viewer in [*held, neighbour, again]:
        await viewer.disconnect()


async def test_one_account_holds_at_most_its_cap_from_any_address(issue, caps):
    from tests.conftest import make_user

    user = await sync_to_async(make_user)(name="Budi")
    session = await signed_in_session(user)
    held = [socket("/ws/notifications/", address=f"192.0.2.{n}", session=session) for n in (1, 2)]
    for viewer in held:
        assert await opened(viewer)
    assert await close_code(socket(f"/ws/issues/{issue.pk}/", address="192.0.2.3", session=session)) == CLOSE_TOO_MANY
    # A visitor at that address is still welcome.
    visitor = socket(f"/ws/issues/{issue.pk}/", address="192.0.2.3")
    assert await opened(visitor)
    for viewer in [*held, visitor]:
        await viewer.disconnect()


@pytest.mark.parametrize("path", ["/ws/nothing-here/", "/ws/issues/not-a-number/", "/elsewhere"])
async def test_an_unknown_path_is_declined_not_a_traceback(path):
    viewer = socket(path)
    connected, _code = await viewer.connect(timeout=5)
    assert not connected
    await viewer.wait(timeout=1)  # the application finished without raising
