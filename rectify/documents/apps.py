from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "rectify.documents"
    verbose_name = "文档"

    def ready(self):
        from rectify.documents.rules import register_rules

        register_rules()  # who may do what, for orgunits.permissions
