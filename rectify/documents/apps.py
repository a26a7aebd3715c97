from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "rectify.documents"
    verbose_name = "文档"
