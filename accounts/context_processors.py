from django.utils.functional import SimpleLazyObject

from accounts import queries


def viewer(request):
    """The signed-in person as the site frame names them (with their badge), queried only if
    a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"viewer_person": SimpleLazyObject(lambda: queries.person_with_badge(user))}
