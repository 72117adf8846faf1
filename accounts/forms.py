from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts import actions, names
from accounts.models import Area


class AreaChoiceField(forms.ModelChoiceField):
    """Areas in tree order, indented by depth so the hierarchy reads in a plain <select>."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Area.objects.order_by("path"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Area) -> str:
        return obj.indented_name


class ProfileFieldsMixin(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=names.MAX_LENGTH,
        help_text=_("Shown beside everything you write. It does not have to be your full name."),
    )
    home_area = AreaChoiceField(
        label=_("Home area"),
        required=False,
        empty_label=_("Choose later"),
        help_text=_("Where you live. You vote on the priorities of this area and the areas above it."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("As my browser says")), *settings.LANGUAGES], required=False
    )

    def clean_display_name(self):
        return names.clean_display_name(self.cleaned_data["display_name"])


class SignupProfileForm(ProfileFieldsMixin):
    """Extra sign-up fields; allauth calls ``signup`` after creating the user."""

    field_order = ["email", "display_name", "home_area", "language", "password1", "password2"]

    def signup(self, request, user):
        actions.ensure_profile(user)
        actions.update_profile(
            actor=user, display_name=self.cleaned_data["display_name"], language=self.cleaned_data.get("language") or ""
        )
        # A new account has no residency that moving could end: the accounts part is all there is.
        actions.change_home(actor=user, home_area=self.cleaned_data.get("home_area"))


class ProfileForm(ProfileFieldsMixin):
    pass
