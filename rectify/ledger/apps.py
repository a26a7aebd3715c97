from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "rectify.ledger"
    verbose_name = "整改台账"

    def ready(self):
        from rectify.core.scheduled import scheduled_register
        from rectify.ledger.flags import flags_refresh_day
        from rectify.ledger.rules import register_rules

        register_rules()  # who may do what, for orgunits.permissions

        def refresh_flags(day):
            return f"序时进度：{flags_refresh_day(day)}项任务的标识有变化"

        scheduled_register(name="ledger.flags", run=refresh_flags, order=10)

        def deadline_reminders(day):
            from rectify.ledger.messages import deadline_reminders

            return deadline_reminders(day)

        scheduled_register(name="ledger.deadline_reminders", run=deadline_reminders, order=60)
