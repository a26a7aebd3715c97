from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from rectify.notifications import preferences
from rectify.notifications.forms import MODE_HELP, PreferenceForm, RobotForm, RobotRemoveForm
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


_CHANGES = {
    "preference": (PreferenceForm, preferences.channel_preference_update, "已保存您的消息设置"),
    "robot": (RobotForm, preferences.personal_robot_set, "已保存您的个人群机器人"),
    "remove": (RobotRemoveForm, preferences.personal_robot_remove, "已删除您的个人群机器人"),
}


@login_required
def channel_settings(request):
    """The person's own channels (消息设置): in-app always, e-mail, chat robot, digest or immediate, and
    their own robot. Each form posts one change for `preferences`' services; it is always the user's own."""
    posted = request.POST.get("change") if request.method == "POST" else None
    bound = None
    if posted in _CHANGES:
        form_class, change, done = _CHANGES[posted]
        bound = form_class(request.POST)
        if bound.is_valid():
            arguments = dict(bound.cleaned_data)
            if posted == "remove":
                arguments["robot_id"] = arguments.pop("robot")
            try:
                change(actor=request.user, user=request.user, **arguments)
            except ValidationError as error:
                _show_errors(bound, error)
            else:
                messages.success(request, done)
                return redirect("notifications:settings")
    current = preferences.channel_settings(request.user)
    preference = current.preference
    forms = {
        "preference": PreferenceForm(
            initial={"email": preference.email, "robot": preference.robot, "mode": preference.mode}
        ),
        "robot": RobotForm(),
    }
    if posted in forms and bound is not None:
        forms[posted] = bound  # what the person typed stays, with what is wrong
    stale = bound is not None and any(e.code == "stale" for e in bound.non_field_errors().as_data())
    for form in forms.values():
        form.initial["seen"] = current.seen
        if stale or form.is_bound:
            form.data = form.data.copy()
            form.data["seen"] = current.seen  # the next save is checked against the settings shown now
    return render(
        request,
        "notifications/settings.html",
        {
            "settings": current,
            "preference_form": forms["preference"],
            "robot_form": forms["robot"],
            "remove_errors": bound.non_field_errors() if posted == "remove" and bound is not None else [],
            "mode_help": MODE_HELP,
        },
    )


def _show_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
