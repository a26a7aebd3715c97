"""What a source says about the inspection itself, against what the ledger has: fill, agree, or differ.

A new inspection is created with every fact the source states. On an existing inspection a fact
only fills an empty field; a fact that differs from the ledger is shown as a warning and never
overwrites it (the office corrects the inspection on its own page if the document is right).
"""

from dataclasses import dataclass, field
from datetime import date

from rectify.ingest.draft import DraftInspection
from rectify.ledger.models import Inspection, InspectionKind

# The facts, in the order the preview shows them: (field, label).
FACTS = (
    ("kind", "督察类型"),
    ("round_number", "轮次"),
    ("team", "督察组"),
    ("stay_start", "进驻开始"),
    ("stay_end", "进驻结束"),
    ("feedback_on", "反馈日期"),
)
ROUND_NUMERALS = "一二三四五六七八九十"


def show(name: str, value) -> str:
    """A fact as the preview writes it."""
    if value in (None, ""):
        return "（空）"
    if name == "kind":
        return dict(InspectionKind.choices).get(value, value)
    if name == "round_number":
        return f"第{ROUND_NUMERALS[value - 1] if 1 <= value <= 10 else value}轮"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


@dataclass(frozen=True)
class FactRow:
    """One fact in the preview: what the source says, what the ledger has, and what the import does."""

    label: str
    value: str
    ledger: str
    outcome: str  # InspectionFacts.NEW, FILL, SAME or DIFFERENT


@dataclass
class InspectionFacts:
    NEW = "新建时写入"
    FILL = "补入空白项"
    SAME = "与台账一致"
    DIFFERENT = "不同，未覆盖"

    fields: dict = field(default_factory=dict)  # what to set: on a new inspection, or the empty fields
    rows: list[FactRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def plan_inspection_facts(inspection: Inspection | None, stated: DraftInspection | None) -> InspectionFacts:
    """The facts `stated` by a source, compared with `inspection` (None: the import creates it)."""
    facts = InspectionFacts()
    if stated is None:
        return facts
    where = f"第{stated.line}行：" if isinstance(stated.line, int) else ""
    for name, label in FACTS:
        value = getattr(stated, name)
        if value is None:
            continue
        current = None if inspection is None else getattr(inspection, name)
        if inspection is None:
            outcome = facts.NEW
        elif current in (None, ""):
            outcome = facts.FILL
        elif current == value:
            outcome = facts.SAME
        else:
            outcome = facts.DIFFERENT
            facts.warnings.append(
                f"{where}文件所述{label}为“{show(name, value)}”，台账为“{show(name, current)}”："
                "未改动台账，如文件正确请在督察信息中修改"
            )
        if outcome in (facts.NEW, facts.FILL):
            facts.fields[name] = value
        ledger = "（新建）" if inspection is None else show(name, current)
        facts.rows.append(FactRow(label, show(name, value), ledger, outcome))
    return facts
