"""Reads of a person's own messages."""

from django.db.models import QuerySet

from rectify.notifications.models import Message


def messages_for(user) -> QuerySet[Message]:
    """The user's messages, newest first (nobody sees another person's messages)."""
    if not getattr(user, "is_authenticated", False):
        return Message.objects.none()
    return Message.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """How many of the user's messages are unread: one COUNT query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()
