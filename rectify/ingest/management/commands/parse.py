"""`rectify parse FILE [--json]`: read a report and print what the parser understood.

With --json: the JSON of `report_to_dict`, plus "source" (file, format, reading warnings).
Without: a short summary in Chinese. A file that cannot be read: message on stderr, exit status 2.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectify.ingest.readers import UnreadableDocument, read_document
from rectify.ingest.report import GENRE_LABELS, parse_document, report_to_dict

_KINDS = {
    "date": "日期",
    "range": "时间段",
    "staged": "分阶段节点",
    "immediate": "立行立改",
    "immediate_ongoing": "立行立改、长期坚持",
    "ongoing": "长期坚持",
    "phased": "分阶段推进",
    "relative": "相对日期",
    "unknown": "未识别",
}
_FIGURES = (
    ("tasks_total", "整改任务总数"),
    ("tasks_completed", "已完成"),
    ("tasks_on_schedule", "达到序时进度"),
    ("tasks_behind_schedule", "未达到序时进度"),
    ("tasks_basically_completed", "基本完成"),
    ("petitions_total", "信访件"),
    ("petitions_closed", "已办结"),
    ("petitions_closed_in_stage", "阶段性办结"),
    ("petitions_closed_or_in_stage", "已办结或阶段性办结"),
)


class Command(BaseCommand):
    help = "解析整改落实情况报告（.docx/.pdf/.txt/.doc/.wps），输出标题、日期、统计数字、问题清单和警告。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="报告文件路径")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出完整结果")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            document = read_document(path)
        except UnreadableDocument as error:
            raise CommandError(str(error), returncode=2) from None
        data = report_to_dict(parse_document(document.text))
        data["source"] = {"file": str(path), "format": document.source_format, "warnings": document.warnings}
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(self._summary(data)))

    def _summary(self, data: dict) -> list[str]:
        """The human-readable summary, one line per entry."""
        out = [
            f"文件：{data['source']['file']}（{data['source']['format']}）",
            f"文体：{GENRE_LABELS.get(data['genre'], data['genre'])}",
            f"标题：{data['title'] or '（未识别）'}",
            f"发文单位：{'、'.join(data['issuers']) or '（未识别）'}",
            f"成文日期：{data['date'] or '（未识别）'}",
            f"数据截至：{data['as_of'] or '（未识别）'}",
        ]
        summary = data["summary"]
        figures = [f"{label}{summary[key]}" for key, label in _FIGURES if summary.get(key) is not None]
        if summary.get("tasks_completion_rate") is not None:
            figures.append(f"任务完成率{summary['tasks_completion_rate'] * 100:.1f}%")
        if summary.get("petition_closure_rate") is not None:
            figures.append(f"办结率{summary['petition_closure_rate'] * 100:.1f}%")
        out.append(f"主要数字：{'，'.join(figures) or '（未识别）'}")
        notice = data["notice"]
        said = [
            f"{label}{notice[key]}"
            for key, label in (
                ("self_checked_on", "自行验收"),
                ("submitted_on", "提交验收"),
                ("accepted_on", "通过验收"),
                ("completed_on", "整改完成"),
            )
            if notice[key]
        ]
        if notice["objection_days"] is not None:
            unit = "个工作日" if notice["objection_day_kind"] == "working" else "天"
            said.append(f"公示期{notice['objection_days']}{unit}")
        if notice["notice_start"]:
            said.append(f"公示{notice['notice_start']}至{notice['notice_end'] or '？'}")
        if notice["contact"] or notice["phone"]:
            said.append(f"联系人{notice['contact']}{notice['phone']}")
        if said:
            out.append(f"公示与验收：{'，'.join(said)}")
        out.append(f"反馈问题：{len(data['findings'])}个")
        for finding in data["findings"]:
            deadline = finding["deadline"]
            kind = _KINDS.get(deadline["kind"], deadline["kind"])
            due = f"，截止{deadline['end']}" if deadline["end"] else ""
            status = finding["status"]["raw"] or "（无）"
            out.append(
                f"  {finding['label']}、时限：{kind}{due}；进展：{status}（{finding['status']['code']}）；"
                f"措施{len(finding['measures'])}条"
            )
        warnings = data["source"]["warnings"] + [f"第{w['line']}行：{w['message']}" for w in data["warnings"]]
        out.append(f"警告：{len(warnings)}条")
        out.extend(f"  {warning}" for warning in warnings)
        return out
