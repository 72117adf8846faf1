"""The profile page's residency section, computed where it is shown (the profile view is accounts')."""

from django import template

from residency.views import residency_context

register = template.Library()


@register.inclusion_tag("residency/section.html", takes_context=True)
def residency_section(context):
    return {
        **residency_context(context["request"].user),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
