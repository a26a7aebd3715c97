"""The offline form (离线报送表): the layout of the workbook the office downloads for one unit and uploads
back. Shared by `rounds.offline_export` (writer) and `rounds.offline_import` (reader).

One workbook per submission (the office e-mails each unit its own, and each carries its own version):

    报送表    a title row, a note row, the header row, then one row per line (task): the locked task
              columns (grey) and the unit's columns (white, unlocked); the first column, 编号, is the
              line's id (hidden), which maps the row back exactly
    措施进展  the same for the measures of the tasks the unit leads (first column: the measure's id)
    配合单位报送  only for a unit leading tasks others cooperate on: their lines in this round, read-only
              (as the lead unit sees them on its online form); the import does not read it
    报送信息  hidden: format, round, submission and its version when exported; a workbook of another
              round, or one exported before the submission last changed, is refused
"""

from dataclasses import dataclass

FORMAT = "rectify.rounds.offline/1"
HEADER_ROW = 3  # 1-based: title row, note row, then the header
NOTE = "灰色列为任务信息，已锁定；请只填写白色列，不要增删行、改动工作表名称或隐藏的编号列。"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    editable: bool = False
    kind: str = "text"  # text, percent, quantity, int
    hidden: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


LINES = Sheet(
    "报送表",
    (
        Column("id", "编号", 8, kind="int", hidden=True),
        Column("number", "任务序号", 8, kind="int"),
        Column("title", "任务名称", 30),
        Column("deadline", "完成时限", 16),
        Column("role", "职责", 8),
        Column("progress_text", "本期进展", 40, editable=True),
        Column("percent", "完成进度（%）", 10, editable=True, kind="percent"),
        Column("quantity_done", "完成工程量", 10, editable=True, kind="quantity"),
        Column("quantity_unit", "计量单位", 8, editable=True),
        Column("problems", "存在问题", 30, editable=True),
        Column("next_plan", "下步计划", 30, editable=True),
    ),
)

MEASURES = Sheet(
    "措施进展",
    (
        Column("id", "编号", 8, kind="int", hidden=True),
        Column("task_number", "任务序号", 8, kind="int"),
        Column("number", "措施序号", 8, kind="int"),
        Column("text", "措施内容", 40),
        Column("progress_text", "措施进展", 40, editable=True),
    ),
)

COOPERATING = Sheet(
    "配合单位报送",
    (
        Column("task_number", "任务序号", 8, kind="int"),
        Column("title", "任务名称", 30),
        Column("unit", "配合单位", 16),
        Column("state", "报送状态", 10),
        Column("progress_text", "本期进展", 40),
        Column("percent", "完成进度（%）", 10, kind="percent"),
        Column("problems", "存在问题", 30),
        Column("next_plan", "下步计划", 30),
    ),
)
COOPERATING_NOTE = "配合单位在本轮的报送（只读，截至下载时），供牵头单位填写时参考；导入时不读取本表。"

META = "报送信息"
META_KEYS = {
    "format": "格式",
    "round": "调度轮次编号",
    "period": "调度周期",
    "submission": "报送编号",
    "unit": "报送单位",
    "version": "报送版本",
    "exported_at": "导出时间",
}
