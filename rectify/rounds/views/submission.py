"""The unit's form (填报): read, autosave as the user types, save a draft, submit; evidence files; and
the buttons of the leader (confirm, return) and of the office (accept, return) on a submission."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from rectify.core.ids import id_from_text
from rectify.ingest import jobs as ingest_jobs
from rectify.ledger.versions import EditConflict
from rectify.orgunits.permissions import may
from rectify.rounds import selectors, services
from rectify.rounds.evidence import MAX_EVIDENCE_BYTES
from rectify.rounds.forms import ReturnForm, posted_lines, posted_version
from rectify.rounds.lifecycle import WRITABLE_STATES, SubmissionState
from rectify.rounds.measure_parts import measures_reported_on
from rectify.rounds.models import LineRole

S = SubmissionState


def _read_only_reason(submission, writable: bool) -> str:
    """Why the form cannot be written (shown at its top), or "" when it can."""
    dispatch_round = submission.round
    if dispatch_round.is_locked:
        return f"本轮调度已于{timezone.localtime(dispatch_round.locked_at):%Y-%m-%d %H:%M}锁定"
    at = f"{timezone.localtime(submission.submitted_at):%Y-%m-%d %H:%M}" if submission.submitted_at else ""
    if submission.state == S.SUBMITTED:
        waiting = "待本单位领导审核" if dispatch_round.requires_confirmation else "待整改办审核"
        if submission.without_leader:
            waiting = "报送时本单位无审核领导，直接报整改办审核"
        return f"已提交于{at}，{waiting}"
    if submission.state == S.CONFIRMED:
        return f"已提交于{at}，领导已审核，待整改办审核"
    if submission.state == S.ACCEPTED:
        return f"已提交于{at}，整改办已采纳"
    if not writable:
        return "只有本单位联络员可以填写，您查看的是只读内容"
    return ""


def _readable(conflict: EditConflict | None) -> EditConflict | None:
    """The conflict as the form's table shows it: the submission's own fields (state, …), without the
    save's bookkeeping entry (the count of lines changed, which has no field label to show)."""
    if conflict is not None:
        conflict.changes = [c for c in conflict.changes if not c.label.isascii()]
    return conflict


FORM_PART = 20  # lines rendered with the page; the rest load in parts of as many as the user scrolls


def _writable(user, submission) -> bool:
    return (
        may(user, "rounds.submission.save", submission)
        and submission.state in WRITABLE_STATES
        and not submission.round.is_locked
    )


def _lines_part(submission, *, start: int, stop: int | None, posted=None) -> dict:
    """Lines [start, stop) of the form, ready for rounds/_lines.html: each with its measures' rows, the
    fields its autosave posts, and the heading it opens (the first lead and first cooperating line)."""
    lines = selectors.submission_lines(submission, start=start, stop=stop)
    counts = selectors.submission_line_counts(submission)
    lead_count, total = counts[LineRole.LEAD], sum(counts.values())
    if posted:  # a refused save: show what the user typed, not what is stored
        values, measures = posted
        for line in lines:
            for name, value in values.get(line.task_id, {}).items():
                setattr(line, name, value)
            line.posted_measures = {m: t for m, t in measures.items()}
    for index, line in enumerate(lines, start=start):
        done = {m.measure_id: m.progress_text for m in line.measure_lines.all()}
        typed = getattr(line, "posted_measures", {})
        reported = measures_reported_on(
            line.task.measures.all(),
            unit_id=submission.unit_id,
            lead=line.role == LineRole.LEAD,
            cooperating_unit_ids=[other.submission.unit_id for other in line.cooperating_lines],
        )
        line.measure_rows = [(m, typed.get(m.pk, done.get(m.pk, ""))) for m in reported]
        # the fields one line's autosave posts (written here once, not by the template per line)
        line.hx_params = ",".join(
            ["version", *(f"line-{line.task_id}-{name}" for name in services.LINE_FIELDS)]
            + [f"measure-{m.pk}" for m, _text in line.measure_rows]
        )
        line.heading = "lead" if index == 0 and lead_count else "cooperating" if index == lead_count else ""
    end = start + len(lines)
    more = reverse("rounds:lines", args=[submission.pk]) + f"?from={end}" if end < total else ""
    return {
        "lines": lines,
        "lead_count": lead_count,
        "cooperating_count": total - lead_count,
        "more_url": more,
        "remaining": total - end,
        "autosave_url": reverse("rounds:autosave", args=[submission.pk]),
    }


def _form_page(request, submission, *, posted=None, conflict=None, error=None, status=200, whole=False):
    """The form with its first FORM_PART lines (the rest load as the user scrolls); every line when
    `whole` (?all=1: without JavaScript, or back from an upload) and after a refused save (posted
    values, a conflict, an error), so that all that was typed is on the page again."""
    whole = whole or bool(posted or conflict or error)
    part = _lines_part(submission, start=0, stop=None if whole else FORM_PART, posted=posted)
    writable = _writable(request.user, submission)
    state = submission.state
    is_open = not submission.round.is_locked
    context = {
        "submission": submission,
        "round": submission.round,
        **part,
        "writable": writable,
        "read_only_reason": _read_only_reason(submission, writable),
        "version": conflict.version if conflict else submission.version,
        "form": SimpleNamespace(conflict=_readable(conflict)),  # what includes/conflict.html reads
        "error": error,
        "can_submit": writable and may(request.user, "rounds.submission.submit", submission),
        "can_confirm": is_open
        and state == S.SUBMITTED
        and submission.round.requires_confirmation
        and submission.submitted_by_id != request.user.pk  # nobody confirms their own
        and may(request.user, "rounds.submission.confirm", submission),
        "can_accept": is_open
        and state in (S.SUBMITTED, S.CONFIRMED)
        and may(request.user, "rounds.submission.accept", submission),
        "can_return": is_open
        and state in (S.SUBMITTED, S.CONFIRMED)
        and may(request.user, "rounds.submission.return", submission),
        "return_form": ReturnForm(initial={"version": submission.version}),
    }
    return render(request, "rounds/submission_form.html", context, status=status)


@login_required
def submission_form(request, pk: int):
    """The unit's form. POST: "保存草稿" (save) or "提交" (submit: the typed values are saved first)."""
    submission = selectors.submission_get_for_user(request.user, pk)
    if request.method != "POST":
        return _form_page(request, submission, whole=request.GET.get("all") == "1")
    posted = posted_lines(request.POST)
    version = posted_version(request.POST)
    try:
        submission = services.submission_save_draft(
            actor=request.user,
            submission=submission,
            lines=posted[0],
            measures=posted[1],
            expected_version=version,
        )
        if request.POST.get("action") == "submit":
            services.submission_submit(
                actor=request.user, submission=submission, expected_version=submission.version
            )
    except EditConflict as conflict:
        return _form_page(
            request, selectors.submission_get_for_user(request.user, pk), posted=posted, conflict=conflict
        )
    except ValidationError as error:
        fresh = selectors.submission_get_for_user(request.user, pk)
        return _form_page(request, fresh, posted=posted, error="；".join(error.messages), status=200)
    if request.POST.get("action") == "submit":
        messages.success(request, "已提交")
    else:
        messages.success(request, f"草稿已保存（{timezone.localtime():%H:%M}）")
    return redirect("rounds:submission", pk=pk)


@login_required
def submission_lines_part(request, pk: int):
    """The next part of a long form (GET ?from=N), loaded as the user scrolls to its end: FORM_PART
    lines and, outside the form, their evidence upload forms."""
    submission = selectors.submission_get_for_user(request.user, pk)
    start = id_from_text(request.GET.get("from"))
    if start is None:
        raise Http404("没有这一部分")
    part = _lines_part(submission, start=start, stop=start + FORM_PART)
    writable = _writable(request.user, submission)
    context = {
        "submission": submission,
        "round": submission.round,
        "writable": writable,
        "part": True,
        **part,
    }
    return render(request, "rounds/_lines.html", context)


@login_required
@require_POST
def submission_autosave(request, pk: int):
    """Save the posted line(s) as a draft as the user types; answers with a small status and the new
    version (into the form). A refused save says so in red: what was typed stays in the fields."""
    submission = selectors.submission_get_for_user(request.user, pk)
    lines, measures = posted_lines(request.POST)
    try:
        submission = services.submission_save_draft(
            actor=request.user,
            submission=submission,
            lines=lines,
            measures=measures,
            expected_version=posted_version(request.POST),
        )
    except EditConflict as conflict:
        who = "、".join(dict.fromkeys(c.by for c in conflict.changes)) or "其他用户"
        status = {
            "ok": False,
            "text": f"未保存：您打开此页后，{who}已修改了本报送（第{conflict.read_version}版→第{conflict.version}版）。"
            "您填写的内容仍在页面上；请点“保存草稿”核对后再保存。",
        }
        return render(request, "rounds/_save_status.html", {"status": status, "version": None})
    except ValidationError as error:
        status = {"ok": False, "text": "未保存：" + "；".join(error.messages)}
        return render(request, "rounds/_save_status.html", {"status": status, "version": None})
    status = {"ok": True, "text": f"已保存 {timezone.localtime(submission.saved_at):%H:%M}"}
    return render(request, "rounds/_save_status.html", {"status": status, "version": submission.version})


@login_required
@require_POST
def evidence_upload(request, pk: int, line_pk: int):
    """Attach a supporting file to a line of the unit's own submission."""
    submission = selectors.submission_get_for_user(request.user, pk)
    line = get_object_or_404(submission.lines.select_related("task"), pk=line_pk)
    line.submission = submission
    upload = request.FILES.get("file")
    refused = getattr(request, "uploads_refused", [])  # stopped while streaming in: over the upload cap
    if refused:
        for name in refused:
            messages.error(
                request,
                f"任务{line.task.number}：佐证材料“{ingest_jobs.display_name(name)}”超过"
                f"{ingest_jobs.MAX_UPLOAD_BYTES / 1024 / 1024:g} MB，未能上传"
                f"（每个文件不超过{MAX_EVIDENCE_BYTES // 1024 // 1024} MB）",
            )
    elif upload is None:
        messages.error(request, f"任务{line.task.number}：请选择要上传的佐证材料")
    else:
        try:
            evidence = services.evidence_add(actor=request.user, line=line, upload=upload)
        except ValidationError as error:
            messages.error(request, f"任务{line.task.number}：" + "；".join(error.messages))
        else:
            messages.success(request, f"任务{line.task.number}：已上传“{evidence.original_name}”")
    whole = "?all=1" if submission.lines.count() > FORM_PART else ""  # the line may be past the first part
    return redirect(reverse("rounds:submission", kwargs={"pk": pk}) + f"{whole}#line-{line.pk}")


@login_required
def evidence_download(request, pk: int):
    """A supporting file, to whoever may see its submission (never a public media URL)."""
    evidence = selectors.evidence_get_for_user(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


ACTIONS = {
    "confirm": ("领导审核通过", services.submission_confirm),
    "accept": ("采纳", services.submission_accept),
    "return": ("退回", services.submission_return),
}


@login_required
@require_POST
def submission_act(request, pk: int, action: str):
    """The leader confirms or returns; the office accepts or returns (with a required comment)."""
    submission = selectors.submission_get_for_user(request.user, pk)
    if action not in ACTIONS:
        messages.error(request, "未知的操作")
        return redirect("rounds:submission", pk=pk)
    label, service = ACTIONS[action]
    extra = {"comment": request.POST.get("comment", "")} if action == "return" else {}
    try:
        service(
            actor=request.user,
            submission=submission,
            expected_version=posted_version(request.POST),
            **extra,
        )
    except EditConflict as conflict:
        kept = f"您填写的退回意见（未提交）：{extra['comment']}" if extra.get("comment", "").strip() else ""
        messages.error(request, f"未执行“{label}”：{conflict.messages[0]}{kept}")
    except ValidationError as error:
        messages.error(request, f"未执行“{label}”：" + "；".join(error.messages))
    else:
        messages.success(request, f"{submission.unit}的报送已{label}")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("rounds:submission", pk=pk)
