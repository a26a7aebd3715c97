from django.apps import AppConfig


class OrgUnitsConfig(AppConfig):
    name = "rectify.orgunits"
    verbose_name = "组织机构"
