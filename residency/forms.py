"""Forms of residency: a resident's request and a verifier's decision. They clean input; the actions decide."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from residency.actions import unchecked_match_message

_unit_number = RegexValidator(r"^\d{1,3}$", _("Enter the number, e.g. 004."))


class ResidencyRequestForm(forms.Form):
    rt = forms.CharField(
        label=_("RT"), max_length=3, validators=[_unit_number], help_text=_("Your neighbourhood association, e.g. 007.")
    )
    rw = forms.CharField(
        label=_("RW"), max_length=3, validators=[_unit_number], help_text=_("Your neighbourhood unit, e.g. 004.")
    )
    street = forms.CharField(
        label=_("Street and house"),
        max_length=200,
        help_text=_("Only the moderators and officials who verify residents of your area see these details."),
    )
    note = forms.CharField(label=_("Note for the verifier (optional)"), max_length=300, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required to decline; the resident sees it."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    confirm_distinct = forms.BooleanField(
        label=_("I have checked this is a different household or person"),
        required=False,
        help_text=_("Needed to approve while the same address is on another account (listed above)."),
    )
    # The requests of the matches this form showed (their pks), so that one appearing after the
    # page was loaded is not approved unseen.
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.matches = list(matches)
        if not self.matches:
            del self.fields["confirm_distinct"]

    def shown_value(self) -> str:
        """What the hidden field carries: the matches this rendering shows (not what was posted)."""
        return ",".join(str(m.request.pk) for m in self.matches)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you decline, so the resident knows what to fix."))
        if data.get("decision") == "approve" and self.matches and not data.get("confirm_distinct"):
            self.add_error("confirm_distinct", unchecked_match_message(self.matches))
        return data

    def checked_matches(self) -> set[int]:
        """The match requests the verifier confirmed, as the action wants them."""
        if not self.cleaned_data.get("confirm_distinct"):
            return set()
        return {int(pk) for pk in (self.cleaned_data.get("shown") or "").split(",") if pk.strip().isdigit()}
