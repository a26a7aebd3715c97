from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "rectify.notifications"
    verbose_name = "消息"

    def ready(self):
        from rectify.core.scheduled import scheduled_register
        from rectify.notifications.jobs import digest_step, sweep_step
        from rectify.notifications.rules import register_rules

        register_rules()  # a person changes only their own message settings

        scheduled_register(name="notifications.sweep", run=sweep_step, order=80)
        scheduled_register(name="notifications.digest", run=digest_step, order=90)
