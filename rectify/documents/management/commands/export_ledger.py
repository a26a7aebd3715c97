"""`rectify export_ledger --inspection NAME [--unit UNIT] --output FILE.xlsx [--user USERNAME]`.

Writes the inspection's ledger as the user sees it (by default the system actor, who sees everything) to an .xlsx file
in the layout `rectify import` reads back.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from rectify.accounts.commands import command_actor
from rectify.documents.ledger_workbook import write_ledger_workbook
from rectify.ledger import selectors
from rectify.ledger.models import Inspection


class Command(BaseCommand):
    help = "将督察整改台账导出为 Excel 工作簿（反馈问题、整改任务、整改措施三个工作表）。"

    def add_arguments(self, parser):
        parser.add_argument("--inspection", required=True, help="督察名称，如“第二轮中央生态环境保护督察”")
        parser.add_argument("--unit", help="整改责任地区（单位名称或简称）；同名督察有多个时必填")
        parser.add_argument("--output", required=True, help="输出文件路径（.xlsx）")
        parser.add_argument("--user", help="以哪个用户的权限导出（用户名）；默认以“系统（命令行）”导出全部")

    def handle(self, *args, **options):
        user = command_actor(options["user"])
        inspection = self._inspection(options["inspection"], options["unit"])
        if not selectors.inspections_visible(user).filter(pk=inspection.pk).exists():
            raise CommandError(f"用户“{user.username}”无权查看“{inspection}”的台账")
        output = Path(options["output"])
        if output.suffix.lower() != ".xlsx":
            raise CommandError(f"输出文件须为 .xlsx：{output}")
        if not output.parent.is_dir():
            raise CommandError(f"输出目录不存在：{output.parent}")
        content = write_ledger_workbook(user=user, inspection=inspection)
        output.write_bytes(content)
        self.stdout.write(f"已导出“{inspection}”的整改台账到 {output}（{len(content) / 1024:.0f} KB）")

    def _inspection(self, name: str, unit: str | None) -> Inspection:
        inspections = Inspection.objects.filter(name=name).select_related("unit")
        if unit:
            inspections = inspections.filter(Q(unit__name=unit) | Q(unit__short_name=unit))
        found = list(inspections[:10])
        if not found:
            where = f"“{unit}”的" if unit else ""
            raise CommandError(f"找不到{where}督察“{name}”")
        if len(found) > 1:
            units = "、".join(str(i.unit) for i in found)
            raise CommandError(f"督察“{name}”有多个（{units}），请用 --unit 指定整改责任地区")
        return found[0]
