"""The profile page's facilitation section: claiming an offline record, and a facilitator's links."""

from django import template

from accounts import permissions
from facilitation import rules as facilitation_rules
from facilitation.forms import ContactForm

register = template.Library()


@register.inclusion_tag("facilitation/profile_section.html", takes_context=True)
def profile_facilitation_section(context):
    user = context["request"].user
    facilitator = permissions.can(user, facilitation_rules.record_entries)
    return {
        "facilitator": facilitator,
        # Read with the roles just checked: no query of its own.
        "contact_form": ContactForm(initial={"public_contact": user.facilitator_role.public_contact})
        if facilitator
        else None,
        "reviewer": permissions.can(user, facilitation_rules.review_any_entries),
    }
