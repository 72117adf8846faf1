from django.utils.functional import SimpleLazyObject

from accounts import queries


def areas(request):
    """The area switcher's list, queried only if a template shows it."""
    return {"nav_areas": SimpleLazyObject(queries.area_tree)}


def viewer(request):
    """The signed-in person as the site frame names them (with their badge), queried only if
    a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"viewer_person": SimpleLazyObject(lambda: queries.person_with_badge(user))}
