"""rectify unit_move UNIT --to PARENT: put a unit (and everything below it) under another parent."""

from django.core.management.base import BaseCommand

from rectify.accounts.commands import command_actor
from rectify.regions.commands import refusals, unit_named
from rectify.regions.tree import unit_move


class Command(BaseCommand):
    help = "调整单位的上级单位（连同其下级单位）；任务、角色和变更记录随之保留。"

    def add_arguments(self, parser):
        parser.add_argument("unit", help="要调整的单位（名称、简称、行政区划代码或 #编号）")
        parser.add_argument("--to", required=True, help="新的上级单位")
        parser.add_argument("--reason", default="", help="理由")
        parser.add_argument("--user", help="以哪个账号操作；默认以“系统（命令行）”操作")

    def handle(self, *args, unit, to, reason, user, **options):
        actor = command_actor(user)
        target, parent = unit_named(unit), unit_named(to)
        with refusals():
            unit_move(actor=actor, unit=target, new_parent=parent, reason=reason)
        self.stdout.write(f"已将 {target.name} 调整到 {parent.name} 之下")
