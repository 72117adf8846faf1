"""The site frame names the signed-in person with their badge, read in one query."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_the_frame_names_an_official_with_their_badge_in_one_query(client_of, official_of_water_agency):
    client = client_of(official_of_water_agency)
    with CaptureQueriesContext(connection) as run:
        page = client.get("/issues/").content.decode()
    assert re.search(
        r'<p class="menu-head"><span class="person"><bdi class="person-name">Rina</bdi> '
        r'<span class="badge badge-official">Official · ',
        page,
    )
    # Read through the user's own relations, each role table and the profile cost a query of their own.
    alone = [q["sql"] for q in run.captured_queries if re.match(r'SELECT .* FROM "accounts_\w+role"', q["sql"])]
    assert alone == []
