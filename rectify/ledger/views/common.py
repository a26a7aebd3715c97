"""What the ledger's views share: a form's data as a service's arguments, and a service's errors on the form."""

from django.core.exceptions import ValidationError

from rectify.ledger.versions import EditConflict


def service_arguments(form) -> dict:
    """The form's cleaned data as keyword arguments of a service: the version the form was read at
    (an edit form's hidden `version`) becomes `expected_version`."""
    data = dict(form.cleaned_data)
    if "version" in data:
        data["expected_version"] = data.pop("version")
    return data


def show_conflict(form, conflict: EditConflict) -> None:
    """Keep what the user typed and show what changed meanwhile (the template reads `form.conflict`).
    The form now carries the current version: saving again, after reading the table, is deliberate."""
    form.conflict = conflict
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = conflict.version


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top;
    a stale save's conflict as the table of what changed meanwhile."""
    if isinstance(error, EditConflict):
        show_conflict(form, error)
    elif hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
