"""Finding issues: the list's filters, sorts, pages and search, and the area and home pages."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from issues.models import Issue

LIST = reverse("issue_list")


def titles(response) -> list[str]:
    """Issue titles in the order the page lists them."""
    return re.findall(r'class="issue-row-title" href="[^"]+">([^<]+)</a>', response.content.decode())


def aged(issue, days: int, **fields):
    """Pretend the issue was opened ``days`` ago (and set counts kept by other apps)."""
    Issue.objects.filter(pk=issue.pk).update(created_at=timezone.now() - timedelta(days=days), **fields)
    return issue


@pytest.fixture
def street_issues(issue_factory, resident_of_manggarai, resident_of_bukit_duri, areas):
    """Four issues in Tebet, of different ages, support and talk."""
    return {
        "drain": aged(
            issue_factory(
                resident_of_manggarai,
                area=areas["manggarai-rw-04"],
                title="Blocked drain by the mosque",
                description="Air meluap setiap hujan.",
            ),
            30,
            support_count=5,
            comment_count=1,
        ),
        "lights": aged(
            issue_factory(
                resident_of_manggarai,
                area=areas["manggarai"],
                title="Streetlights out",
                category="safety",
                description="Gelap total di gang.",
            ),
            10,
            support_count=9,
            comment_count=0,
        ),
        "rubbish": aged(
            issue_factory(
                resident_of_bukit_duri,
                area=areas["bukit-duri-rw-03"],
                title="Sampah menumpuk",
                category="waste",
                description="Bau sampai ke sekolah.",
            ),
            20,
            support_count=5,
            comment_count=12,
        ),
        "pavement": aged(
            issue_factory(
                resident_of_bukit_duri,
                area=areas["bukit-duri"],
                title="Broken pavement",
                category="roads",
                description="Near the bus stop, a deep hole.",
            ),
            1,
            comment_count=3,
        ),
    }


def test_anyone_can_read_the_list_without_signing_in(client, street_issues):
    response = client.get(LIST)
    assert response.status_code == 200
    assert len(titles(response)) == 4


def test_each_row_shows_title_area_category_status_support_comments_and_age(client, street_issues):
    page = client.get(LIST, {"sort": "discussed"}).content.decode()
    row = page[page.index('id="issue-row-%d"' % street_issues["rubbish"].pk) :].split("</li>")[0]
    for text in (
        "Sampah menumpuk",
        "RW 03 Bukit Duri",
        "Waste",
        "Open",
        "5 supporters",
        "12 comments",
        "opened 2\xa0weeks ago",
    ):
        assert text in row, text


def test_priority_puts_the_most_supported_first_then_the_longest_waiting(client, street_issues):
    assert titles(client.get(LIST)) == [
        "Streetlights out",
        "Blocked drain by the mosque",
        "Sampah menumpuk",
        "Broken pavement",
    ]


@pytest.mark.parametrize(
    "sort,expected",
    [
        ("newest", ["Broken pavement", "Streetlights out", "Sampah menumpuk", "Blocked drain by the mosque"]),
        ("discussed", ["Sampah menumpuk", "Broken pavement", "Blocked drain by the mosque", "Streetlights out"]),
        ("waiting", ["Blocked drain by the mosque", "Sampah menumpuk", "Streetlights out", "Broken pavement"]),
    ],
)
def test_the_other_sorts(client, street_issues, sort, expected):
    assert titles(client.get(LIST, {"sort": sort})) == expected


def test_waiting_longest_leaves_out_issues_already_in_hand_or_closed(client, street_issues):
    Issue.objects.filter(pk=street_issues["drain"].pk).update(status="in_progress")
    Issue.objects.filter(pk=street_issues["rubbish"].pk).update(status="resolved")
    Issue.objects.filter(pk=street_issues["lights"].pk).update(status="acknowledged")
    assert titles(client.get(LIST, {"sort": "waiting"})) == ["Streetlights out", "Broken pavement"]


def test_an_area_filter_includes_everything_below_it(client, street_issues, areas):
    assert set(titles(client.get(LIST, {"area": "manggarai"}))) == {"Blocked drain by the mosque", "Streetlights out"}
    assert set(titles(client.get(LIST, {"area": "bukit-duri-rw-03"}))) == {"Sampah menumpuk"}
    assert len(titles(client.get(LIST, {"area": "tebet"}))) == 4
    assert titles(client.get(LIST, {"area": "menteng"})) == []


def test_category_and_status_filters(client, street_issues):
    Issue.objects.filter(pk=street_issues["pavement"].pk).update(status="acknowledged")
    assert titles(client.get(LIST, {"category": "waste"})) == ["Sampah menumpuk"]
    assert titles(client.get(LIST, {"status": "acknowledged"})) == ["Broken pavement"]
    assert titles(client.get(LIST, {"status": "acknowledged", "category": "waste"})) == []


def test_filters_combine_with_sorts(client, street_issues):
    assert titles(client.get(LIST, {"area": "tebet", "category": "flooding", "sort": "newest"})) == [
        "Blocked drain by the mosque"
    ]


def test_nonsense_filters_are_ignored_rather_than_failing(client, street_issues):
    response = client.get(LIST, {"area": "atlantis", "category": "lava", "status": "??", "sort": "random", "page": "x"})
    assert response.status_code == 200 and len(titles(response)) == 4


def test_hidden_issues_are_not_listed(client, street_issues):
    Issue.objects.filter(pk=street_issues["drain"].pk).update(hidden=True)
    assert "Blocked drain by the mosque" not in titles(client.get(LIST))


@override_settings(ISSUES_PER_PAGE=5)
def test_pages_follow_one_another_without_gaps_or_repeats(client, issue_factory, resident_of_manggarai):
    for n in range(12):
        aged(issue_factory(resident_of_manggarai, title=f"Issue {n:02d}"), n)
    pages = [titles(client.get(LIST, {"sort": "newest", "page": p})) for p in (1, 2, 3)]
    assert pages == [[f"Issue {n:02d}" for n in range(a, min(a + 5, 12))] for a in (0, 5, 10)]
    second = client.get(LIST, {"sort": "newest", "page": 2}).content.decode()
    assert (
        'rel="prev" href="?sort=newest&amp;page=1"' in second and 'rel="next" href="?sort=newest&amp;page=3"' in second
    )
    assert 'rel="next"' not in client.get(LIST, {"sort": "newest", "page": 3}).content.decode()


def test_htmx_gets_only_the_results(client, street_issues):
    response = client.get(LIST, {"sort": "newest"}, headers={"HX-Request": "true", "HX-Target": "issue-results"})
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="issue-results"')
    assert "<html" not in page and len(titles(response)) == 4


def test_search_finds_words_in_the_title(client, street_issues):
    assert titles(client.get(LIST, {"q": "streetlights"})) == ["Streetlights out"]


def test_search_finds_words_in_the_description(client, street_issues):
    assert titles(client.get(LIST, {"q": "sekolah"})) == ["Sampah menumpuk"]


def test_search_needs_every_word(client, street_issues):
    assert titles(client.get(LIST, {"q": "broken hole"})) == ["Broken pavement"]
    assert titles(client.get(LIST, {"q": "broken mosque"})) == []


def test_search_keeps_the_filters(client, street_issues):
    assert titles(client.get(LIST, {"q": "air", "area": "bukit-duri"})) == []
    assert titles(client.get(LIST, {"q": "air", "area": "manggarai"})) == ["Blocked drain by the mosque"]


def test_a_search_with_no_result_says_so(client, street_issues):
    page = client.get(LIST, {"q": "volcano"}).content.decode()
    assert "No issues match “volcano”" in page


def test_search_text_is_shown_back_inert(client, street_issues):
    page = client.get(LIST, {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


@pytest.mark.postgres
def test_on_postgresql_the_best_match_comes_first(client, issue_factory, resident_of_manggarai):
    aged(issue_factory(resident_of_manggarai, title="Banjir", description="Sekali banjir."), 1)
    aged(
        issue_factory(
            resident_of_manggarai, title="Banjir banjir lagi", description="Banjir setiap hujan, banjir setinggi lutut."
        ),
        5,
    )
    assert titles(client.get(LIST, {"q": "banjir"})) == ["Banjir banjir lagi", "Banjir"]


def test_an_area_page_lists_its_issues_and_those_below_it(client, street_issues, areas):
    response = client.get(reverse("area_detail", args=["manggarai"]))
    assert set(titles(response)) == {"Blocked drain by the mosque", "Streetlights out"}
    assert set(titles(client.get(reverse("area_detail", args=["tebet"]), {"sort": "newest"}))) == {
        "Broken pavement",
        "Streetlights out",
        "Sampah menumpuk",
        "Blocked drain by the mosque",
    }


def test_an_area_page_without_issues_says_so(client, areas):
    page = client.get(reverse("area_detail", args=["menteng"])).content.decode()
    assert "No issues have been raised in this area yet." in page


def test_an_unknown_area_is_not_found(client, areas):
    assert client.get(reverse("area_detail", args=["atlantis"])).status_code == 404


def test_the_home_page_shows_issues_instead_of_the_empty_state(client, street_issues):
    page = client.get(reverse("home")).content.decode()
    assert "No issues have been raised yet." not in page
    assert "Most supported" in page and "Recently opened" in page
    assert "Streetlights out" in page and "Broken pavement" in page


def test_the_home_page_says_when_there_are_no_issues(client, areas):
    assert "No issues have been raised yet." in client.get(reverse("home")).content.decode()


def test_the_area_filter_offers_the_upper_levels_and_the_area_asked_for(client, areas):
    """Jakarta has ~30,000 RTs: the list's area menu offers the upper levels (the area picker
    searches the rest), and an area deeper than those when a link asks for it."""
    from django.urls import reverse

    def offered(params):
        html = client.get(reverse("issue_list"), params).content.decode()
        menu = html[html.index('name="area"') : html.index("</select>", html.index('name="area"'))]
        return set(re.findall(r'value="([^"]*)"', menu))

    plain = offered({})
    assert "manggarai" in plain and "manggarai-rw-04" not in plain
    assert "manggarai-rw-04" in offered({"area": "manggarai-rw-04"})
