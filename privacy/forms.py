from django import forms
from django.utils.translation import gettext_lazy as _


class EraseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand: my name, e-mail addresses and residency details are erased, I am signed out "
            "everywhere, and this cannot be undone."
        ),
        error_messages={"required": _("Tick the box to confirm that you want your account deleted.")},
    )
