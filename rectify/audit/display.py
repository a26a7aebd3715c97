"""Showing an audit event to a person: field names and coded values in the words of the model."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist


def _shown(field, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return str(choices.get(value, value))


def describe_changes(event) -> list[tuple[str, str, str]]:
    """[(field label, before, after)] for an event, labels and choice values as the model names them."""
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, (before, after) in event.changes.items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = str(field.verbose_name) if field is not None else name
        rows.append((label, _shown(field, before), _shown(field, after)))
    return rows
