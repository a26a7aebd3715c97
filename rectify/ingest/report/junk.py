"""Junk lines: what a web page or a printed PDF adds around the document itself.

Page numbers ("— 3 —", "- 3 -", "第3页 共10页", "3/10"), URLs, and the furniture of government web
pages (来源：, 发布时间：, 打印本页, 关闭窗口, 【字体：大 中 小】, 分享到 …). The parser removes them,
and reports each one as a warning so that nothing disappears silently.
"""

from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(
    r"""^(?:
        [—–\-－_~·•\s]*\d{1,4}[—–\-－_~·•\s]*                     # — 3 —, - 3 -, 3
      | 第\s*\d{1,4}\s*页\s*[，,/／]?\s*(?:共\s*\d{1,4}\s*页)?      # 第3页 共10页
      | 共\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*第\s*\d{1,4}\s*页)?      # 共10页 第3页
      | \d{1,4}\s*[/／]\s*\d{1,4}                                  # 3/10
      | (?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?     # Page 3 of 10
    )$""",
    re.VERBOSE,
)
URL = re.compile(r"(?:https?://|www\.)[^\s，。；）]*", re.IGNORECASE)
_FURNITURE_START = re.compile(
    r"^[【\[]?\s*(?:来源|信息来源|文章来源|发布时间|发布日期|发文日期|更新时间|作者|责任编辑|编辑|审核|浏览次数|阅读次数|"
    r"访问量|点击数|点击量|字号|字体|当前位置|您的位置|您当前的位置|所属栏目|索引号|分享到|扫一扫|打印本页|关闭窗口|"
    r"打印|关闭|收藏|返回顶部|上一篇|下一篇|相关链接|相关阅读|附件下载)\s*[】\]]?(?=\s*[：:】\]]|\s|$)"
)
_FURNITURE_ONLY = re.compile(
    r"^(?:[【\[]?\s*(?:打印本页|关闭窗口|打印|关闭|收藏|分享|返回顶部|返回|顶部|大|中|小|默认|保存|"
    r"打印此页|关闭此页|【|】|\[|\]|\||\s|字号|字体|：|:)\s*[】\]]?\s*)+$"
)
# A junk token inside a run-on line (used by text.py to cut it out of collapsed text).
JUNK_TOKEN = re.compile(
    r"(?:https?://|www\.)\S*|(?:来源|信息来源|发布时间|发布日期|浏览次数|责任编辑)：\S*|打印本页|关闭窗口"
    r"|第\s*\d{1,4}\s*页|共\s*\d{1,4}\s*页|[—–\-]\s*\d{1,4}\s*[—–\-](?=\s|$)",
    re.IGNORECASE,
)
# A markdown-style table rule: |---|---|, or a row of box-drawing characters.
_RULE = re.compile(r"^[\s|:：\-—=+─━┼┬┴├┤┌┐└┘]+$")


def junk_kind(line: str) -> str | None:
    """Why `line` is junk ("页码", "网址", "网页信息"…), or None if it is content."""
    text = line.strip()
    if not text:
        return None
    if _PAGE_NUMBER.match(text):
        return "页码"
    if _RULE.match(text) and len(text) >= 2:
        return "表格线"
    if _FURNITURE_ONLY.match(text):
        return "网页按钮"
    if _FURNITURE_START.match(text) and len(text) <= 120:
        return "网页信息"
    without_urls = URL.sub("", text)
    if without_urls != text and len(re.sub(r"[\s:：,，;；|]", "", without_urls)) < 10:
        return "网址"
    return None


def strip_urls(line: str) -> tuple[str, list[str]]:
    """`line` without the URLs inside it, and the URLs removed."""
    urls = URL.findall(line)
    if not urls:
        return line, []
    return URL.sub("", line).strip(), urls


def junk_message(kind: str, text: str) -> str:
    """The warning for a removed junk line."""
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:40] + "…"
    return f"已忽略{kind}行：「{shown}」"
