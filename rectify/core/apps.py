from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rectify.core"
    verbose_name = "基础数据"
