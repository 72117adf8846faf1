"""Moderation forms. They validate input; the actions decide what may be done."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from moderation.models import ModerationAction, Reason

CHOOSE = [("", _("Choose a reason…"))]
NOTE_HELP = _("Public: it appears in the moderation log and on the issue's timeline.")


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with it?"), choices=Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for “Other”. Only moderators read reports; your name is not shown to anyone else."),
    )


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("Public reason"), choices=CHOOSE + Reason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, help_text=NOTE_HELP, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, help_text=NOTE_HELP, widget=forms.Textarea(attrs={"rows": 2})
    )


class LockForm(forms.Form):
    note = forms.CharField(
        label=_("Why lock the discussion?"),
        max_length=200,
        help_text=NOTE_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SuspendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, initial=3)
    reason = forms.ChoiceField(label=_("Public reason"), choices=CHOOSE + Reason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, help_text=NOTE_HELP, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].help_text = _("At most %(max)d days (administrators: longer).") % {
            "max": settings.MODERATION_MAX_SUSPENSION_DAYS
        }


class MergeForm(forms.Form):
    target = forms.IntegerField(
        label=_("Merge into issue number"), min_value=1, help_text=_("The issue that stays open, e.g. 42 for #42.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, help_text=NOTE_HELP, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should the decision be reversed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Another moderator, not the one who acted, or an administrator decides. Each decision is appealed once."
        ),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("overturn", _("Accept the appeal: reverse the decision")),
            ("uphold", _("Reject the appeal: the decision stands")),
        ],
    )
    note = forms.CharField(
        label=_("Explain the decision"), max_length=500, help_text=NOTE_HELP, widget=forms.Textarea(attrs={"rows": 3})
    )


class LogFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False)
    moderator = forms.ChoiceField(label=_("Moderator"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Every kind"))] + list(ModerationAction.Kind.choices)
    )

    def __init__(self, *args, areas=(), moderators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Every area"))] + [(a.slug, a.indented_name) for a in areas]
        self.fields["moderator"].choices = [("", _("Everyone"))] + [
            (str(u.pk), getattr(getattr(u, "profile", None), "display_name", "") or u.get_username())
            for u in moderators
        ]
