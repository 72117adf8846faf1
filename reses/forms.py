"""Forms of the reses pages: a meeting, an aspiration (joining an issue or opening one), a pokir."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from facilitation.models import normalise_code
from issues.models import Category, RecordingMethod

SHEET_MAX_MB = 10
SHEET_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")


class TokenForm(forms.Form):
    """A one-time token, so a double submit records one thing."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())


class MeetingForm(TokenForm):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=120, help_text=_("E.g. Balai RW 04, Jl. Manggarai Utara"))
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas covered"), queryset=Area.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    attendance = forms.IntegerField(label=_("People attending"), min_value=0, max_value=100000)
    attendance_sheet = forms.FileField(
        label=_("Attendance sheet (photo or PDF)"),
        required=False,
        help_text=_("Private: only you, the areas' moderators and officials, and administrators can open it."),
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.filter(pk__in=[a.pk for a in areas]).order_by("path")

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > dt.date.today() + dt.timedelta(days=1):
            raise forms.ValidationError(_("A meeting is recorded after it was held."))
        return held_on

    def clean_attendance_sheet(self):
        sheet = self.cleaned_data.get("attendance_sheet")
        if sheet is None:
            return None
        if sheet.size > SHEET_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(_("The sheet is larger than %(mb)d MB.") % {"mb": SHEET_MAX_MB})
        if getattr(sheet, "content_type", "") not in SHEET_TYPES:
            raise forms.ValidationError(_("Send a JPEG, PNG or WebP photo, or a PDF."))
        return sheet


class JoinIssueForm(forms.Form):
    issue = forms.IntegerField(
        label=_("Issue number"), min_value=1, help_text=_("The number after # on the issue page or the notice board.")
    )
    summary = forms.CharField(
        label=_("What was raised"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OpenIssueForm(TokenForm):
    title = forms.CharField(label=_("Title"), max_length=140)
    description = forms.CharField(
        label=_("What was raised"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(pk__in=[a.pk for a in areas]).order_by("path")


class PokirForm(forms.Form):
    plan_year = forms.IntegerField(label=_("Plan year"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Note for the planning office"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("plan_year", dt.date.today().year + 1)


class AttendeeSupportForm(forms.Form):
    """An attendee's support for one aspiration's issue: the participant code on their card, and
    how they gave it (kept for the next attendee)."""

    code = forms.CharField(
        label=_("Participant code"),
        max_length=12,
        help_text=_("From the resident's card, e.g. K7M-4QX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    method = forms.ChoiceField(label=_("How it was given"), choices=RecordingMethod.choices)

    def __init__(self, *args, aspiration=None, focus=False, **kwargs):
        kwargs.setdefault("prefix", f"a{aspiration.pk}" if aspiration is not None else None)
        kwargs.setdefault("initial", {"method": RecordingMethod.PAPER_FORM})
        super().__init__(*args, **kwargs)
        self.aspiration = aspiration
        if focus:  # back to the code field for the next attendee
            self.fields["code"].widget.attrs["autofocus"] = True

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])
