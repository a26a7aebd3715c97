"""Audit events carry a stable code (rounds.submission.return, …) beside their Chinese label.

The column is added in place (ALTER TABLE … ADD COLUMN on both databases): Django's SQLite way of
adding a column rebuilds the table, which would drop the append-only triggers of 0002 and 0003.
"""

from django.db import migrations, models


def add_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE audit_auditevent ADD COLUMN code varchar(80) DEFAULT '' NOT NULL")


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE audit_auditevent DROP COLUMN code")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_security_refuse_replace_and_app_role"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="auditevent",
                    name="code",
                    field=models.CharField(
                        blank=True,
                        db_default="",
                        help_text="稳定的机器代码，如 rounds.submission.return：消息、统计和督办规则按代码而不是按中文名称匹配",
                        max_length=80,
                        verbose_name="事件代码",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
    ]
