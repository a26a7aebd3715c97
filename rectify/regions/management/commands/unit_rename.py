"""rectify unit_rename UNIT --name NEW [--short-name S] [--code C]: rename a unit (the old name stays in
the audit log)."""

from django.core.management.base import BaseCommand

from rectify.accounts.commands import command_actor
from rectify.regions.commands import refusals, unit_named
from rectify.regions.tree import unit_rename


class Command(BaseCommand):
    help = "修改单位名称、简称或行政区划代码；原名称留在变更记录中。"

    def add_arguments(self, parser):
        parser.add_argument("unit", help="单位（名称、简称、行政区划代码或 #编号）")
        parser.add_argument("--name", help="新全称；不填则不变")
        parser.add_argument("--short-name", help="新简称；不填则不变")
        parser.add_argument("--code", help="新行政区划代码；不填则不变")
        parser.add_argument("--reason", default="", help="理由")
        parser.add_argument("--user", help="以哪个账号操作；默认以“系统（命令行）”操作")

    def handle(self, *args, unit, name, short_name, code, reason, user, **options):
        actor = command_actor(user)
        target = unit_named(unit)
        old = target.name
        with refusals():
            target = unit_rename(
                actor=actor,
                unit=target,
                name=target.name if name is None else name,
                short_name=target.short_name if short_name is None else short_name,
                code=code,
                reason=reason,
            )
        self.stdout.write(f"已修改：{old} → {target.name}（简称：{target.short_name or '无'}）")
