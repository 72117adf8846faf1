"""Forms of support and rounds: they clean input; the actions decide."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from votes.actions import RoundRules
from votes.models import MAX_BUDGET, MIN_BUDGET, PriorityRound


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140, help_text=_("e.g. “Manggarai priorities for 2027”"))
    budget = forms.IntegerField(
        label=_("Points per voter"),
        min_value=MIN_BUDGET,
        max_value=MAX_BUDGET,
        initial=10,
        help_text=_("Each voter spreads these points; at most half of them on one issue."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Local time. Voters can change their points until then."),
    )
    standing = forms.ChoiceField(
        label=_("Standing"),
        choices=PriorityRound.Standing.choices,
        initial=PriorityRound.Standing.LIVE,
        widget=forms.RadioSelect,
        help_text=_("Hiding it until the close avoids bandwagon effects."),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            self.initial.setdefault("closes_at", timezone.localtime() + timedelta(days=14))

    def rules(self) -> RoundRules:
        data = self.cleaned_data
        return RoundRules(
            title=data["title"], budget=data["budget"], standing=data["standing"], closes_at=data["closes_at"]
        )

    def add_action_errors(self, error) -> None:
        """Put an action's ValidationError beside the fields it names."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


class BallotForm(forms.Form):
    """One number field per issue the voter may give points to."""

    def __init__(self, *args, round_: PriorityRound, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        self.lines = lines
        for line in lines:
            self.fields[f"points-{line.issue.pk}"] = forms.IntegerField(
                label=line.issue.public_title,
                min_value=0,
                max_value=round_.per_issue_cap,
                required=False,
                initial=line.points,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "points"}),
            )

    def clean(self):
        data = super().clean()
        used = sum(v or 0 for k, v in data.items() if k.startswith("points-"))
        if used > self.round.budget:
            raise forms.ValidationError(
                _("You gave %(used)d points but have %(budget)d."), params={"used": used, "budget": self.round.budget}
            )
        return data

    def points(self) -> dict[int, int]:
        return {
            int(name.split("-", 1)[1]): value or 0
            for name, value in self.cleaned_data.items()
            if name.startswith("points-")
        }

    def rows(self):
        """(line, bound field) pairs for the template."""
        return [(line, self[f"points-{line.issue.pk}"]) for line in self.lines]

    def used(self) -> int:
        total = 0
        for line in self.lines:
            raw = self[f"points-{line.issue.pk}"].value()
            try:
                total += max(0, int(raw or 0))
            except (TypeError, ValueError):
                pass
        return total
