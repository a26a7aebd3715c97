"""Showing an audit event to a person: field names and coded values in the words of the model."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

# Bookkeeping recorded with a change but not part of what people changed: the row's version counter
# (ledger.versions reads it to tell an editor what changed since their form was read).
# A merge records the merged unit's id for the history of the unit it went into (regions.selectors).
HIDDEN = {"version", "merged_unit_id"}

# Names recorded with a change that are not fields of the model.
LABELS = {"merged_unit": "合并单位", "units_below": "下级单位数"}


def shown_value(field, value) -> str:
    """A logged value as people read it: choices by their label, lists joined, empty as “—”."""
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
        if name in HIDDEN:
            continue
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = str(field.verbose_name) if field is not None else LABELS.get(name, name)
        rows.append((label, shown_value(field, before), shown_value(field, after)))
    return rows
