from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "rectify.people"
    verbose_name = "人员与角色"

    def ready(self):
        from rectify.people.rules import register_rules

        register_rules()  # who may do what, for orgunits.permissions
