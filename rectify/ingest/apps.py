from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "rectify.ingest"
    verbose_name = "导入"

    def ready(self):
        from rectify.ingest.rules import register_rules

        register_rules()  # who may do what, for orgunits.permissions
