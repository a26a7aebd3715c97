from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "rectify.ledger"
    verbose_name = "整改台账"

    def ready(self):
        from rectify.ledger.rules import register_rules

        register_rules()  # who may do what, for orgunits.permissions
