from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rectify.demo"
    verbose_name = "演示数据"
