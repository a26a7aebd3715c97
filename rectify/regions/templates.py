"""The editable template of the units a prefecture adds beside its counties: its departments (州直部门)
and its parks (园区). Pure: no Django.

A template is text, one unit a line: its name, optionally followed by its short name after a comma, a
tab or a vertical bar (全角或半角); blank lines and lines starting with # are skipped:

    生态环境局
    发展和改革委员会，发改委

A department's line names it without its level: set up under 昌吉回族自治州 it becomes 昌吉州生态环境局,
short name 州生态环境局 (`department_names`).
"""

import re
from dataclasses import dataclass

NAME_MAX = 100
SHORT_MAX = 50

DEFAULT_DEPARTMENTS = """\
生态环境局
发展和改革委员会，发改委
工业和信息化局，工信局
自然资源局
水利局
住房和城乡建设局，住建局
农业农村局
林业和草原局，林草局
交通运输局
城市管理局，城管局
应急管理局
公安局
财政局
市场监督管理局，市场监管局
卫生健康委员会，卫健委
文化体育广播电视和旅游局，文旅局
"""

_SEPARATOR = re.compile(r"\s*[,，\t|｜]\s*")


@dataclass(frozen=True)
class TemplateLine:
    """One unit of a template: its name, its short name (may be blank) and its line number."""

    name: str
    short_name: str
    line: int


class TemplateError(ValueError):
    """A template with mistakes: `problems` lists each one with its line ("第3行：…")."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def parse_template(text: str, *, where: str = "") -> list[TemplateLine]:
    """The units of a template, in order; raises TemplateError naming every bad line (`where` names the
    file or the field: "departments.txt 第3行：…")."""
    lines, problems, seen = [], [], {}
    prefix = f"{where} " if where else ""
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = _SEPARATOR.split(line)
        name, short = parts[0], (parts[1] if len(parts) > 1 else "")
        if len(parts) > 2:
            problems.append(f"{prefix}第{number}行：一行只写全称和简称两项，用逗号分开")
        elif not name:
            problems.append(f"{prefix}第{number}行：缺少名称")
        elif len(name) > NAME_MAX - 10:
            problems.append(f"{prefix}第{number}行：名称过长（最多{NAME_MAX - 10}字）")
        elif len(short) > SHORT_MAX - 5:
            problems.append(f"{prefix}第{number}行：简称过长（最多{SHORT_MAX - 5}字）")
        elif name in seen:
            problems.append(f"{prefix}第{number}行：“{name}”与第{seen[name]}行重复")
        else:
            seen[name] = number
            lines.append(TemplateLine(name=name, short_name=short, line=number))
    if problems:
        raise TemplateError(problems)
    return lines


def department_names(line: TemplateLine, *, prefix: str, level: str) -> tuple[str, str]:
    """The (name, short name) of a department of the template set up under a unit whose short name is
    `prefix` and whose level word is `level`: (昌吉州发展和改革委员会, 州发改委). A line that already
    starts with the prefix is taken as it is."""
    name = line.name if line.name.startswith(prefix) else f"{prefix}{line.name}"
    short = line.short_name or line.name.removeprefix(prefix)
    return name, (short if short.startswith(level) else f"{level}{short}")
