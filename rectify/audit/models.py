"""The append-only event log (全程留痕)."""

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除")

    def for_object(self, obj, *related) -> "AuditEventQuerySet":
        """Events about `obj` and any `related` objects (e.g. a task and its measures), newest first."""
        q = models.Q()
        for item in (obj, *related):
            q |= models.Q(object_type=item._meta.label_lower, object_id=str(item.pk))
        return self.filter(q).order_by("-at", "-pk")


class AuditEvent(models.Model):
    """One change (变更记录): who, when, what, the fields before → after, and why.

    Never updated or deleted: the model, its queryset and (by migration) database triggers refuse it.
    """

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=50)
    code = models.CharField(
        "事件代码",
        max_length=80,
        blank=True,
        db_default="",
        help_text="稳定的机器代码，如 rounds.submission.return：消息、统计和督办规则按代码而不是按中文名称匹配",
    )
    object_type = models.CharField("对象类型", max_length=100)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    changes = models.JSONField("变更内容", default=dict, help_text="{字段: [原值, 新值]}")
    reason = models.TextField("理由", blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除")
