"""rectify import FILE --inspection NAME: a report or a ledger workbook into the ledger, in one transaction."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from rectify.accounts.commands import command_actor
from rectify.ingest.issuer_unit import issuer_unit
from rectify.ingest.readers import UnreadableDocument
from rectify.ingest.services import ledger_import_apply, ledger_import_plan
from rectify.ingest.sources import draft_from_file
from rectify.orgunits.models import OrgUnit
from rectify.regions.commands import unit_named


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "导入整改报告（.txt .docx .pdf .doc .wps）或整改台账（.xlsx .xls .ods）：先列出变更，再整体写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--inspection", required=True, help="督察名称；不存在则新建")
        parser.add_argument(
            "--unit", help="整改责任地区（名称、简称、行政区划代码或 #编号）；默认按报告落款识别"
        )
        parser.add_argument(
            "--user", help="以哪个账号导入（须为该地区整改办）；默认以“系统（命令行）”操作，审计日志如实记录"
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出将要发生的变更，不写入")

    def handle(self, *args, file: Path, inspection: str, unit, user, dry_run, **options):
        actor = command_actor(user)
        try:
            draft = draft_from_file(file)
        except (UnreadableDocument, ValidationError) as error:
            raise _fail("；".join(getattr(error, "messages", None) or [str(error)])) from error
        ledger_unit = self._unit(unit, draft)
        plan = ledger_import_plan(unit=ledger_unit, inspection_name=inspection, draft=draft)
        self.stdout.write(f"{file.name} → {ledger_unit}·{inspection}")
        for label, n in plan.labelled_counts():
            self.stdout.write(f"  {label}：{n}")
        for warning in plan.warnings:
            self.stderr.write(f"  注意：{warning}")
        if plan.errors:
            raise _fail("未导入，须先修正：\n" + "\n".join(f"  {e}" for e in plan.errors))
        if plan.is_empty:
            self.stdout.write("台账已与该文件一致，没有变化。")
            return
        if dry_run:
            self.stdout.write("（--dry-run：未写入）")
            return
        try:
            ledger_import_apply(
                actor=actor,
                unit=ledger_unit,
                inspection_name=inspection,
                draft=draft,
                on_progress=self._progress,
            )
        except (ValidationError, PermissionDenied) as error:
            raise _fail(
                "未导入，台账没有任何改变：" + "；".join(getattr(error, "messages", [str(error)]))
            ) from error
        self.stderr.write("")
        self.stdout.write(self.style.SUCCESS("已导入。"))

    def _progress(self, done: int, total: int) -> None:
        if done == total or done % 50 == 0 or done <= 3:
            self.stderr.write(f"\r导入中 {done}/{total}", ending="")
            self.stderr.flush()

    def _unit(self, name, draft) -> OrgUnit:
        if name:
            return unit_named(name)
        named = issuer_unit(draft.issuers)
        if named.unit is not None:
            return named.unit
        if named.problem:
            raise _fail(f"{named.problem}；请用 --unit 指定整改责任地区")
        issuers = "、".join(draft.issuers) or "（文件没有落款）"
        raise _fail(f"落款{issuers}不是本系统中的单位：请先设置本地区的单位，或用 --unit 指定整改责任地区")
