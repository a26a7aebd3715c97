from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "rectify.rounds"
    verbose_name = "调度"

    def ready(self):
        from rectify.rounds.permissions import register_rules

        register_rules()
