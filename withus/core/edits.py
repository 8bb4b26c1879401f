"""What every app says when two people change the same thing at once."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else changed this while you were working on it. "
    "Check the latest details, then make your change again."
)


class StaleEdit(Exception):
    """Someone else saved a change after this form was opened."""


def apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields, or at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
