from django.utils.functional import SimpleLazyObject

from rectify.notifications.selectors import unread_count


def unread(request):
    """`unread_messages` for the bell: counted once per request, and only when a template shows it."""

    def count():
        if not hasattr(request, "_unread_messages"):
            request._unread_messages = unread_count(getattr(request, "user", None))
        return request._unread_messages

    return {"unread_messages": SimpleLazyObject(count)}
