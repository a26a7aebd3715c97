"""rectify people_import FILE [--unit NAME] [--user NAME] [--dry-run]: a people list into accounts and roles,
all or nothing. With no --user, the system acts (recorded as such in the audit log); the one-time
passwords of new accounts are printed once (or written with --passwords FILE.xlsx), never stored."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from rectify.accounts.commands import command_actor
from rectify.orgunits.models import OrgUnit
from rectify.people.export import passwords_workbook
from rectify.people.plan import people_import_plan
from rectify.people.reading import ListUnreadable, read_path
from rectify.people.services import people_import_apply


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "从表格（.xlsx .xls .ods）导入人员：新建账号（一次性密码）、修改信息、授予角色；有错误则什么都不写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", help="只在此单位及其下级中查找名单里的单位（名称或简称）")
        parser.add_argument(
            "--user", help="以哪个账号导入（须为整改办）；不指定时以“系统（命令行）”导入，审计日志如实记录"
        )
        parser.add_argument(
            "--passwords", type=Path, help="把新账号的一次性密码写入此 .xlsx 文件，而不是打印"
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出将要发生的变更，不写入")

    def handle(self, *args, file: Path, unit, user, passwords, dry_run, **options):
        actor = command_actor(user)
        within = self._unit(unit) if unit else None
        if not file.exists():
            raise _fail(f"找不到文件“{file}”")
        try:
            rows = read_path(file, source=file.name)
        except ListUnreadable as error:
            raise _fail(str(error)) from error
        plan = people_import_plan(actor=actor, rows=rows, within=within)
        if plan.errors:
            raise _fail("未导入，须先修正：\n" + "\n".join(f"  {e}" for e in plan.errors))
        self.stdout.write(
            f"{file.name}：新建账号 {len(plan.created)}，修改信息 {len(plan.updated)}，"
            f"授予角色 {plan.grant_count}，不变 {plan.unchanged_count}"
        )
        if plan.is_empty:
            self.stdout.write("名单与平台一致，没有变化。")
            return
        if dry_run:
            self.stdout.write("（--dry-run：未写入）")
            return
        try:
            result = people_import_apply(actor=actor, rows=rows, source=file.name, within=within)
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise _fail("未导入，没有任何改变：" + "；".join(messages)) from error
        if not result.accounts:
            return
        if passwords:
            passwords.write_bytes(passwords_workbook(result.accounts))
            self.stdout.write(f"新账号的一次性密码已写入 {passwords}（只此一份，平台不保存明文）")
            return
        self.stdout.write("新账号的一次性密码（只显示这一次，首次登录须修改）：")
        for account in result.accounts:
            self.stdout.write(f"  {account.username}\t{account.password}\t{account.full_name}")

    def _unit(self, name: str) -> OrgUnit:
        found = list(OrgUnit.objects.filter(name=name)) or list(OrgUnit.objects.filter(short_name=name))
        if len(found) != 1:
            raise _fail(f"找不到单位“{name}”" if not found else f"“{name}”对应多个单位")
        return found[0]
