"""Writing the audit log: every service that changes state calls `audit_record` inside its transaction."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from rectify.audit.models import AuditEvent
from rectify.core.bulk_insert import insert_rows


def _plain(value):
    """A JSON-ready form of a field value for the log."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The current values of `fields` on `obj`, ready to diff."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields that changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def audit_record(
    *, actor, action: str, obj: models.Model, changes: dict | None = None, reason: str = "", code: str = ""
) -> AuditEvent:
    """Append one event about `obj`: `action` is its Chinese label, `code` its stable code
    (`<app>.<entity>.<verb>`, e.g. rounds.submission.return) that messages and statistics match."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        code=code,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
        reason=reason,
    )


def audit_record_many(*, actor, action: str, items: list[tuple], reason: str = "", code: str = "") -> None:
    """Append one event per item, in batched INSERTs: for imports that create thousands of rows.

    An item is (object, changes) or, to spare building model instances, (object_type, object_id,
    object_repr, changes) with object_type as "app_label.model".
    """
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    now = timezone.now()

    def row(item):
        if len(item) == 2:
            obj, changes = item
            item = (obj._meta.label_lower, obj.pk, str(obj), changes)
        object_type, object_id, object_repr, changes = item
        plain = {k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()}
        return (now, actor_id, action, code, object_type, str(object_id), object_repr[:200], plain, reason)

    columns = [
        "at",
        "actor",
        "action",
        "code",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
        "reason",
    ]
    insert_rows(AuditEvent, columns, (row(item) for item in items))
