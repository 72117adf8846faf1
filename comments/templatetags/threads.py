"""Template helpers of the discussion thread."""

import uuid

from django import template

register = template.Library()


@register.simple_tag
def submission_token(form=None) -> str:
    """A form's one-time token: kept while a refused form is shown again, new otherwise."""
    if form is not None and hasattr(form, "fresh_token"):
        return form.fresh_token()
    return str(uuid.uuid4())
