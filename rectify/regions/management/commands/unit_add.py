"""rectify unit_add NAME --parent UNIT --kind park|department|county|…: add one unit."""

from django.core.management.base import BaseCommand

from rectify.accounts.commands import command_actor
from rectify.orgunits.models import OrgUnitKind
from rectify.regions.commands import refusals, unit_named
from rectify.regions.tree import unit_create


class Command(BaseCommand):
    help = "新增一个单位（园区、部门等）。"

    def add_arguments(self, parser):
        parser.add_argument("name", help="单位全称")
        parser.add_argument(
            "--parent", help="上级单位（名称、简称、行政区划代码或 #编号）；不填为最上级（仅管理员）"
        )
        parser.add_argument("--kind", required=True, choices=OrgUnitKind.values, help="单位类型")
        parser.add_argument("--short-name", default="", help="简称")
        parser.add_argument("--code", default="", help="行政区划代码（园区、部门不填）")
        parser.add_argument("--user", help="以哪个账号操作；默认以“系统（命令行）”操作")

    def handle(self, *args, name, parent, kind, short_name, code, user, **options):
        actor = command_actor(user)
        under = unit_named(parent) if parent else None
        with refusals():
            unit = unit_create(
                actor=actor, name=name, kind=kind, parent=under, short_name=short_name, code=code
            )
        self.stdout.write(f"已新增 #{unit.pk} {unit.name}（上级：{under or '无'}）")
