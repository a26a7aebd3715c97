"""The people list (人员名单) as a sheet: its columns, and its rows read into people and their roles.

    read_people_sheet(rows) -> SheetReading(people=[PersonRow…], errors=["第5行「角色」：…"], present={…})

Pure Python, no Django: `rows` are the cells of the sheet (`ingest.grid.read_grid`), whatever the format.
One row is one person's roles on one unit:

    姓名 | 单位 | 角色 | 含下级单位 | 职务 | 电话 | 电子邮箱 | 用户名

- 姓名, 单位 and 角色 are required columns; the others may be left out (then the import keeps what the
  accounts hold). Headers are found in the first ten rows, in any order, spaces and full/half width ignored.
- 角色 lists one or more of 整改办、单位联络员、责任领导、观察员 (joined by 、 , ; or spaces).
  系统管理员 is never granted by a list.
- 含下级单位 is 是 or 否; empty means the role's usual reach (整改办 and 观察员 cover the unit's subtree,
  联络员 and 责任领导 the unit alone).
- 单位 is a unit's name or short name, or 上级/名称 where a name is used twice (生态环境局 under two counties).
- A person is known by 用户名, else 电话, else 电子邮箱: one of them is needed. A person on several rows (roles
  on several units) is the same account; their 姓名, 职务, 电话 and 电子邮箱 must agree between the rows.

Every problem is collected with its row (the sheet's, 1-based) and column, then the caller refuses the
whole list if there is any.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

HEADER_SEARCH_ROWS = 10
NAME, UNIT, ROLES, SUBTREE, TITLE, PHONE, EMAIL, USERNAME = (
    "姓名",
    "单位",
    "角色",
    "含下级单位",
    "职务",
    "电话",
    "电子邮箱",
    "用户名",
)
COLUMNS = (NAME, UNIT, ROLES, SUBTREE, TITLE, PHONE, EMAIL, USERNAME)  # the order the export writes
REQUIRED = (NAME, UNIT, ROLES)
ALIASES = {
    "手机": PHONE,
    "手机号": PHONE,
    "手机号码": PHONE,
    "联系电话": PHONE,
    "邮箱": EMAIL,
    "账号": USERNAME,
}
PERSON_FIELDS = ((NAME, "full_name"), (TITLE, "title"), (PHONE, "phone"), (EMAIL, "email"))

# Role values are orgunits.models.Role's (this module may not import Django); the labels are theirs too.
ROLE_BY_LABEL = {"整改办": "office", "单位联络员": "liaison", "责任领导": "leader", "观察员": "observer"}
ROLE_ALIASES = {"联络员": "liaison", "领导": "leader", "州领导": "leader"}
LABEL_BY_ROLE = {v: k for k, v in ROLE_BY_LABEL.items()}
SUBTREE_BY_DEFAULT = {"office": True, "observer": True, "liaison": False, "leader": False}
ADMIN_LABELS = {"系统管理员", "管理员"}
MAX_LENGTH = {NAME: 50, TITLE: 100, PHONE: 30, EMAIL: 254, USERNAME: 150, UNIT: 210}
UNIT_SEPARATOR = "/"

_ROLE_SPLIT = re.compile(r"[、,，;；\s]+")
_PHONE = re.compile(r"\+?[0-9][0-9\- ]{3,28}[0-9](?:[转#][0-9]{1,6})?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_USERNAME = re.compile(r"[\w.@+-]+")


def normalize(text: str) -> str:
    """A header or label as compared: NFKC (full-width to half-width), without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class PersonRow:
    """One row: a person (their fields, as far as the sheet states them) and their roles on one unit."""

    row: int
    full_name: str
    unit: str
    roles: tuple[tuple[str, bool], ...]  # (role, include_subtree)
    title: str = ""
    phone: str = ""
    email: str = ""
    username: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the person: ("username", …), ("phone", …) or ("email", …)."""
        if self.username:
            return ("username", self.username)
        if self.phone:
            return ("phone", self.phone)
        return ("email", self.email.lower())


@dataclass
class SheetReading:
    people: list[PersonRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    present: frozenset[str] = frozenset()  # the columns the sheet has

    def stated(self, column: str) -> bool:
        return column in self.present


class _Invalid(Exception):
    pass


def where(row: int, column: str | None = None) -> str:
    """第5行「单位」 — how a message names a cell."""
    return f"第{row}行「{column}」" if column else f"第{row}行"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def _find_header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    known = {normalize(c): c for c in COLUMNS} | {normalize(k): v for k, v in ALIASES.items()}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for position, cell in enumerate(row):
            column = known.get(normalize(cell_text(cell)))
            if column is not None and column not in found:
                found[column] = position
        if len(found) >= 2:
            return index, found
    return None


def read_roles(text: str) -> list[str]:
    roles: list[str] = []
    for part in _ROLE_SPLIT.split(normalize(text) if text else ""):
        if not part:
            continue
        if part in ADMIN_LABELS:
            raise _Invalid("不能通过人员名单授予“系统管理员”")
        role = ROLE_BY_LABEL.get(part) or ROLE_ALIASES.get(part)
        if role is None:
            raise _Invalid(f"“{part}”不是可识别的角色（可填：{'、'.join(ROLE_BY_LABEL)}）")
        if role not in roles:
            roles.append(role)
    if not roles:
        raise _Invalid("不能为空")
    return roles


def read_subtree(text: str) -> bool | None:
    value = normalize(text)
    if not value:
        return None
    if value in {"是", "含", "Y", "y", "yes", "1", "TRUE", "true"}:
        return True
    if value in {"否", "不含", "N", "n", "no", "0", "FALSE", "false"}:
        return False
    raise _Invalid(f"“{text}”应填“是”或“否”")


def read_phone(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return ""
    if not _PHONE.fullmatch(value):
        raise _Invalid(f"“{text}”不是电话号码")
    return value


def read_email(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    if value and not _EMAIL.fullmatch(value):
        raise _Invalid(f"“{text}”不是电子邮箱地址")
    return value


def read_username(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    if value and not _USERNAME.fullmatch(value):
        raise _Invalid(f"“{text}”含有不能用于用户名的字符（可用字母、数字、汉字和 @ . + - _）")
    return value


_READERS = {PHONE: read_phone, EMAIL: read_email, USERNAME: read_username}


def read_people_sheet(rows: list[list]) -> SheetReading:
    """Every row of the people list, or the errors that stop it (see the module docstring)."""
    header = _find_header(rows)
    if header is None:
        return SheetReading(
            errors=[f"找不到表头行（前{HEADER_SEARCH_ROWS}行中没有“{'”“'.join(REQUIRED)}”等列名）"]
        )
    index, columns = header
    reading = SheetReading(present=frozenset(columns))
    for column in REQUIRED:
        if column not in columns:
            reading.errors.append(f"{where(index + 1, column)}：缺少此列")
    if reading.errors:
        return reading
    for offset, row in enumerate(rows[index + 1 :], start=index + 2):
        values = {c: cell_text(row[i]) if i < len(row) else "" for c, i in columns.items()}
        if not any(values.values()):
            continue
        person = _read_row(offset, values, reading.errors)
        if person is not None:
            reading.people.append(person)
    _check_same_person(reading)
    return reading


def _read_row(row: int, values: dict[str, str], errors: list[str]) -> PersonRow | None:
    before = len(errors)
    read: dict[str, object] = {}
    for column, value in values.items():
        try:
            if column in MAX_LENGTH and len(value) > MAX_LENGTH[column]:
                raise _Invalid(f"超过{MAX_LENGTH[column]}个字")
            if column in REQUIRED and not value:
                raise _Invalid("不能为空")
            if column == ROLES:
                read[column] = read_roles(value)
            elif column == SUBTREE:
                read[column] = read_subtree(value)
            elif column in _READERS:
                read[column] = _READERS[column](value)
            else:
                read[column] = value
        except _Invalid as problem:
            errors.append(f"{where(row, column)}：{problem}")
    if len(errors) == before and not (read.get(USERNAME) or read.get(PHONE) or read.get(EMAIL)):
        errors.append(f"{where(row)}：请至少填写「电话」「电子邮箱」或「用户名」之一，用来识别此人")
    if len(errors) > before:
        return None
    subtree = read.get(SUBTREE)
    roles = tuple((r, SUBTREE_BY_DEFAULT[r] if subtree is None else subtree) for r in read[ROLES])
    return PersonRow(
        row=row,
        full_name=read[NAME],
        unit=read[UNIT],
        roles=roles,
        title=read.get(TITLE, ""),
        phone=read.get(PHONE, ""),
        email=read.get(EMAIL, ""),
        username=read.get(USERNAME, ""),
    )


def _check_same_person(reading: SheetReading) -> None:
    """Rows of one person (one key) must agree on what they say of the person."""
    first: dict[tuple[str, str], PersonRow] = {}
    for person in reading.people:
        earlier = first.setdefault(person.key, person)
        if earlier is person:
            continue
        for column, attribute in PERSON_FIELDS:
            if column in reading.present and getattr(person, attribute) != getattr(earlier, attribute):
                reading.errors.append(
                    f"{where(person.row, column)}：与第{earlier.row}行（同一人）不一致"
                    f"（“{getattr(person, attribute)}”与“{getattr(earlier, attribute)}”）"
                )
    for column, attribute in ((PHONE, "phone"), (EMAIL, "email")):
        owner: dict[str, PersonRow] = {}
        for person in reading.people:
            value = getattr(person, attribute).lower()
            if not value:
                continue
            earlier = owner.setdefault(value, person)
            if earlier.key != person.key:
                reading.errors.append(
                    f"{where(person.row, column)}：与第{earlier.row}行相同，但两行的「用户名」不同"
                    "（同一人请填写相同的用户名，不同的人不能共用）"
                )
