"""Documents the office writes and generates: the report's narrative (kept in versions) and every file generated."""

from django.conf import settings
from django.db import models

from rectify.ledger.models import Inspection


class ReportNarrative(models.Model):
    """One saved version of the narrative sections of an inspection's progress report (报告正文).

    Never edited in place: saving appends a version, so what went out in any report can be shown.
    `sections` is a list of {"heading": str, "body": str}; the attachment is generated from the ledger.
    """

    inspection = models.ForeignKey(
        Inspection, verbose_name="督察", on_delete=models.CASCADE, related_name="narratives"
    )
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=200)
    opening = models.TextField("开头段", blank=True, help_text="可用 {headline} 插入由台账计算的总体情况")
    sections = models.JSONField("正文各部分", default=list)
    closing = models.TextField("结尾段", blank=True)
    issuer = models.CharField("落款单位", max_length=200, blank=True)
    attachment_title = models.CharField(
        "附件标题", max_length=200, blank=True, help_text="留空则为“××贯彻落实××报告具体问题整改进展情况”"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="编辑人", on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField("保存时间", auto_now_add=True)
    note = models.CharField("修改说明", max_length=200, blank=True)

    class Meta:
        ordering = ["inspection", "-version"]
        verbose_name = "报告正文"
        verbose_name_plural = "报告正文"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "version"], name="unique_narrative_version")
        ]

    def __str__(self) -> str:
        return f"{self.inspection} 正文第{self.version}版"


class ReportDates(models.Model):
    """The dates the office last chose for an inspection's report (数据截至、成文日期), offered again next time."""

    inspection = models.OneToOneField(
        Inspection, verbose_name="督察", on_delete=models.CASCADE, related_name="report_dates"
    )
    as_of = models.DateField("数据截至")
    signed_on = models.DateField("成文日期", null=True, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="选择人", on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField("选择时间", auto_now=True)

    class Meta:
        verbose_name = "报告日期"
        verbose_name_plural = "报告日期"

    def __str__(self) -> str:
        return f"{self.inspection} 截至{self.as_of:%Y-%m-%d}"


class GeneratedDocument(models.Model):
    """A file Rectify generated (生成记录): what, of which ledger, as of which date, by whom, when."""

    class Kind(models.TextChoices):
        PROGRESS_REPORT = "progress_report", "整改落实情况报告（Word）"
        PROGRESS_REPORT_PDF = "progress_report_pdf", "整改落实情况报告（PDF）"
        LEDGER = "ledger", "整改台账（Excel）"  # the reading ledger as of the date, an .xlsx

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已生成"
        FAILED = "failed", "生成失败"

    inspection = models.ForeignKey(
        Inspection, verbose_name="督察", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    as_of = models.DateField("数据截至")
    narrative = models.ForeignKey(
        ReportNarrative,
        verbose_name="所用正文版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dispatch_round = models.ForeignKey(
        "rounds.DispatchRound",
        verbose_name="按调度轮次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="报告的进展与数据取自该已锁定调度轮次的快照",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.QUEUED)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    stored_path = models.CharField("存储路径", max_length=500, blank=True)
    size = models.PositiveIntegerField("大小（字节）", null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    check_result = models.JSONField("一致性检查", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)

    class Meta:
        ordering = ["-generated_at", "-pk"]
        verbose_name = "生成的文件"
        verbose_name_plural = "生成的文件"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of:%Y-%m-%d}"
