from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rectify.audit"
    verbose_name = "审计日志"
