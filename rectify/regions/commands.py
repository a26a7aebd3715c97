"""What the unit-tree commands share: finding a unit by what a person types, reading a template file,
and turning a service's refusal into the command's error (exit status 2, nothing changed)."""

from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from rectify.orgunits.models import OrgUnit
from rectify.regions.templates import DEFAULT_DEPARTMENTS, TemplateError, TemplateLine, parse_template

TEMPLATE_MAX_BYTES = 64 * 1024


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def unit_named(text: str) -> OrgUnit:
    """The unit a person means by `text`: its division code, #id, name or short name; one, or an error."""
    text = (text or "").strip()
    if text.startswith("#") and text[1:].isdigit():
        matches = list(OrgUnit.objects.filter(pk=int(text[1:])))
    elif text.isdigit() and len(text) == 6:
        matches = list(OrgUnit.objects.filter(code=text))
    else:
        matches = list(OrgUnit.objects.filter(name=text)) or list(OrgUnit.objects.filter(short_name=text))
    if not matches:
        raise fail(f"没有找到单位“{text}”（可用名称、简称、行政区划代码或 #编号）")
    if len(matches) > 1:
        listed = "、".join(f"#{u.pk} {u.name}（上级：{u.parent or '无'}）" for u in matches[:5])
        raise fail(f"“{text}”不止一个单位：{listed}。请用 #编号指定")
    return matches[0]


def template_lines(value: str | None, *, default: str = "") -> list[TemplateLine]:
    """The template named by an option: "default" (the built-in departments), "none", or a file path."""
    if value is None or value == "none":
        return []
    if value == "default":
        return parse_template(default or DEFAULT_DEPARTMENTS)
    path = Path(value)
    try:
        if path.stat().st_size > TEMPLATE_MAX_BYTES:
            raise fail(f"{path.name}：文件过大（模板最多 {TEMPLATE_MAX_BYTES // 1024} KB）")
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise fail(f"找不到文件 {value}") from error
    except OSError as error:
        raise fail(f"无法读取文件 {value}（权限或路径有误）") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as error:
            raise fail(f"{path.name}：不是 UTF-8 或 GB18030 编码的文本文件") from error
    try:
        return parse_template(text, where=path.name)
    except TemplateError as error:
        raise fail("模板有误，未做任何改动：\n" + "\n".join(f"  {p}" for p in error.problems)) from error


@contextmanager
def refusals():
    """A service's ValidationError or PermissionDenied as the command's error."""
    try:
        yield
    except ValidationError as error:
        raise fail("未做任何改动：" + "；".join(error.messages)) from error
    except PermissionDenied as error:
        raise fail(f"未做任何改动：{error}") from error
