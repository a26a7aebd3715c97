"""The administrator's view of deliveries (failed and uncertain ones first to find) and the robots."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from rectify.audit.admin_trail import AuditedChangesMixin
from rectify.audit.services import audit_record
from rectify.notifications.models import ChannelPreference, Delivery, DeliveryState, RobotEndpoint


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "target",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["state", "channel", "created_at"]
    search_fields = ["address", "message__subject", "message__recipient__username", "last_error"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    list_select_related = ["message", "robot", "robot__unit", "robot__user", "digest"]
    actions = ["send_again"]

    @admin.display(description="发往")
    def target(self, obj):
        return obj.address or obj.robot or "—"

    @admin.display(description="标题")
    def subject(self, obj):
        return obj.message.subject if obj.message_id else f"提醒汇总 {obj.digest}"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="重新发送所选的失败或不确定投递（不确定的可能重复送达）")
    def send_again(self, request, queryset):
        from rectify.notifications.jobs import deliveries_enqueue

        chosen = list(queryset.filter(state__in=[DeliveryState.FAILED, DeliveryState.UNCERTAIN]))
        with transaction.atomic():
            for delivery in chosen:
                audit_record(
                    actor=request.user,
                    action="重新发送消息投递",
                    code="notifications.delivery.resend",
                    obj=delivery,
                    changes={"state": [delivery.state, DeliveryState.QUEUED]},
                )
            Delivery.objects.filter(pk__in=[d.pk for d in chosen]).update(
                state=DeliveryState.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
            )
            ids = [d.pk for d in chosen]
            transaction.on_commit(lambda: deliveries_enqueue(ids))
        self.message_user(request, f"已重新排队{len(chosen)}条投递（只处理失败或不确定的）", messages.SUCCESS)


@admin.register(RobotEndpoint)
class RobotEndpointAdmin(AuditedChangesMixin, admin.ModelAdmin):
    list_display = ["kind", "unit", "user", "label", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["unit__name", "user__username", "label"]
    autocomplete_fields = ["unit", "user"]
    audit_fields = ["kind", "apprise_url", "unit", "user", "active", "label"]
    audit_actions = ("新增群机器人", "修改群机器人", "删除群机器人")


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(AuditedChangesMixin, admin.ModelAdmin):
    list_display = ["user", "email", "robot", "mode"]
    list_filter = ["email", "robot", "mode"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user"]
    audit_fields = ["user", "email", "robot", "mode"]
    audit_actions = ("新增消息偏好", "修改消息偏好", "删除消息偏好")
