from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "rectify.ingest"
    verbose_name = "导入"
