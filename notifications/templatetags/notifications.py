from django import template

from notifications import queries

register = template.Library()


@register.inclusion_tag("notifications/settings_form.html", takes_context=True)
def notification_settings(context):
    """The per-kind on/off switches, for the profile page."""
    request = context["request"]
    return {"rows": queries.settings_of(request.user), "csrf_token": context.get("csrf_token")}
