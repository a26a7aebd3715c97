"""The people of an area as the people list (人员名单.xlsx), in the shape the import reads.

    people_workbook(actor=office_user, within=None) -> bytes
    people_rows(actor=…, within=None) -> [[header…], [row…], …]

One row per person and unit (and reach): the roles a person holds on a unit joined by 、. Every column of
`people.sheet.COLUMNS` is written, as text (a phone number stays text, never a number or a formula), so
the file imports back unchanged: importing it again creates, updates and grants nothing. Only roles on
units of the actor's area are written; 系统管理员 is not a role a list carries, and inactive accounts are
left out.
"""

import io
from itertools import groupby

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from rectify.core.excel_text import text_cell
from rectify.orgunits.models import OrgUnit, Role, RoleAssignment
from rectify.people.area import area_paths, paths_q
from rectify.people.sheet import COLUMNS, LABEL_BY_ROLE
from rectify.people.unit_names import UnitNames

SHEET_TITLE = "人员名单"
WIDTHS = {
    "姓名": 12,
    "单位": 24,
    "角色": 18,
    "含下级单位": 10,
    "职务": 20,
    "电话": 16,
    "电子邮箱": 26,
    "用户名": 16,
}
_ROLE_ORDER = {role: i for i, role in enumerate(Role.values)}


def people_rows(*, actor, within: OrgUnit | None = None) -> list[list[str]]:
    """The header and one row per (person, unit, reach), in tree order then by name."""
    paths = area_paths(actor, within)
    names = UnitNames(OrgUnit.objects.filter(paths_q(paths)).order_by("path"))
    assignments = (
        RoleAssignment.objects.filter(paths_q(paths, "unit__path"), user__is_active=True)
        .exclude(role=Role.ADMIN)
        .select_related("user", "unit")
        .order_by("unit__path", "user__full_name", "user__username", "include_subtree")
    )
    rows = [list(COLUMNS)]
    grouped = groupby(assignments, key=lambda a: (a.unit_id, a.user_id, a.include_subtree))
    for _, held in grouped:
        held = sorted(held, key=lambda a: _ROLE_ORDER[a.role])
        user, unit = held[0].user, held[0].unit
        rows.append(
            [
                user.full_name or user.username,
                names.label(unit),
                "、".join(LABEL_BY_ROLE[a.role] for a in held),
                "是" if held[0].include_subtree else "否",
                user.title,
                user.phone,
                user.email,
                user.username,
            ]
        )
    return rows


def people_workbook(*, actor, within: OrgUnit | None = None) -> bytes:
    """The people list as an .xlsx file (see the module docstring)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    for index, header in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[header]
    sheet.freeze_panes = "A2"
    rows = people_rows(actor=actor, within=within)
    bold = Font(bold=True)
    header = []
    for value in rows[0]:
        cell = text_cell(sheet, value)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows[1:]:
        sheet.append([text_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def passwords_workbook(accounts) -> bytes:
    """The new accounts and their one-time passwords, for the office to hand out (never stored)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("一次性密码")
    for letter, width in zip("ABCDE", (10, 12, 18, 18, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([text_cell(sheet, v) for v in ("行", "姓名", "用户名", "一次性密码", "授予的角色")])
    for a in accounts:
        sheet.append([text_cell(sheet, v) for v in (a.rows, a.full_name, a.username, a.password, a.roles)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
