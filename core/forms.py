"""What every form view shares."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def attach_errors(form, error: ValidationError) -> None:
    """Put an action's ValidationError beside the fields it names (the rest above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
