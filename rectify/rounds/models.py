"""Dispatch rounds (调度): the office asks every responsible unit where its tasks stand, as of a date.

A round (`DispatchRound`) gives each responsible unit one `Submission` with one `SubmissionLine` per
task it leads or cooperates on; a lead line has a `MeasureLine` per measure it reports on, and any
line its `Evidence` files. Locking the round writes `RoundTaskSnapshot`: every task of the inspection as
it stood on the round's as-of date, never changed afterwards (a database trigger refuses it).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from rectify.ledger.models import STATE_CHOICES, Inspection, Measure, Task
from rectify.orgunits.models import OrgUnit
from rectify.rounds.lifecycle import STATE_LABELS, SubmissionState
from rectify.rounds.periods import CADENCE_LABELS, Cadence

USER = settings.AUTH_USER_MODEL


class RoundSchedule(models.Model):
    """An inspection's dispatch settings (调度设置): the cadence its rounds open at by themselves, the
    day of the period they open, how many working days (official calendar) units have to submit, and
    whether a leader of the unit confirms a submission before it reaches the office (领导审核)."""

    inspection = models.OneToOneField(
        Inspection, verbose_name="督察", on_delete=models.CASCADE, related_name="round_schedule"
    )
    cadence = models.CharField(
        "调度周期",
        max_length=20,
        choices=[(c.value, label) for c, label in CADENCE_LABELS.items()],
        default=Cadence.MONTHLY,
    )
    day = models.PositiveSmallIntegerField(
        "开启日",
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(92)],
        help_text="周期内第几天开启调度（超过周期天数时为最后一天）",
    )
    due_working_days = models.PositiveSmallIntegerField(
        "报送时限（工作日）",
        default=5,
        validators=[MaxValueValidator(60)],
        help_text="开启后多少个工作日内报送",
    )
    leader_confirmation = models.BooleanField("领导审核", default=False, help_text="报送须经本单位领导审核")
    active = models.BooleanField("自动开启", default=True)

    class Meta:
        verbose_name = "调度设置"
        verbose_name_plural = "调度设置"

    def __str__(self) -> str:
        return f"{self.inspection} {self.get_cadence_display()}"


class RoundState(models.TextChoices):
    OPEN = "open", "报送中"
    LOCKED = "locked", "已锁定"


class DispatchRound(models.Model):
    """One dispatch round (调度轮次) of an inspection: the period it covers (2023年10月), the date its
    figures stand as of, the date submissions are due, who opened and who locked it."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="督察", on_delete=models.CASCADE, related_name="dispatch_rounds"
    )
    number = models.PositiveIntegerField("轮次序号")
    period = models.CharField("调度周期", max_length=50)
    as_of = models.DateField("进展截至")
    due_on = models.DateField("报送截止")
    requires_confirmation = models.BooleanField("领导审核", default=False)
    state = models.CharField("状态", max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    opened_at = models.DateTimeField("开启时间", auto_now_add=True)
    opened_by = models.ForeignKey(
        USER, verbose_name="开启人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField("锁定时间", null=True, blank=True)
    locked_by = models.ForeignKey(
        USER, verbose_name="锁定人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    findings = models.JSONField(
        "锁定时的反馈问题",
        null=True,
        blank=True,
        editable=False,
        help_text="[[id, 序号, 标号, 问题描述], …]，锁定时写入；空为本字段出现前锁定的轮次",
    )

    class Meta:
        ordering = ["inspection", "-number"]
        verbose_name = "调度轮次"
        verbose_name_plural = "调度轮次"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "period"], name="unique_round_period"),
            models.UniqueConstraint(fields=["inspection", "number"], name="unique_round_number"),
        ]

    def __str__(self) -> str:
        return f"{self.period}调度（第{self.number}轮）"

    @property
    def is_locked(self) -> bool:
        return self.state == RoundState.LOCKED


SUBMISSION_STATE_CHOICES = [(s.value, label) for s, label in STATE_LABELS.items()]


class Submission(models.Model):
    """One responsible unit's report in a round (单位报送): its state, whether it came late, who
    submitted, confirmed, returned and accepted it. `version` guards against two people acting on the
    same read (ledger.versions)."""

    round = models.ForeignKey(
        DispatchRound, verbose_name="调度轮次", on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        "状态", max_length=20, choices=SUBMISSION_STATE_CHOICES, default=SubmissionState.NOT_STARTED
    )
    late = models.BooleanField("逾期报送", default=False)
    # 领导审核 with no leader who may confirm (none on the unit, or only the person who submitted):
    # set at each submit; the submission then goes straight to the office, which is told so
    without_leader = models.BooleanField("本单位无审核领导", default=False)
    submit_count = models.PositiveSmallIntegerField("报送次数", default=0)
    return_count = models.PositiveSmallIntegerField("退回次数", default=0)
    saved_at = models.DateTimeField("最近保存", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name="报送人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("审核时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        USER, verbose_name="审核领导", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        USER, verbose_name="退回人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_comment = models.TextField("退回意见", blank=True)
    accepted_at = models.DateTimeField("采纳时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER, verbose_name="采纳人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["round", "unit__path"]
        verbose_name = "单位报送"
        verbose_name_plural = "单位报送"
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="unique_submission_unit")]

    def __str__(self) -> str:
        return f"{self.unit}·{self.round.period}调度报送"


class LineRole(models.TextChoices):
    LEAD = "lead", "牵头"
    COOPERATING = "cooperating", "配合"


class SubmissionLine(models.Model):
    """What a unit reports on one task in a round: its own part, as lead or cooperating unit.
    Quantities are reported here with their unit text (公里, 座, 家…): the ledger's tasks carry no
    quantity target yet."""

    submission = models.ForeignKey(
        Submission, verbose_name="单位报送", on_delete=models.CASCADE, related_name="lines"
    )
    task = models.ForeignKey(
        Task, verbose_name="整改任务", on_delete=models.CASCADE, related_name="round_lines"
    )
    role = models.CharField("职责", max_length=20, choices=LineRole.choices)
    progress_text = models.TextField("本期进展", blank=True)
    percent = models.PositiveSmallIntegerField(
        "完成进度（%）", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    quantity_done = models.DecimalField("完成工程量", max_digits=14, decimal_places=2, null=True, blank=True)
    quantity_unit = models.CharField("计量单位", max_length=20, blank=True, help_text="如：公里、座、家、吨")
    problems = models.TextField("存在问题", blank=True)
    next_plan = models.TextField("下步计划", blank=True)

    class Meta:
        ordering = ["submission", "role", "task__number"]
        verbose_name = "报送事项"
        verbose_name_plural = "报送事项"
        constraints = [models.UniqueConstraint(fields=["submission", "task"], name="unique_line_task")]
        indexes = [models.Index(fields=["task", "submission"])]

    def __str__(self) -> str:
        return f"{self.submission} 任务{self.task_id}"


class MeasureLine(models.Model):
    """A lead unit's progress on one measure of its task in a round (措施进展)."""

    line = models.ForeignKey(
        SubmissionLine, verbose_name="报送事项", on_delete=models.CASCADE, related_name="measure_lines"
    )
    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.CASCADE, related_name="+")
    progress_text = models.TextField("措施进展", blank=True)

    class Meta:
        ordering = ["line", "measure__number"]
        verbose_name = "措施进展"
        verbose_name_plural = "措施进展"
        constraints = [models.UniqueConstraint(fields=["line", "measure"], name="unique_measure_line")]

    def __str__(self) -> str:
        return f"{self.line} 措施{self.measure_id}"


class Evidence(models.Model):
    """A supporting file of a line (佐证材料), stored through Django's storage API (rounds.evidence checks
    its type and size first)."""

    line = models.ForeignKey(
        SubmissionLine, verbose_name="报送事项", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to="rounds/evidence/%Y/%m/", max_length=300)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=100)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        USER, verbose_name="上传人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["line", "uploaded_at", "pk"]
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return self.original_name


class RoundTaskSnapshot(models.Model):
    """Every task of the inspection as it stood on a locked round's as-of date (调度快照): its state,
    percent, progress text and schedule flag then, with the accepted lead line's texts, and its
    整改时限 and findings as they were (the report from the round reads these alone). Written once at
    lock; a database trigger refuses any change (migration 0001), and `save` refuses an existing row."""

    round = models.ForeignKey(
        DispatchRound, verbose_name="调度轮次", on_delete=models.CASCADE, related_name="snapshots"
    )
    task = models.ForeignKey(
        Task, verbose_name="整改任务", on_delete=models.CASCADE, related_name="round_snapshots"
    )
    number = models.PositiveIntegerField("任务序号")
    title = models.CharField("任务名称", max_length=200)
    state = models.CharField("任务状态", max_length=30, choices=STATE_CHOICES)
    progress = models.PositiveSmallIntegerField("完成进度（%）")
    progress_text = models.TextField("整改进展情况", blank=True)
    progress_detail = models.TextField("进展说明", blank=True)
    schedule_flag = models.CharField("序时进度", max_length=20)
    accepted = models.BooleanField("已采纳本期报送", default=False)
    line_progress_text = models.TextField("本期进展", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_plan = models.TextField("下步计划", blank=True)
    quantity_done = models.DecimalField("完成工程量", max_digits=14, decimal_places=2, null=True, blank=True)
    quantity_unit = models.CharField("计量单位", max_length=20, blank=True)
    measures = models.JSONField("措施进展", default=list, help_text="[[序号, 进展], …]")
    # What the report from the round reads besides the figures, as it was at lock (null: locked before
    # these were recorded; the report then reads the ledger's).
    deadline_raw = models.CharField("整改时限", max_length=200, null=True, blank=True)  # noqa: DJ001 (None: not recorded)
    is_long_term = models.BooleanField("长期坚持", null=True, blank=True)
    finding_ids = models.JSONField("对应反馈问题", null=True, blank=True, help_text="[id, …]")

    class Meta:
        ordering = ["round", "number"]
        verbose_name = "调度快照"
        verbose_name_plural = "调度快照"
        constraints = [models.UniqueConstraint(fields=["round", "task"], name="unique_snapshot_task")]

    def __str__(self) -> str:
        return f"{self.round} 任务{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("调度快照锁定后不能修改")
        super().save(*args, **kwargs)


class OfflineUpload(models.Model):
    """Offline forms the office uploaded into a round (离线报送表上传), read in the background: each file
    in a child process under the ingest limits (`rounds.offline_jobs`), then planned on the preview
    page. The files are deleted once read; what they hold is kept here until the office confirms."""

    class Status(models.TextChoices):
        READING = "reading", "读取中"
        READ = "read", "已读取"
        FAILED = "failed", "读取中断"

    round = models.ForeignKey(
        DispatchRound, verbose_name="调度轮次", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(USER, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.READING)
    files = models.JSONField("文件", default=list)  # [[stored path, name as uploaded], …]
    books = models.JSONField("读取结果", default=list)  # [[name, read_offline_book's data], …]
    submit = models.BooleanField("代为提交", default=False)
    error = models.TextField("错误", blank=True)
    heartbeat_at = models.DateTimeField("后台进程心跳", null=True, blank=True)
    finished_at = models.DateTimeField("读取完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "离线报送表上传"

    def __str__(self):
        return f"{self.round}离线报送表上传（{len(self.files)}个文件）"
