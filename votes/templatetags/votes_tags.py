"""The profile page's votes section, computed where it is shown (the profile view is accounts')."""

from django import template

from votes import queries

register = template.Library()


@register.inclusion_tag("votes/profile_section.html", takes_context=True)
def profile_votes_section(context):
    user = context["request"].user
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "votes": queries.own_votes(user),
        "ballots": queries.own_ballots(user),
    }
