"""@mentions resolve names as people see them printed: brackets, commas, spaces, Indonesian names (issue 13, item 2)."""

import pytest

from notifications.models import Notification


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Siti (Manggarai)", "Thanks @Siti (Manggarai), the drain is clear."),
        ("Siti (Manggarai)", "@Siti (Manggarai)"),
        ("Budi, RT 05", "Ask @Budi, RT 05 about it."),
        ("Ni Ketut Sri Wahyuni", "Setuju dengan @Ni Ketut Sri Wahyuni."),
        ("I Gusti Ayu Ma'ruf-Sari", "Menurut @i gusti ayu ma'ruf-sari, airnya naik!"),
        ("Rina Wulandari", "@Rina   Wulandari: please look."),
    ],
)
def test_a_name_as_printed_is_mentioned_and_told(
    flooded_street, resident_of_bukit_duri, user_factory, areas, post_comment, name, written
):
    person = user_factory(name=name, home=areas["manggarai"])
    comment = post_comment(resident_of_bukit_duri, flooded_street, written)
    assert list(comment.mentions.values_list("user_id", flat=True)) == [person.pk]
    assert Notification.objects.filter(kind="mention", recipient=person).count() == 1


def test_the_longest_name_wins_and_two_mentions_in_one_sentence_are_both_found(
    flooded_street, resident_of_bukit_duri, user_factory, areas, post_comment
):
    short = user_factory(name="Siti", home=areas["kebon-baru"])
    long = user_factory(name="Siti (Manggarai)", home=areas["manggarai"])
    budi = user_factory(name="Budi (Bukit Duri)", home=areas["bukit-duri"])
    comment = post_comment(
        resident_of_bukit_duri, flooded_street, "@Siti (Manggarai) and @Budi (Bukit Duri), thank you"
    )
    assert set(comment.mentions.values_list("user_id", flat=True)) == {long.pk, budi.pk}
    assert not comment.mentions.filter(user=short).exists()


def test_a_mention_links_to_the_persons_public_page_and_code_stays_code(
    flooded_street, resident_of_bukit_duri, user_factory, areas, post_comment
):
    siti = user_factory(name="Siti (Manggarai)", home=areas["manggarai"])
    comment = post_comment(resident_of_bukit_duri, flooded_street, "Thanks @Siti (Manggarai)!\n\n`@Siti (Manggarai)`")
    html = str(comment.rendered_body)
    assert f'<a class="mention" href="/people/{siti.pk}/">@Siti (Manggarai)</a>!' in html
    assert "<code>@Siti (Manggarai)</code>" in html


def test_a_persons_public_page_shows_public_facts_only(
    client, flooded_street, resident_of_manggarai, resident_of_bukit_duri, post_comment, django_assert_max_num_queries
):
    post_comment(resident_of_manggarai, flooded_street, "It is getting worse.")
    with django_assert_max_num_queries(12):
        response = client.get(f"/people/{resident_of_manggarai.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert resident_of_manggarai.profile.display_name in html
    assert flooded_street.title in html
    assert "It is getting worse." in html
    assert resident_of_manggarai.email not in html
    heading = html.split("<main")[1].split('id="person-issues"')[0]
    assert resident_of_manggarai.profile.home_area.name not in heading  # no home area


def test_an_erased_person_has_no_public_page(client, resident_of_manggarai):
    from privacy import actions as privacy_actions

    privacy_actions.erase_account(actor=resident_of_manggarai, user=resident_of_manggarai)
    assert client.get(f"/people/{resident_of_manggarai.pk}/").status_code == 404
    assert client.get("/people/999999/").status_code == 404
