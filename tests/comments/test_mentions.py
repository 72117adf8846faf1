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
