"""Small helpers of the issue templates."""

from django import template
from django.utils import timezone
from django.utils.html import avoid_wrapping, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import gettext, ngettext

register = template.Library()


_UNITS = [
    ("year", 365 * 86400),
    ("month", 30 * 86400),
    ("week", 7 * 86400),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
]


@register.filter
def age(moment) -> str:
    """How long ago, in its largest unit only ("3 weeks"): timesince(depth=1) in one translation
    lookup instead of a dozen, since every row of a list prints one. Django's own (translated) words."""
    if not moment:
        return ""
    seconds = max(0, int((timezone.now() - moment).total_seconds()))
    for unit, size in _UNITS:
        if seconds >= size:
            return avoid_wrapping(TIME_STRINGS[unit] % {"num": seconds // size})
    return avoid_wrapping(TIME_STRINGS["minute"] % {"num": 0})


@register.filter
def select(bound_field) -> str:
    """A <select> for a ChoiceField, built in Python: a filter form renders dozens of options
    on every list page, and Django's widget templates cost a template render per option."""
    current = str(bound_field.value() or "")
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == current else "", label)
            for value, label in bound_field.field.choices
        ),
    )
    return format_html(
        '<select name="{}" id="{}">{}</select>', bound_field.html_name, bound_field.id_for_label, options
    )


@register.simple_tag
def osm_url(latitude, longitude) -> str:
    """An OpenStreetMap link centred on a point (no map is embedded: no third-party requests)."""
    lat, lon = f"{latitude:.6f}", f"{longitude:.6f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"


@register.filter
def area_url(area) -> str:
    """``area.get_absolute_url`` without a reverse() per row."""
    from issues.links import link

    return link("area_detail", slug=area.slug)


# A list prints these on every row: the same translated sentences as {% blocktranslate count %}
# would give, without its per-use template machinery.
@register.filter
def supporters(n: int) -> str:
    return ngettext("%(n)s supporter", "%(n)s supporters", n) % {"n": n}


@register.filter
def comments_count(n: int) -> str:
    return ngettext("%(n)s comment", "%(n)s comments", n) % {"n": n}


@register.filter
def opened_ago(moment) -> str:
    return gettext("opened %(age)s ago") % {"age": age(moment)}


@register.filter
def photo_url(name: str) -> str:
    """The URL of a stored photo from its file name (a list row's ``first_photo``)."""
    from issues.models import IssuePhoto

    return IssuePhoto._meta.get_field("image").storage.url(name) if name else ""
