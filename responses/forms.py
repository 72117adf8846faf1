import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from responses.actions import RESPONSE_STATES, CommitmentDraft
from issues.models import Status


class ResponseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("The issue is now"), choices=[(s.value, s.label) for s in RESPONSE_STATES], initial=Status.ACKNOWLEDGED
    )
    body = forms.CharField(
        label=_("Response"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_("Public and permanent: an edit adds a new version, earlier ones stay readable."),
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=3000,
        help_text=_("Required when declining."),
    )
    commit_what = forms.CharField(
        label=_("Commitment: what will be done"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    commit_due = forms.DateField(
        label=_("Commitment due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    commit_budget = forms.IntegerField(label=_("Budget (rupiah)"), required=False, min_value=0)
    commit_unit = forms.CharField(label=_("Responsible unit"), required=False, max_length=160)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_token", uuid.uuid4())
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.DECLINED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Declining needs a reason residents can read."))
        extra = [data.get("commit_due"), data.get("commit_budget"), (data.get("commit_unit") or "").strip()]
        if (data.get("commit_what") or "").strip():
            if not data.get("commit_due"):
                self.add_error("commit_due", _("A commitment needs a due date."))
        elif any(v not in (None, "") for v in extra):
            self.add_error("commit_what", _("Say what will be done, or leave the commitment empty."))
        return data

    def commitment(self) -> CommitmentDraft | None:
        data = self.cleaned_data
        if not (data.get("commit_what") or "").strip():
            return None
        return CommitmentDraft(
            what=data["commit_what"],
            due_date=data["commit_due"],
            budget_rupiah=data.get("commit_budget"),
            unit=data.get("commit_unit") or "",
        )


class EditResponseForm(forms.Form):
    body = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=3000
    )


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}), max_length=3000)
    done = forms.BooleanField(label=_("Done"), required=False)


class VerdictForm(forms.Form):
    answers = forms.TypedChoiceField(
        label=_("Does this response answer the issue?"),
        choices=[("yes", _("It answers the issue")), ("no", _("It does not answer"))],
        coerce=lambda v: v == "yes",
    )
