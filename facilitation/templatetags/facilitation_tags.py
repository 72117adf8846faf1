"""The profile page's facilitation section: claiming an offline record, and a facilitator's links."""

from django import template

from accounts import permissions
from facilitation import rules as facilitation_rules

register = template.Library()


@register.inclusion_tag("facilitation/profile_section.html", takes_context=True)
def profile_facilitation_section(context):
    user = context["request"].user
    return {
        "facilitator": permissions.can(user, facilitation_rules.record_entries),
        "reviewer": permissions.can(user, facilitation_rules.review_any_entries),
    }
