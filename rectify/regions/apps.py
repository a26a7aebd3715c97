from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "rectify.regions"
    verbose_name = "区划与单位设置"

    def ready(self):
        from rectify.regions.rules import register_rules

        register_rules()
