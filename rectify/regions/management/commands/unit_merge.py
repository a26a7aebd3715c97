"""rectify unit_merge UNIT --into OTHER: merge a unit into another (tasks, roles, submissions and
children follow; the merged unit is deleted, its history shown with the other)."""

from django.core.management.base import BaseCommand

from rectify.accounts.commands import command_actor
from rectify.regions.commands import refusals, unit_named
from rectify.regions.tree import unit_merge


class Command(BaseCommand):
    help = "把一个单位合并到另一个单位：其任务、角色、报送和下级单位全部转入，原单位删除，变更记录保留。"

    def add_arguments(self, parser):
        parser.add_argument("unit", help="被合并的单位（名称、简称、行政区划代码或 #编号）")
        parser.add_argument("--into", required=True, help="并入的单位")
        parser.add_argument("--reason", default="", help="理由")
        parser.add_argument("--user", help="以哪个账号操作；默认以“系统（命令行）”操作")

    def handle(self, *args, unit, into, reason, user, **options):
        actor = command_actor(user)
        source, target = unit_named(unit), unit_named(into)
        name = source.name
        with refusals():
            unit_merge(actor=actor, unit=source, into=target, reason=reason)
        self.stdout.write(f"已将 {name} 合并到 {target.name}")
