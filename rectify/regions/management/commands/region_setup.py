"""rectify region_setup --division 652300 [--departments default|none|FILE] [--parks FILE]: set up a
prefecture (or a province) from the official divisions; running it again creates nothing new."""

from django.core.management.base import BaseCommand

from rectify.accounts.commands import command_actor
from rectify.regions.commands import refusals, template_lines
from rectify.regions.setup import region_setup


class Command(BaseCommand):
    help = "按行政区划代码设置州/市（或省/自治区）的单位树，并按模板添加州直部门和园区；可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--division", required=True, help="行政区划代码，如 652300（昌吉回族自治州）")
        parser.add_argument(
            "--departments",
            default="default",
            help="部门模板：default（内置的州直部门清单）、none，或文件（每行：全称[，简称]）",
        )
        parser.add_argument("--parks", help="园区清单文件（每行：全称[，简称]）")
        parser.add_argument("--user", help="以哪个账号操作；默认以“系统（命令行）”操作")
        parser.add_argument("--dry-run", action="store_true", help="只列出将要新增的单位，不写入")

    def handle(self, *args, division, departments, parks, user, dry_run, **options):
        actor = command_actor(user)
        with refusals():
            result = region_setup(
                actor=actor,
                division_code=division,
                departments=template_lines(departments),
                parks=template_lines(parks),
                dry_run=dry_run,
            )
        self.stdout.write(
            f"{result.unit.name}：新增 {len(result.created)} 个单位，沿用已有 {len(result.reused)} 个"
        )
        for unit in result.created:
            code = f" {unit.code}" if unit.code else ""
            self.stdout.write(f"  + {unit.name}{code}（{unit.get_kind_display()}）")
        if dry_run:
            self.stdout.write("（--dry-run：未写入）")
