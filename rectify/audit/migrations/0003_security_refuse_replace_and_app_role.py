"""Two holes in the append-only log closed.

SQLite: `INSERT OR REPLACE` (or `REPLACE INTO`) with an existing id deletes the old row as part of the
insert, and that deletion fires no delete trigger (unless `PRAGMA recursive_triggers` is on), so the
event could be rewritten. A BEFORE INSERT trigger refuses any insert whose id is already taken; it runs
before REPLACE resolves the conflict, whatever `recursive_triggers` says.

PostgreSQL: any session could `SET rectify.audit_maintenance = 'on'` (a custom setting needs no
privilege). The switch now opens the log only to a role that is a member of the table's owner (the
owner/migration role) or a superuser; the application's own role is neither (docs/deployment.md).
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_auditevent
       WHEN NEW.id IS NOT NULL AND NOT rectify_audit_maintenance()
            AND EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only: an event cannot be replaced'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_event_no_replace"]

POSTGRESQL_OWNER_ONLY = """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
   BEGIN
     IF current_setting('rectify.audit_maintenance', true) = 'on'
        AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
       RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
     END IF;
     RAISE EXCEPTION 'audit log is append-only';
   END $$ LANGUAGE plpgsql"""
POSTGRESQL_ANY_ROLE = """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
   BEGIN
     IF current_setting('rectify.audit_maintenance', true) = 'on' THEN
       RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
     END IF;
     RAISE EXCEPTION 'audit log is append-only';
   END $$ LANGUAGE plpgsql"""


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": [POSTGRESQL_OWNER_ONLY]}),
            _run({"sqlite": SQLITE_DROP, "postgresql": [POSTGRESQL_ANY_ROLE]}),
        ),
    ]
