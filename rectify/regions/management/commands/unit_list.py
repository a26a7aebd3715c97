"""rectify unit_list [UNIT]: the unit tree (or the subtree of UNIT), with ids, short names and codes."""

from django.core.management.base import BaseCommand

from rectify.orgunits.models import OrgUnit
from rectify.regions.commands import unit_named
from rectify.regions.selectors import in_tree_order


class Command(BaseCommand):
    help = "列出单位树（或某单位及其下级）：编号、名称、简称、类型、行政区划代码。"

    def add_arguments(self, parser):
        parser.add_argument(
            "unit", nargs="?", help="只列出该单位及其下级（名称、简称、行政区划代码或 #编号）"
        )

    def handle(self, *args, unit, **options):
        units = OrgUnit.objects.all()
        if unit:
            units = units.filter(path__startswith=unit_named(unit).path)
        ordered = in_tree_order(units)
        top = min((u.depth for u in ordered), default=0)
        for u in ordered:
            short = f"（{u.short_name}）" if u.short_name else ""
            code = f" {u.code}" if u.code else ""
            self.stdout.write(f"{'  ' * (u.depth - top)}#{u.pk} {u.name}{short} {u.get_kind_display()}{code}")
        if not ordered:
            self.stdout.write("还没有单位：用 rectify region_setup --division 行政区划代码 设置区域。")
