"""Messages and their deliveries (see the package docstring for the API and the delivery rules)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from rectify.notifications.robot_urls import robot_url_masked
from rectify.orgunits.models import OrgUnit


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    ROBOT = "robot", "群机器人"


class Message(models.Model):
    """One message to one person; in-app it is always there, other channels through its deliveries."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="messages"
    )
    event = models.CharField("事件", max_length=80, help_text="如 rounds.round.open")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    object_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    digest = models.BooleanField("提醒（汇总发送）", default=False)
    once_key = models.CharField(
        "提醒键",
        max_length=200,
        blank=True,
        help_text="一个提醒对同一人只发一次：事件、对象和（每日提醒的）日期，如 rounds.submission.missing:12:2023-11-08",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="message_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "once_key"], condition=~Q(once_key=""), name="message_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.subject


class DigestMode(models.TextChoices):
    DIGEST = "digest", "提醒每天汇总一次"
    IMMEDIATE = "immediate", "提醒立即发送"


class ChannelPreference(models.Model):
    """What a person wants besides the in-app list (which is always on). No row: the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="channel_preference",
    )
    email = models.BooleanField("电子邮件", default=True)
    robot = models.BooleanField("群机器人", default=True)
    mode = models.CharField("提醒方式", max_length=12, choices=DigestMode.choices, default=DigestMode.DIGEST)

    class Meta:
        verbose_name = "消息偏好"
        verbose_name_plural = "消息偏好"

    def __str__(self) -> str:
        return f"{self.user} 的消息偏好"


class RobotKind(models.TextChoices):
    DINGTALK = "dingtalk", "钉钉"
    WECOM = "wecom", "企业微信"
    FEISHU = "feishu", "飞书"
    OTHER = "other", "其他（Apprise 地址）"


class RobotEndpoint(models.Model):
    """A chat robot (a group's webhook) of a unit or of one person, as an Apprise URL: dingtalk://TOKEN/
    (signed: dingtalk://SECRET@TOKEN/), wecombot://KEY, feishu://TOKEN."""

    kind = models.CharField("类型", max_length=12, choices=RobotKind.choices)
    apprise_url = models.CharField("地址", max_length=500)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="单位", null=True, blank=True, on_delete=models.CASCADE, related_name="robots"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="个人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="robots",
    )
    active = models.BooleanField("启用", default=True)
    label = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "群机器人"
        verbose_name_plural = "群机器人"
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True, user__isnull=False) | Q(unit__isnull=False, user__isnull=True),
                name="robot_of_unit_or_person",
                violation_error_message="群机器人须属于一个单位或一个人（二选一）",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit or self.user} {self.label}".strip()

    @property
    def address_shown(self) -> str:
        """The address with its token shortened (a webhook token lets anyone post to the group)."""
        return robot_url_masked(self.apprise_url)


class Digest(models.Model):
    """The day's one digest of a person's reminders on one channel."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="digests"
    )
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    day = models.DateField("日期")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "提醒汇总"
        verbose_name_plural = "提醒汇总"
        constraints = [
            models.UniqueConstraint(fields=["recipient", "channel", "day"], name="one_digest_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_channel_display()} · {self.day:%Y-%m-%d}"


class DeliveryState(models.TextChoices):
    HELD = "held", "待汇总"
    DIGESTED = "digested", "已并入汇总"
    QUEUED = "queued", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    UNCERTAIN = "uncertain", "不确定是否送达"


class Delivery(models.Model):
    """One message (or one digest) on one channel to one target: an e-mail address or a robot."""

    message = models.ForeignKey(
        Message,
        verbose_name="消息",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    digest = models.ForeignKey(
        Digest,
        verbose_name="汇总",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    in_digest = models.ForeignKey(
        Digest,
        verbose_name="并入的汇总",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="held_deliveries",
    )
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    address = models.CharField("邮箱", max_length=254, blank=True)
    robot = models.ForeignKey(
        RobotEndpoint, verbose_name="群机器人", null=True, blank=True, on_delete=models.SET_NULL
    )
    state = models.CharField("状态", max_length=10, choices=DeliveryState.choices, db_index=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    claimed_at = models.DateTimeField("领取时间", null=True, blank=True)
    claimed_by = models.CharField("领取者", max_length=100, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "消息投递"
        verbose_name_plural = "消息投递"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(message__isnull=False, digest__isnull=True)
                | Q(message__isnull=True, digest__isnull=False),
                name="delivery_of_message_or_digest",
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address or self.robot} · {self.get_state_display()}"
