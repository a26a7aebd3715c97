"""rectify report --inspection NAME --as-of DATE --output FILE(.docx|.pdf|.xlsx): a document from the ledger."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectify.accounts.commands import command_actor
from rectify.documents import generation
from rectify.documents.models import GeneratedDocument
from rectify.documents.reading_ledger import write_reading_ledger
from rectify.ledger.models import Inspection
from rectify.ledger.schedule_sql import schedule_flag_expression


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "由台账生成整改落实情况报告（.docx/.pdf）或整改台账（.xlsx），先做一致性检查。"

    def add_arguments(self, parser):
        parser.add_argument("--inspection", required=True, help="督察名称")
        parser.add_argument("--unit", help="整改责任地区（单位名称），同名督察不止一个时必填")
        parser.add_argument("--as-of", required=True, type=date.fromisoformat, help="数据截至日期 YYYY-MM-DD")
        parser.add_argument("--signed-on", type=date.fromisoformat, help="成文日期，默认今天")
        parser.add_argument("--output", required=True, type=Path, help="输出文件：.docx、.pdf 或 .xlsx")
        parser.add_argument(
            "--user", help="以哪个账号生成（记入生成记录）；默认以“系统（命令行）”操作，审计日志如实记录"
        )

    def handle(self, *args, inspection, unit, as_of, signed_on, output: Path, user, **options):
        found = Inspection.objects.filter(name=inspection)
        if unit:
            found = found.filter(unit__name=unit) | found.filter(unit__short_name=unit)
        found = list(found.select_related("unit")[:2])
        if not found:
            raise _fail(f"没有名为“{inspection}”的督察" + (f"（{unit}）" if unit else ""))
        if len(found) > 1:
            raise _fail(f"有不止一个“{inspection}”，请用 --unit 指定地区")
        target, suffix = found[0], output.suffix.lower()
        actor = command_actor(user)
        if suffix == ".xlsx":
            tasks = target.tasks.annotate(flag=schedule_flag_expression(as_of))
            output.write_bytes(write_reading_ledger(tasks, as_of=as_of, title=f"{target}整改台账"))
            self.stdout.write(self.style.SUCCESS(f"已生成 {output}"))
            return
        kinds = {
            ".docx": GeneratedDocument.Kind.PROGRESS_REPORT,
            ".pdf": GeneratedDocument.Kind.PROGRESS_REPORT_PDF,
        }
        if suffix not in kinds:
            raise _fail("--output 须以 .docx、.pdf 或 .xlsx 结尾")
        problems = generation.report_check(target, as_of, signed_on)
        for problem in problems:
            self.stderr.write(f"  核对：{problem.message}")
        try:
            document = generation.document_generate(
                actor=actor,
                inspection=target,
                kind=kinds[suffix],
                as_of=as_of,
                signed_on=signed_on,
                run_now=True,
            )
        except Exception as error:
            raise _fail("；".join(getattr(error, "messages", None) or [str(error)])) from error
        if document.status != GeneratedDocument.Status.DONE:
            raise _fail(f"生成失败：{document.error}")
        output.write_bytes(Path(document.stored_path).read_bytes())
        note = f"（一致性检查发现{len(problems)}处问题，见上）" if problems else "（一致性检查未发现问题）"
        self.stdout.write(self.style.SUCCESS(f"已生成 {output}{note}"))
