"""The comment forms. They validate input; the actions decide what may be written."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from comments.models import MAX_LENGTH


class SubmissionTokenMixin:
    """A form with a one-time ``submission_token`` field (a double submit creates one thing)."""

    def fresh_token(self) -> str:
        """The token to print: the submitted one while the text is kept, a new one otherwise."""
        value = self.data.get("submission_token") if self.is_bound else None
        try:
            return str(uuid.UUID(str(value)))
        except (TypeError, ValueError, AttributeError):
            return str(uuid.uuid4())


class CommentForm(SubmissionTokenMixin, forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=MAX_LENGTH, strip=True, widget=forms.Textarea)
    # The form's one-time token: a double click or a retried POST creates one comment.
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    quoted = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages.update(
            required=_("Write something before posting."),
            max_length=_("A comment has at most %(limit_value)d characters (this one has %(show_value)d)."),
        )


class EditForm(forms.Form):
    body = forms.CharField(label=_("Edit your comment"), max_length=MAX_LENGTH, strip=True, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages.update(
            required=_("Write something, or retract the comment instead."),
            max_length=_("A comment has at most %(limit_value)d characters (this one has %(show_value)d)."),
        )
