from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rectify.accounts"
    verbose_name = "用户"
