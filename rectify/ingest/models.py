"""Imports the office has previewed and run: which file, into which ledger, by whom, with what result."""

from django.conf import settings
from django.db import models

from rectify.orgunits.models import OrgUnit


class ImportJob(models.Model):
    """One uploaded file on its way into the ledger (导入记录): previewed, then confirmed and run.

    The file is kept under MEDIA_ROOT/imports/ under a generated name (the user's name is only shown),
    read once in the background into `draft`, which the preview and the run use: the file is never
    read again. A file that cannot be read is deleted. A second import of the same file is recognised
    by its SHA-256. While the background worker reads or imports, it renews a heartbeat; a job whose
    heartbeat has gone stale lost its worker and is marked failed (see `ingest.jobs`).
    """

    class Status(models.TextChoices):
        READING = "reading", "正在读取"
        UNREADABLE = "unreadable", "读取失败"
        PREVIEWED = "previewed", "待确认"
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已导入"
        FAILED = "failed", "导入失败"

    unit = models.ForeignKey(OrgUnit, verbose_name="整改责任地区", on_delete=models.PROTECT, related_name="+")
    inspection_name = models.CharField("督察", max_length=200)
    file_name = models.CharField("文件名", max_length=255)
    stored_path = models.CharField("存储路径", max_length=500)
    sha256 = models.CharField("文件摘要", max_length=64, db_index=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.READING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    summary = models.JSONField("变更统计", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)
    draft = models.JSONField("读取结果", null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField("后台进程心跳", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"

    def __str__(self) -> str:
        return f"{self.file_name} → {self.inspection_name}"
