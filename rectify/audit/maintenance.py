"""The one way past the audit log's database triggers: `audit_maintenance()`.

The triggers refuse UPDATE, DELETE (and TRUNCATE) on the log unless the session says it is doing
maintenance: on PostgreSQL the setting `rectify.audit_maintenance = 'on'`, on SQLite the function
`rectify_audit_maintenance()` that Rectify registers on each connection. The test suite uses it to
empty the database between transactional tests; nothing in the application calls it.

On PostgreSQL the setting opens the log only to the table's owner role (the role that runs migrations)
or a superuser: the application's own role can set it, and is still refused (docs/deployment.md).
On SQLite, where there are no roles, whoever can open the file can do anything with it anyway.
"""

from contextlib import contextmanager

from django.db import connection

_state = {"on": False}


def sqlite_maintenance_flag() -> int:
    """What the SQLite trigger asks: 1 while `audit_maintenance()` is active in this process."""
    return 1 if _state["on"] else 0


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the function the triggers call (without it they refuse all changes)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("rectify_audit_maintenance", 0, sqlite_maintenance_flag)


@contextmanager
def audit_maintenance():
    """Let this process change or empty the audit log while the block runs."""
    _state["on"] = True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET rectify.audit_maintenance = 'on'")
    try:
        yield
    finally:
        _state["on"] = False
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("RESET rectify.audit_maintenance")
