"""Optimistic locking of the ledger's rows (版本校验): no save from a stale edit form overwrites a change.

Every row a form edits (inspection, finding, task, measure) has a `version` counter. Each change
through ledger.services claims the row first: one UPDATE that adds one to the version, guarded by the
version the editor read (`version_claim`). On PostgreSQL a concurrent claim waits for the row lock and
then finds the version moved; on SQLite writers queue on the database lock (transaction_mode IMMEDIATE).
Either way exactly one of two saves from the same version wins; the other gets an `EditConflict` that
names what changed meanwhile — field by field, the value read and the value now, who changed it and
when — read from the audit log, where each event records the version it produced.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone

from rectify.audit.display import shown_value
from rectify.audit.models import AuditEvent


@dataclass(frozen=True)
class ConflictChange:
    """One field changed by someone else since the editor read the row."""

    label: str
    read: str  # the value the editor's form was read with
    now: str  # the value stored now
    by: str  # who changed it last
    at: datetime  # when


class EditConflict(ValidationError):
    """A save from a form read at an older version: refused, with what changed since."""

    def __init__(self, *, obj: models.Model, read_version: int, version: int, changes: list[ConflictChange]):
        self.obj, self.read_version, self.version, self.changes = obj, read_version, version, changes
        who = "、".join(dict.fromkeys(c.by for c in changes)) or "其他用户"
        super().__init__(
            f"保存未成功：您打开此页后，{who}已修改了“{obj}”（第{read_version}版→第{version}版）。"
            "您填写的内容仍在下方，未保存；请对照下表核对后再次保存。"
        )


def version_claim(model: type[models.Model], pk, *, expected: int | None) -> None:
    """Claim the row for a change in the current transaction: add one to its version, if it still is
    `expected` (None: whatever it is — for changes not made from a form, e.g. imports and buttons).
    Raises EditConflict, changing nothing, when the row has moved on since `expected`."""
    rows = model._default_manager.filter(pk=pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if rows.update(version=F("version") + 1) == 1:
        return
    current = model._default_manager.get(pk=pk)
    raise EditConflict(
        obj=current,
        read_version=expected,
        version=current.version,
        changes=changes_since(current, expected),
    )


def version_change(before: int, after: int) -> dict:
    """What an audit event records of a claimed row's version: {"version": [before, after]}."""
    return {"version": [before, after]}


def changes_since(obj: models.Model, read_version: int) -> list[ConflictChange]:
    """The fields of `obj` changed since `read_version`, from the audit events that moved it on."""
    events = (
        AuditEvent.objects.for_object(obj)
        .filter(changes__has_key="version")
        .select_related("actor")
        .order_by("at", "pk")
    )
    read: dict[str, object] = {}
    last: dict[str, tuple] = {}
    for event in events:
        versions = event.changes.get("version") or [None, None]
        if not isinstance(versions[1], int) or versions[1] <= read_version:
            continue
        for name, (before, after) in event.changes.items():
            if name == "version":
                continue
            read.setdefault(name, before)
            last[name] = (after, event)
    rows = []
    order = {field.name: i for i, field in enumerate(obj._meta.get_fields())}  # PostgreSQL's jsonb sorts keys
    for name, (after, event) in sorted(last.items(), key=lambda item: order.get(item[0], len(order))):
        if read[name] == after:
            continue  # changed and changed back: nothing to tell
        try:
            field = obj._meta.get_field(name)
            label = str(field.verbose_name)
        except FieldDoesNotExist:
            field, label = None, name
        by = event.actor.display_name if event.actor is not None else "系统"
        rows.append(
            ConflictChange(
                label=label,
                read=shown_value(field, read[name]),
                now=shown_value(field, after),
                by=by,
                at=timezone.localtime(event.at),
            )
        )
    return rows
