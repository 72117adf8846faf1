from django.utils.functional import SimpleLazyObject

from accounts import queries


def areas(request):
    """The area switcher's list, queried only if a template shows it."""
    return {"nav_areas": SimpleLazyObject(queries.area_tree)}
