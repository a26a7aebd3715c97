"""The rectification ledger (整改台账): inspections, their findings, the tasks and measures of the plan."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from rectify.ledger.deadlines import DeadlineKind
from rectify.ledger.lifecycle import ACTION_LABELS, STATE_LABELS, TaskState
from rectify.orgunits.models import OrgUnit

EPOCH = datetime.date(1970, 1, 1)


def day_number(value: datetime.date | None) -> int | None:
    """Days since 1970-01-01: the integer form the schedule flag's SQL does arithmetic on."""
    return None if value is None else (value - EPOCH).days


class InspectionKind(models.TextChoices):
    CENTRAL = "central", "中央生态环境保护督察"
    LOOK_BACK = "look_back", "督察“回头看”"
    SPECIAL = "special", "专项督察"
    PROVINCIAL = "provincial", "省级生态环境保护督察"


def inspection_label(unit_label: str, name: str) -> str:
    """How an inspection's ledger is named on pages: 柳原州·第二轮中央生态环境保护督察."""
    return f"{unit_label}·{name}"


class Inspection(models.Model):
    """An inspection (督察) as it applies to one unit's ledger, with the rule parameters in force.

    `unit` is the unit whose rectification plan this ledger is (e.g. a prefecture); its office runs it.
    """

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=InspectionKind.choices)
    round_number = models.PositiveSmallIntegerField("轮次", null=True, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="整改责任地区", on_delete=models.PROTECT, related_name="inspections"
    )
    team = models.CharField("督察组", max_length=100, blank=True)
    stay_start = models.DateField("进驻开始", null=True, blank=True)
    stay_end = models.DateField("进驻结束", null=True, blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    rule_set = models.CharField("适用规定", max_length=200, blank=True)
    plan_deadline_working_days = models.PositiveSmallIntegerField(
        "整改方案报送时限（工作日）", default=30, help_text="反馈后多少个工作日内报送整改方案"
    )
    schedule_tolerance = models.PositiveSmallIntegerField(
        "序时进度容差（百分点）", default=10, validators=[MaxValueValidator(50)]
    )
    due_soon_days = models.PositiveSmallIntegerField("临期提醒天数", default=30)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Optimistic locking: every change through ledger.services adds one (ledger.versions); an edit
    # form carries the version it was read at, and a save from an older one is refused.
    version = models.PositiveIntegerField("版本", default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["-feedback_on", "-pk"]
        verbose_name = "督察"
        verbose_name_plural = "督察"

    def __str__(self) -> str:
        return inspection_label(str(self.unit), self.name)


class FindingCategory(models.TextChoices):
    POLITICAL = "political", "思想认识与责任落实"
    INDUSTRY = "industry", "产业结构与项目准入"
    ENERGY = "energy", "能源与节能"
    WATER_RESOURCES = "water_resources", "水资源"
    AIR = "air", "大气污染"
    WATER = "water", "水污染"
    SOIL_WASTE = "soil_waste", "土壤与固体废物"
    ECOLOGY = "ecology", "生态保护"
    PETITION = "petition", "群众信访"
    RECTIFICATION = "rectification", "督察整改"
    OTHER = "other", "其他"


class Finding(models.Model):
    """A problem in the inspectors' feedback (反馈问题), numbered as in the feedback."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="督察", on_delete=models.CASCADE, related_name="findings"
    )
    number = models.PositiveIntegerField("序号")
    label = models.CharField("原序号", max_length=20, blank=True, help_text="反馈意见中的写法，如“十一”")
    provincial_seq = models.PositiveIntegerField("省序号", null=True, blank=True)
    city_seq = models.PositiveIntegerField("市序号", null=True, blank=True)
    text = models.TextField("问题内容")
    category = models.CharField(
        "类别", max_length=20, choices=FindingCategory.choices, default=FindingCategory.OTHER
    )
    # Optimistic locking: every change through ledger.services adds one (ledger.versions); an edit
    # form carries the version it was read at, and a save from an older one is refused.
    version = models.PositiveIntegerField("版本", default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["inspection", "number"]
        verbose_name = "反馈问题"
        verbose_name_plural = "反馈问题"
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="unique_finding_number")]

    def __str__(self) -> str:
        return f"问题{self.label or self.number}"


STATE_CHOICES = [(s.value, label) for s, label in STATE_LABELS.items()]
ACTION_CHOICES = [(a.value, label) for a, label in ACTION_LABELS.items()]
DEADLINE_KIND_CHOICES = [
    (DeadlineKind.DATE.value, "日期"),
    (DeadlineKind.RANGE.value, "时间段"),
    (DeadlineKind.STAGED.value, "分阶段节点"),
    (DeadlineKind.IMMEDIATE.value, "立行立改"),
    (DeadlineKind.IMMEDIATE_ONGOING.value, "立行立改，长期坚持"),
    (DeadlineKind.ONGOING.value, "长期坚持"),
    (DeadlineKind.PHASED.value, "分阶段推进"),
    (DeadlineKind.RELATIVE.value, "相对时限"),
    (DeadlineKind.UNKNOWN.value, "未识别"),
]


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TaskQuerySet":
        """The tasks `user` may see: the one scoping primitive (see ledger.selectors.task_visibility)."""
        from rectify.ledger.selectors import task_visibility

        return self.filter(task_visibility(user))


class Task(models.Model):
    """A rectification task of the plan (整改任务): covers one or more findings, with owners and a deadline.

    The deadline keeps its raw text; `due_on` and `start_on` are its normalised dates. `start_day` and
    `due_day` mirror them as day numbers for the schedule flag's SQL and are set on every save.
    """

    inspection = models.ForeignKey(
        Inspection, verbose_name="督察", on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveIntegerField("任务序号")
    findings = models.ManyToManyField(Finding, verbose_name="对应问题", related_name="tasks")
    title = models.CharField("任务名称", max_length=200)
    target = models.TextField("整改目标", blank=True)
    deadline_raw = models.CharField("整改时限", max_length=200, blank=True)
    deadline_kind = models.CharField(
        "时限类型", max_length=20, choices=DEADLINE_KIND_CHOICES, default="unknown"
    )
    start_on = models.DateField("起算日期", null=True, blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True)
    is_long_term = models.BooleanField("长期坚持", default=False)
    lead_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_unit = models.ForeignKey(
        OrgUnit, verbose_name="牵头单位", on_delete=models.PROTECT, related_name="led_tasks"
    )
    cooperating_units = models.ManyToManyField(
        OrgUnit, verbose_name="配合单位", blank=True, related_name="cooperating_tasks"
    )
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    responsible_phone = models.CharField("联系电话", max_length=30, blank=True)
    acceptance_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="验收单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accepted_tasks",
    )
    state = models.CharField("状态", max_length=30, choices=STATE_CHOICES, default=TaskState.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        "完成进度（%）", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    progress_text = models.TextField(
        "整改进展情况", blank=True, help_text="如：正在持续推进；已完成，长期坚持"
    )
    progress_detail = models.TextField("进展说明", blank=True, help_text="不属于某条措施的进展说明")
    progress_on = models.DateField("进展报送日期", null=True, blank=True)
    start_day = models.IntegerField(null=True, editable=False)
    due_day = models.IntegerField(null=True, editable=False)
    # Today's schedule flag, stored so the ledger counts flags without computing them; blank until first
    # computed. ledger.flags keeps it and says when it may be trusted (FlagsRun).
    schedule_flag = models.CharField("序时进度", max_length=20, blank=True, db_default="", editable=False)
    # The return (退回整改) or reopening (重新整改) the task is being reworked after, until it claims
    # completion again; kept by ledger.progress_history, which writes the entry.
    rework = models.ForeignKey(
        "TaskProgress",
        verbose_name="退回整改",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Optimistic locking: every change through ledger.services adds one (ledger.versions); an edit
    # form carries the version it was read at, and a save from an older one is refused.
    version = models.PositiveIntegerField("版本", default=1, db_default=1, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "number"]
        verbose_name = "整改任务"
        verbose_name_plural = "整改任务"
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="unique_task_number")]
        indexes = [
            models.Index(fields=["inspection", "state"]),
            models.Index(fields=["lead_unit", "inspection"]),
            models.Index(fields=["lead_leader", "inspection"]),
            models.Index(fields=["due_on"]),
            # Counting by flag: on PostgreSQL the INCLUDE columns let the common filters be counted from
            # the index alone (SQLite ignores INCLUDE; its indexes carry the rowid anyway).
            models.Index(
                fields=["schedule_flag", "inspection", "number"],
                include=["id", "lead_unit", "lead_leader", "state", "due_on"],
                name="ledger_task_flag_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"任务{self.number}：{self.title}"

    def save(self, *args, **kwargs):
        self.start_day, self.due_day = day_number(self.start_on), day_number(self.due_on)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "start_day", "due_day", "updated_at"}
        super().save(*args, **kwargs)

    # What a ledger row shows: the state, percent and text on the ledger's as-of date when the row was
    # read as of a past date (`ledger.as_of.annotate_as_of`), else the task's own.
    @property
    def state_as_of(self) -> str:
        return getattr(self, "state_then", self.state)

    @property
    def state_as_of_label(self) -> str:
        return STATE_LABELS.get(self.state_as_of, self.state_as_of)

    @property
    def progress_as_of(self) -> int:
        return getattr(self, "progress_then", self.progress)

    @property
    def progress_text_as_of(self) -> str:
        return getattr(self, "progress_text_then", self.progress_text)


class TaskSearch(models.Model):
    """What the ledger's search box looks through for one task (ledger/search.py keeps it): the task's
    title, target, progress and responsible person and its findings' text, normalised (`text`, for
    substring matches), and that text's Chinese bigrams (`grams`) under a full-text index (migration 0006)."""

    task = models.OneToOneField(Task, primary_key=True, on_delete=models.CASCADE, related_name="search")
    text = models.TextField(blank=True)
    grams = models.TextField(blank=True)

    class Meta:
        verbose_name = "任务检索文本"
        verbose_name_plural = "任务检索文本"

    def __str__(self) -> str:
        return f"{self.task_id}"


class FlagsRun(models.Model):
    """One computation of every task's stored schedule flag for a day (ledger.flags.flags_refresh_day).

    The stored flags are trusted only when the latest run to start has finished and was for today; a
    run in progress, or one for another day, sends the ledger back to computing flags itself.
    """

    day = models.DateField("按日期计算")
    started_at = models.DateTimeField("开始时间", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    changed = models.PositiveIntegerField("变化的任务数", default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "序时进度计算"
        verbose_name_plural = "序时进度计算"

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class Milestone(models.Model):
    """A staged milestone of a task (阶段性目标): the percent of the work promised by a date."""

    task = models.ForeignKey(
        Task, verbose_name="整改任务", on_delete=models.CASCADE, related_name="milestones"
    )
    due_on = models.DateField("节点日期")
    due_day = models.IntegerField(editable=False)
    percent = models.PositiveSmallIntegerField("应完成（%）", validators=[MaxValueValidator(100)])
    text = models.CharField("节点目标", max_length=300, blank=True)

    class Meta:
        ordering = ["task", "due_on"]
        verbose_name = "阶段节点"
        verbose_name_plural = "阶段节点"
        indexes = [models.Index(fields=["task", "due_day"])]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.percent}% {self.text}"

    def save(self, *args, **kwargs):
        self.due_day = day_number(self.due_on)
        super().save(*args, **kwargs)


class Measure(models.Model):
    """A numbered rectification measure of a task (整改措施), with its unit and latest progress."""

    task = models.ForeignKey(Task, verbose_name="整改任务", on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveIntegerField("序号")
    text = models.TextField("措施内容")
    responsible_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
    )
    progress_text = models.TextField("最新进展", blank=True)
    progress_on = models.DateField("进展日期", null=True, blank=True)
    # Optimistic locking: every change through ledger.services adds one (ledger.versions); an edit
    # form carries the version it was read at, and a save from an older one is refused.
    version = models.PositiveIntegerField("版本", default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["task", "number"]
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        constraints = [models.UniqueConstraint(fields=["task", "number"], name="unique_measure_number")]

    def __str__(self) -> str:
        return f"措施{self.number}"


class TaskProgress(models.Model):
    """One entry of a task's progress history (进展报送记录): where the task stood after a progress report,
    an imported report or a lifecycle action (`action`, with its `reason`), as of a date.

    Appended, never edited, by `ledger.progress_history` alone: the history a report reads for each
    task's state, percent and progress text on its date, and its "no new progress" check.
    """

    task = models.ForeignKey(
        Task, verbose_name="整改任务", on_delete=models.CASCADE, related_name="progress_reports"
    )
    as_of = models.DateField("进展截至")
    reported_at = models.DateTimeField("报送时间", auto_now_add=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField("任务状态", max_length=30, choices=STATE_CHOICES, blank=True)
    progress = models.PositiveSmallIntegerField("完成进度（%）", null=True, blank=True)
    status_text = models.CharField("进展状态", max_length=100, blank=True, help_text="如：正在持续推进")
    text = models.TextField("整改进展情况", blank=True)
    source = models.CharField("来源", max_length=200, blank=True, help_text="页面报送，或导入的文件名")
    action = models.CharField(
        "操作", max_length=30, choices=ACTION_CHOICES, blank=True, help_text="状态变更的操作；进展报送为空"
    )
    reason = models.TextField("理由", blank=True, help_text="退回整改、重新整改、撤回自评的理由")

    class Meta:
        ordering = ["task", "-as_of", "-pk"]
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"
        indexes = [models.Index(fields=["task", "as_of"])]

    def __str__(self) -> str:
        return f"{self.task} {self.as_of:%Y-%m-%d}"
