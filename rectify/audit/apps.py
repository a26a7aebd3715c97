from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "rectify.audit"
    verbose_name = "审计日志"

    def ready(self):
        from rectify.audit.maintenance import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="rectify_audit_sqlite_function")
