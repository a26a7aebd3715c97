from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "rectify.notifications"
    verbose_name = "消息"

    def ready(self):
        from rectify.core.scheduled import scheduled_register
        from rectify.notifications.jobs import digest_step, sweep_step

        scheduled_register(name="notifications.sweep", run=sweep_step, order=80)
        scheduled_register(name="notifications.digest", run=digest_step, order=90)
