from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from rectify.notifications.selectors import messages_for
from rectify.notifications.services import message_mark_read, messages_mark_all_read


@login_required
def message_list(request):
    page = Paginator(messages_for(request.user).select_related("object_type"), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/message_list.html", {"page": page})


@login_required
def message_open(request, pk: int):
    """Open a message: it is marked read, and the page it is about opens (or the list, without one)."""
    message = get_object_or_404(messages_for(request.user), pk=pk)
    message_mark_read(user=request.user, message=message)
    if message.url and url_has_allowed_host_and_scheme(message.url, allowed_hosts={request.get_host()}):
        return redirect(message.url)
    return redirect("notifications:message_list")


@login_required
@require_POST
def message_read_all(request):
    messages_mark_all_read(user=request.user)
    return redirect("notifications:message_list")
