from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "rectify.rounds"
    verbose_name = "调度"

    def ready(self):
        from rectify.core.scheduled import scheduled_register
        from rectify.rounds.permissions import register_rules

        register_rules()
        scheduled_register(name="rounds.open_scheduled", run=_open_scheduled, order=50)
        scheduled_register(name="rounds.reminders", run=_reminders, order=60)


def _open_scheduled(day):
    from rectify.rounds.services import rounds_open_scheduled

    opened = rounds_open_scheduled(today=day)
    return f"按计划开启调度{len(opened)}轮"


def _reminders(day):
    from rectify.rounds.messages import reminders

    return reminders(day)
