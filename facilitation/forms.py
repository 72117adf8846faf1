"""Forms of facilitation. They clean input; the actions decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.forms import SubmissionTokenMixin
from comments.models import MAX_LENGTH
from facilitation.models import ConsentMethod
from issues.models import RecordingMethod
from votes.forms import BallotForm

_unit_number = RegexValidator(r"^\d{1,3}$", _("Enter the number, e.g. 004."))
CONSENT_FORM_MAX_MB = 5


class RegisterForm(SubmissionTokenMixin, forms.Form):
    name = forms.CharField(label=_("Name or initials"), max_length=60)
    name_public = forms.BooleanField(
        label=_("The resident agrees that this name is shown publicly"),
        required=False,
        help_text=_("Otherwise the site shows “Warga” and their participant code."),
    )
    rt = forms.CharField(label=_("RT"), max_length=3, validators=[_unit_number])
    rw = forms.CharField(label=_("RW"), max_length=3, validators=[_unit_number])
    street = forms.CharField(
        label=_("Street and house"),
        max_length=200,
        help_text=_("Private: only the moderators and officials who verify residents see it."),
    )
    phone = forms.CharField(label=_("Phone (optional, private)"), max_length=30, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("—"))] + list(settings.LANGUAGES), required=False)
    consent_method = forms.ChoiceField(label=_("How consent was given"), choices=ConsentMethod.choices)
    consent_given_at = forms.DateField(
        label=_("Date consent was given"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    consent_witness = forms.CharField(label=_("Witness (required for spoken consent)"), max_length=120, required=False)
    consent_form = forms.FileField(
        label=_("Photo of the signed form (optional, private)"),
        required=False,
        help_text=_(
            "Only you, the area's moderators and officials, and administrators can open it; every opening is logged."
        ),
    )
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean_consent_form(self):
        upload = self.cleaned_data.get("consent_form")
        if upload and upload.size > CONSENT_FORM_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(_("The photo is larger than %(mb)d MB.") % {"mb": CONSENT_FORM_MAX_MB})
        if upload:
            from PIL import Image, UnidentifiedImageError

            try:
                Image.open(upload).verify()
            except (UnidentifiedImageError, OSError, SyntaxError):
                raise forms.ValidationError(_("Upload a photo (JPEG, PNG or WebP) of the signed form.")) from None
            upload.seek(0)
        return upload


class EntryForm(SubmissionTokenMixin, forms.Form):
    """One paper form, transcribed: whose (participant code), which issue, support and/or words."""

    code = forms.CharField(
        label=_("Participant code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
    )
    issue = forms.IntegerField(
        label=_("Issue number"), min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    support = forms.BooleanField(label=_("Supports this issue"), required=False)
    comment = forms.CharField(
        label=_("Comment, as written on the form (optional)"),
        max_length=MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    method = forms.ChoiceField(label=_("How it was given"), choices=RecordingMethod.choices)
    source = forms.CharField(
        label=_("Source"), max_length=80, required=False, help_text=_("e.g. paper form from sheet RW04-2026-12-03")
    )
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("support") and not (data.get("comment") or "").strip():
            raise forms.ValidationError(_("Tick “supports this issue”, write the comment, or both."))
        return data


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=_("Participant code"),
        max_length=12,
        help_text=_("The code on the card your facilitator gave you, e.g. K7M-4QX."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (public)"), max_length=300, widget=forms.TextInput)


class RoundPointsForm(BallotForm):
    """One paper ballot of a priority round, transcribed: whose (participant code), the points on
    each of the round's open issues, and how it was given. The budget is checked here too, so
    going over it is said beside the number that went over."""

    code = forms.CharField(
        label=_("Participant code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
    )
    method = forms.ChoiceField(label=_("How it was given"), choices=RecordingMethod.choices)
    source = forms.CharField(
        label=_("Source"), max_length=80, required=False, help_text=_("e.g. paper form from sheet RW04-2026-12-03")
    )

    def clean(self):
        data = forms.Form.clean(self)
        used = 0
        for line in self.lines:
            name = f"points-{line.issue.pk}"
            used += data.get(name) or 0
            if used > self.round.budget and data.get(name):
                self.add_error(
                    name,
                    _("This goes over the budget: %(used)d points given, %(budget)d to spend.")
                    % {
                        "used": sum(v or 0 for k, v in data.items() if k.startswith("points-")),
                        "budget": self.round.budget,
                    },
                )
                break
        return data


class ContactForm(forms.Form):
    """How residents reach a facilitator, printed beside their name on the notice-board sheets."""

    public_contact = forms.CharField(
        label=_("How residents reach you (public)"),
        max_length=160,
        required=False,
        help_text=_(
            "Printed beside your name on the notice board of your areas, e.g. Pos RW 04, Tuesday evenings; WA 0812 3456 789. Leave it empty to print only your name."
        ),
    )
