"""Every change to dispatch rounds: one function per change of state, each in one transaction, audited
with its code (rounds.round.open, rounds.submission.submit, …).

Each asks `orgunits.permissions.require` first (PermissionDenied), then the transition table
(`rounds.lifecycle`) and the round's state (ValidationError with a Chinese message), then claims the
submission's version (`ledger.versions`: two people acting on the same read — one wins, the other gets
an EditConflict) and writes.

Messages (rounds.messages, in the same transaction as the change) are sent on these events:

    rounds.round.open          round opened: to each unit with a submission
    rounds.submission.submit   to the unit's leaders (but the submitter) when the round requires
                               confirmation; when it has none, to the office; else none
    rounds.submission.confirm  none (the office sees it on the board)
    rounds.submission.return   submission returned: to the unit's liaisons, with the comment
    rounds.submission.accept   none
    rounds.round.lock          none
    (scheduled, not a change of state: submission due in N days; submission missing after due_on)
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from rectify.audit.models import AuditEvent
from rectify.audit.services import audit_record
from rectify.core.bulk_insert import insert_rows
from rectify.core.calendar import official_calendar
from rectify.core.storable import storable
from rectify.ledger import services as ledger_services
from rectify.ledger.as_of import tasks_as_of
from rectify.ledger.lifecycle import DONE_STATES, TaskState
from rectify.ledger.models import Inspection, Task, TaskProgress
from rectify.ledger.schedule import ScheduleRule
from rectify.ledger.versions import version_claim
from rectify.orgunits.models import OrgUnit
from rectify.orgunits.permissions import require
from rectify.rounds import messages
from rectify.rounds.evidence import evidence_kind
from rectify.rounds.lifecycle import (
    ACTION_LABELS,
    STATE_LABELS,
    TABLE,
    WRITABLE_STATES,
    SubmissionAction,
    SubmissionState,
    confirmation_refusal,
)
from rectify.rounds.measure_parts import measures_reported_on
from rectify.rounds.models import (
    DispatchRound,
    Evidence,
    LineRole,
    MeasureLine,
    RoundSchedule,
    RoundState,
    RoundTaskSnapshot,
    Submission,
    SubmissionLine,
)
from rectify.rounds.periods import due_period
from rectify.rounds.permissions import relations_to_submission
from rectify.rounds.selectors import cooperating_units_by_task, reported_measures

LINE_FIELDS = ("progress_text", "percent", "quantity_done", "quantity_unit", "problems", "next_plan")
TEXT_FIELDS = ("progress_text", "quantity_unit", "problems", "next_plan")


def now():
    """The current time (one place, so that tests can set the clock)."""
    return timezone.now()


# ---------------------------------------------------------------- opening


def _due_date(opened_on: date, due_on: date | None, due_working_days: int | None) -> date:
    if (due_on is None) == (due_working_days is None):
        raise ValidationError({"due_on": "请给出报送截止日期，或开启后的工作日数（二者选一）"})
    if due_on is None:
        if due_working_days < 0:
            raise ValidationError({"due_on": "报送时限的工作日数不能为负数"})
        due_on = official_calendar().add_working_days(opened_on, due_working_days).date
    if due_on < opened_on:
        raise ValidationError({"due_on": f"报送截止日期（{due_on:%Y年%-m月%-d日}）早于开启日期"})
    return due_on


def _open(*, actor, inspection: Inspection, period: str, as_of: date, due_on: date) -> DispatchRound:
    """Open the round: one submission per responsible unit, one line per task it leads or cooperates on
    (signed-off tasks need no report), pre-filled from the inspection's previous round. Bulk inserts
    only, one audit event."""
    period = period.strip()
    if not period:
        raise ValidationError({"period": "请填写调度周期，如“2023年10月”"})
    if DispatchRound.objects.filter(inspection=inspection, period=period).exists():
        raise ValidationError({"period": f"{inspection}已开启过{period}的调度"})
    previous = DispatchRound.objects.filter(inspection=inspection).order_by("-number").first()
    settings = RoundSchedule.objects.filter(inspection=inspection).first()
    dispatch_round = DispatchRound.objects.create(
        inspection=inspection,
        number=(previous.number + 1) if previous else 1,
        period=period,
        as_of=as_of,
        due_on=due_on,
        requires_confirmation=bool(settings and settings.leader_confirmation),
        opened_by=actor,
    )
    tasks = Task.objects.filter(inspection=inspection).exclude(state=TaskState.SIGNED_OFF)
    lines: dict[int, list[tuple[int, str]]] = defaultdict(list)  # unit id -> [(task id, role)]
    for task_id, unit_id in tasks.values_list("id", "lead_unit_id").order_by("number"):
        lines[unit_id].append((task_id, LineRole.LEAD))
    cooperating = Task.cooperating_units.through.objects.filter(task__in=tasks)
    for task_id, unit_id in cooperating.values_list("task_id", "orgunit_id").order_by("task__number"):
        lines[unit_id].append((task_id, LineRole.COOPERATING))
    insert_rows(
        Submission,
        [
            "round",
            "unit",
            "state",
            "late",
            "without_leader",
            "submit_count",
            "return_count",
            "returned_comment",
            "version",
        ],
        (
            (dispatch_round.pk, unit_id, SubmissionState.NOT_STARTED, False, False, 0, 0, "", 1)
            for unit_id in lines
        ),
    )
    submission_ids = dict(Submission.objects.filter(round=dispatch_round).values_list("unit_id", "id"))
    before = {}
    if previous is not None:
        # the previous round's lines by (unit, task); its submissions' units read apart (no join per line)
        unit_of = dict(Submission.objects.filter(round=previous).values_list("id", "unit_id"))
        old = SubmissionLine.objects.filter(submission__round=previous).values_list(
            "submission_id", "task_id", *LINE_FIELDS
        )
        before = {(unit_of[row[0]], row[1]): row[2:] for row in old}
    empty = ("", None, None, "", "", "")

    def rows():
        for unit_id, items in lines.items():
            for task_id, role in items:
                yield (submission_ids[unit_id], task_id, role, *before.get((unit_id, task_id), empty))

    count = insert_rows(SubmissionLine, ["submission", "task", "role", *LINE_FIELDS], rows())
    if previous is not None:
        _carry_measure_lines(previous, dispatch_round)
    audit_record(
        actor=actor,
        action="开启调度",
        obj=dispatch_round,
        changes={
            "period": [None, period],
            "as_of": [None, as_of],
            "due_on": [None, due_on],
            "submissions": [0, len(lines)],
            "lines": [0, count],
        },
        code="rounds.round.open",
    )
    messages.round_opened(dispatch_round)
    return dispatch_round


def _carry_measure_lines(previous: DispatchRound, dispatch_round: DispatchRound) -> None:
    """Pre-fill each measure's progress from the unit's line on it in the previous round."""
    old = MeasureLine.objects.filter(line__submission__round=previous).values_list(
        "line__submission__unit_id", "line__task_id", "measure_id", "progress_text"
    )
    by_line = defaultdict(list)
    for unit_id, task_id, measure_id, text in old:
        by_line[(unit_id, task_id)].append((measure_id, text))
    if not by_line:
        return
    new = SubmissionLine.objects.filter(submission__round=dispatch_round).values_list(
        "id", "submission__unit_id", "task_id"
    )
    insert_rows(
        MeasureLine,
        ["line", "measure", "progress_text"],
        ((line_id, m, t) for line_id, u, task in new for m, t in by_line.get((u, task), ())),
    )


@transaction.atomic
def round_open(
    *,
    actor,
    inspection: Inspection,
    period: str,
    as_of: date,
    due_on: date | None = None,
    due_working_days: int | None = None,
) -> DispatchRound:
    """The office opens a round for `inspection` (period label, as-of date, and a due date or a number
    of working days after today on the official calendar)."""
    require(actor, "rounds.round.open", inspection)
    due = _due_date(timezone.localdate(now()), due_on, due_working_days)
    return _open(actor=actor, inspection=inspection, period=period, as_of=as_of, due_on=due)


def open_inspections(unit: OrgUnit):
    """The inspections of `unit`'s area still being rectified: some task not yet signed off."""
    unfinished = Task.objects.exclude(state=TaskState.SIGNED_OFF).values("inspection_id")
    return Inspection.objects.filter(unit__path__startswith=unit.path, pk__in=unfinished).order_by("pk")


@transaction.atomic
def rounds_open_for_area(
    *,
    actor,
    unit: OrgUnit,
    period: str,
    as_of: date,
    due_on: date | None = None,
    due_working_days: int | None = None,
) -> list[DispatchRound]:
    """The office of `unit` opens the round for `period` in every open inspection of its area that has
    none for it yet. All or nothing."""
    due = _due_date(timezone.localdate(now()), due_on, due_working_days)
    opened = []
    for inspection in open_inspections(unit):
        require(actor, "rounds.round.open", inspection)
        if DispatchRound.objects.filter(inspection=inspection, period=period.strip()).exists():
            continue
        opened.append(_open(actor=actor, inspection=inspection, period=period, as_of=as_of, due_on=due))
    return opened


def rounds_open_scheduled(*, today: date | None = None) -> list[DispatchRound]:
    """Open the round of every active schedule whose period's opening day has come and which has no
    round for that period (the scheduled job; safe to run twice: (inspection, period) is unique).
    Each round in its own transaction, by the system (no actor)."""
    today = today or timezone.localdate()
    opened = []
    calendar = official_calendar()
    for schedule in RoundSchedule.objects.filter(active=True).select_related("inspection"):
        period = due_period(schedule.cadence, schedule.day, today)
        if (
            period is None
            or DispatchRound.objects.filter(inspection=schedule.inspection, period=period.label).exists()
        ):
            continue
        due = calendar.add_working_days(today, schedule.due_working_days).date
        try:
            with transaction.atomic():
                opened.append(
                    _open(
                        actor=None,
                        inspection=schedule.inspection,
                        period=period.label,
                        as_of=period.end,
                        due_on=due,
                    )
                )
        except (ValidationError, IntegrityError):  # opened meanwhile by another run (unique period)
            continue
    return opened


@transaction.atomic
def round_schedule_set(
    *,
    actor,
    inspection: Inspection,
    cadence: str,
    day: int,
    due_working_days: int,
    leader_confirmation: bool,
    active: bool = True,
) -> RoundSchedule:
    """The office sets an inspection's dispatch settings (调度设置): cadence, opening day, working days
    to submit, 领导审核. Rounds already open keep the settings they were opened with."""
    require(actor, "rounds.schedule.set", inspection)
    schedule = RoundSchedule.objects.select_for_update().filter(inspection=inspection).first()
    fields = ("cadence", "day", "due_working_days", "leader_confirmation", "active")
    before = {name: getattr(schedule, name) for name in fields} if schedule else {}
    schedule = schedule or RoundSchedule(inspection=inspection)
    schedule.cadence, schedule.day, schedule.due_working_days = cadence, day, due_working_days
    schedule.leader_confirmation, schedule.active = leader_confirmation, active
    schedule.full_clean(exclude=["inspection"])
    schedule.save()
    after = {name: getattr(schedule, name) for name in fields}
    audit_record(
        actor=actor,
        action="修改调度设置",
        obj=schedule,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        code="rounds.schedule.set",
    )
    return schedule


REMIND_INTERVAL = timedelta(hours=1)  # the office's reminders of one round, at most one in this time


@transaction.atomic
def round_remind_missing(*, actor, dispatch_round: DispatchRound) -> list:
    """The office reminds the units of an open round that have not submitted (提醒未报单位): a message
    to each of their liaisons (rounds.messages), written in this transaction; audited as
    rounds.round.remind. Refused within REMIND_INTERVAL of the round's last reminder (a second click
    would send every liaison the same e-mail and robot post again). Returns the people told."""
    require(actor, "rounds.round.remind", dispatch_round)
    dispatch_round = DispatchRound.objects.select_for_update().get(pk=dispatch_round.pk)
    if dispatch_round.is_locked:
        raise ValidationError(f"{dispatch_round}已锁定，无需提醒")
    last = (
        AuditEvent.objects.filter(
            code="rounds.round.remind",
            object_type=DispatchRound._meta.label_lower,
            object_id=str(dispatch_round.pk),
            at__gt=now() - REMIND_INTERVAL,
        )
        .order_by("-at")
        .first()
    )
    if last is not None:
        raise ValidationError(
            f"本轮已于{timezone.localtime(last.at):%H:%M}提醒过未报单位，"
            f"{REMIND_INTERVAL.seconds // 3600}小时内不再重复提醒（本次未发送）"
        )
    units = dispatch_round.submissions.filter(state__in=WRITABLE_STATES).count()
    recipients = messages.missing_reminded(dispatch_round)
    audit_record(
        actor=actor,
        action="提醒未报单位",
        obj=dispatch_round,
        changes={"units": [None, units], "recipients": [None, len(recipients)]},
        code="rounds.round.remind",
    )
    return recipients


# ---------------------------------------------------------------- the submission lifecycle


def _step(
    *, actor, submission: Submission, action: str, expected_version: int | None, on_behalf: bool = False
) -> tuple[str, str]:
    """Check and claim a transition of `submission`; returns (state before, state after). The round row
    is locked for the transaction, so a lock cannot pass a change half-way. `on_behalf`: the office
    enters a unit's offline form (rounds.submission.offline) instead of the unit's liaison."""
    require(actor, "rounds.submission.offline" if on_behalf else f"rounds.submission.{action}", submission)
    dispatch_round = DispatchRound.objects.select_for_update().get(pk=submission.round_id)
    if dispatch_round.state == RoundState.LOCKED:
        raise ValidationError(f"{dispatch_round}已锁定，报送不能再修改")
    version_claim(Submission, submission.pk, expected=expected_version)
    submission.refresh_from_db()
    submission.round = dispatch_round
    transition = TABLE.find(submission.state, action)
    if transition is None:
        raise ValidationError(f"“{STATE_LABELS[submission.state]}”的报送不能{ACTION_LABELS[action]}")
    if not on_behalf and not transition.by & relations_to_submission(actor, submission):
        raise PermissionDenied(f"“{STATE_LABELS[submission.state]}”的报送，您不能{ACTION_LABELS[action]}")
    refusal = confirmation_refusal(
        action,
        submission.state,
        requires_confirmation=dispatch_round.requires_confirmation,
        without_leader=submission.without_leader,
        own_submission=submission.submitted_by_id == getattr(actor, "pk", None),
    )
    if refusal:
        raise ValidationError(refusal)
    return submission.state, transition.target


def _audit(
    *, actor, submission: Submission, action: str, before: str, changes: dict | None = None, reason=""
):
    """One event per change, coded rounds.submission.<action>. An offline entry by the office carries
    changes["on_behalf"] = [None, True] and says so (and from which file) in its reason."""
    audit_record(
        actor=actor,
        action=f"调度报送{ACTION_LABELS[action]}",
        obj=submission,
        changes={
            "version": [submission.version - 1, submission.version],
            **({"state": [before, submission.state]} if before != submission.state else {}),
            **(changes or {}),
        },
        reason=reason,
        code=f"rounds.submission.{action}",
    )


def _clean_line(line: SubmissionLine, values: dict) -> dict:
    where = f"任务{line.task.number}"
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise ValidationError(f"{where}：不能填写的栏目 {'、'.join(sorted(unknown))}")
    cleaned = {}
    for name, value in values.items():
        if name in TEXT_FIELDS:
            if value is not None and not isinstance(value, str):
                raise ValidationError(f"{where}：{SubmissionLine._meta.get_field(name).verbose_name}须为文字")
            cleaned[name] = storable(value or "").strip()
        elif name == "percent":
            if value in (None, ""):
                cleaned[name] = None
                continue
            try:
                percent = int(value)
            except (TypeError, ValueError, OverflowError):
                raise ValidationError(f"{where}：完成进度须为0到100之间的整数") from None
            if not 0 <= percent <= 100:
                raise ValidationError(f"{where}：完成进度须为0到100之间的整数")
            cleaned[name] = percent
        elif name == "quantity_done":
            if value in (None, ""):
                cleaned[name] = None
                continue
            try:
                quantity = Decimal(str(value).strip())
            except InvalidOperation:
                raise ValidationError(f"{where}：完成工程量须为数字") from None
            if not quantity.is_finite():  # NaN, Infinity: no comparison (Decimal("NaN") < 0 raises)
                raise ValidationError(f"{where}：完成工程量须为数字")
            if quantity < 0 or quantity >= Decimal("1e12"):
                raise ValidationError(f"{where}：完成工程量须为不小于0、小于1万亿的数字")
            cleaned[name] = quantity.quantize(Decimal("0.01"))
    if len(cleaned.get("quantity_unit", "")) > 20:
        raise ValidationError(f"{where}：计量单位不能超过20个字")
    return cleaned


@transaction.atomic
def submission_save_draft(
    *,
    actor,
    submission: Submission,
    lines: dict[int, dict] | None = None,
    measures: dict[int, str] | None = None,
    expected_version: int | None = None,
    on_behalf: str = "",
) -> Submission:
    """The liaison saves the unit's form as a draft: `lines` {task id: {field: value}} with fields among
    progress_text, percent, quantity_done, quantity_unit, problems, next_plan; `measures` {measure id:
    progress text} for the measures it reports (rounds.measure_parts: those of the tasks it leads, and
    those it is responsible for on a task it cooperates on). Refused, changing nothing, on a stale version.
    `on_behalf` (a sentence naming the offline workbook): the office enters the unit's offline form."""
    before, after = _step(
        actor=actor,
        submission=submission,
        action=SubmissionAction.SAVE,
        expected_version=expected_version,
        on_behalf=bool(on_behalf),
    )
    own = {line.task_id: line for line in submission.lines.select_related("task")}
    # what changed, field by field: the log keeps it, and a conflict on a stale form shows it
    detail: dict[str, list] = {}
    changed = 0
    for task_id, values in (lines or {}).items():
        line = own.get(int(task_id))
        if line is None:
            raise ValidationError(f"任务（编号{task_id}）不在本单位本轮的报送中")
        cleaned = _clean_line(line, values)
        fields = [name for name, value in cleaned.items() if getattr(line, name) != value]
        for name in fields:
            label = f"任务{line.task.number}·{SubmissionLine._meta.get_field(name).verbose_name}"
            detail[label] = [getattr(line, name), cleaned[name]]
            setattr(line, name, cleaned[name])
        if fields:
            line.save(update_fields=fields)
            changed += 1
    if measures:
        with_measures = list(submission.lines.select_related("task").prefetch_related("task__measures"))
        known = {m.pk: m for found in reported_measures(submission, with_measures).values() for m in found}
        existing = {m.measure_id: m for m in MeasureLine.objects.filter(line__in=own.values())}
        for measure_id, text in measures.items():
            measure = known.get(int(measure_id))
            if measure is None:
                raise ValidationError(
                    f"措施（编号{measure_id}）不由本单位报送：本单位只报送牵头任务的措施和本单位负责的措施"
                )
            text = storable(text if isinstance(text, str) else "").strip()
            row = existing.get(measure.pk)
            label = f"任务{own[measure.task_id].task.number}·措施{measure.number}进展"
            if row is None:
                MeasureLine.objects.create(line=own[measure.task_id], measure=measure, progress_text=text)
                detail[label] = ["", text]
                changed += 1
            elif row.progress_text != text:
                detail[label] = [row.progress_text, text]
                row.progress_text = text
                row.save(update_fields=["progress_text"])
                changed += 1
    submission.state, submission.saved_at = after, now()
    submission.save(update_fields=["state", "saved_at"])
    _audit(
        actor=actor,
        submission=submission,
        action=SubmissionAction.SAVE,
        before=before,
        changes={
            "lines_changed": [None, changed],
            **detail,
            **({"on_behalf": [None, True]} if on_behalf else {}),
        },
        reason=on_behalf,
    )
    return submission


@transaction.atomic
def submission_submit(
    *, actor, submission: Submission, expected_version: int | None = None, on_behalf: str = ""
) -> Submission:
    """The liaison submits the unit's form; late when after the round's due date (kept, for the
    assessment). Every line must say what was done this period. `on_behalf` (a sentence naming the
    offline workbook): the office submits the unit's offline form for it (代为提交)."""
    before, after = _step(
        actor=actor,
        submission=submission,
        action=SubmissionAction.SUBMIT,
        expected_version=expected_version,
        on_behalf=bool(on_behalf),
    )
    empty = [
        n
        for n in submission.lines.filter(progress_text="")
        .order_by("task__number")
        .values_list("task__number", flat=True)
    ]
    if empty:
        raise ValidationError(
            f"{submission.unit}：以下任务尚未填写本期进展：{'、'.join(f'任务{n}' for n in empty)}"
        )
    at = now()
    late = timezone.localdate(at) > submission.round.due_on
    without_leader = submission.round.requires_confirmation and not messages.confirming_leaders(
        submission.unit, submitted_by=actor
    )
    submission.state, submission.submitted_at, submission.submitted_by = after, at, actor
    submission.late = submission.late or late
    submission.without_leader = without_leader
    submission.submit_count += 1
    submission.save(
        update_fields=["state", "submitted_at", "submitted_by", "late", "without_leader", "submit_count"]
    )
    _audit(
        actor=actor,
        submission=submission,
        action=SubmissionAction.SUBMIT,
        before=before,
        changes={
            **({"late": [None, late]} if late else {}),
            **({"on_behalf": [None, True]} if on_behalf else {}),
            **({"without_leader": [None, True]} if without_leader else {}),
        },
        reason="；".join(
            r for r in (on_behalf, "本单位无审核领导，直接报整改办" if without_leader else "") if r
        ),
    )
    if submission.round.requires_confirmation:
        messages.confirmation_waiting(submission)
    return submission


@transaction.atomic
def submission_confirm(*, actor, submission: Submission, expected_version: int | None = None) -> Submission:
    """A leader of the unit confirms its submission (领导审核) before it reaches the office."""
    before, after = _step(
        actor=actor, submission=submission, action=SubmissionAction.CONFIRM, expected_version=expected_version
    )
    submission.state, submission.confirmed_at, submission.confirmed_by = after, now(), actor
    submission.save(update_fields=["state", "confirmed_at", "confirmed_by"])
    _audit(actor=actor, submission=submission, action=SubmissionAction.CONFIRM, before=before)
    return submission


@transaction.atomic
def submission_return(
    *, actor, submission: Submission, comment: str, expected_version: int | None = None
) -> Submission:
    """The office (or the unit's leader while confirming) returns a submission with a comment; the unit
    may write it again and resubmit."""
    comment = storable(comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "请填写退回意见，告诉报送单位需要补充或修改什么"})
    before, after = _step(
        actor=actor, submission=submission, action=SubmissionAction.RETURN, expected_version=expected_version
    )
    submission.state, submission.returned_at, submission.returned_by = after, now(), actor
    submission.returned_comment = comment
    submission.return_count += 1
    submission.save(update_fields=["state", "returned_at", "returned_by", "returned_comment", "return_count"])
    _audit(actor=actor, submission=submission, action=SubmissionAction.RETURN, before=before, reason=comment)
    messages.submission_returned(submission)
    return submission


@transaction.atomic
def submission_accept(*, actor, submission: Submission, expected_version: int | None = None) -> Submission:
    """The office accepts a submission: its lines are applied to the ledger when the round is locked."""
    before, after = _step(
        actor=actor, submission=submission, action=SubmissionAction.ACCEPT, expected_version=expected_version
    )
    submission.state, submission.accepted_at, submission.accepted_by = after, now(), actor
    submission.save(update_fields=["state", "accepted_at", "accepted_by"])
    _audit(actor=actor, submission=submission, action=SubmissionAction.ACCEPT, before=before)
    return submission


# ---------------------------------------------------------------- evidence


@transaction.atomic
def evidence_add(*, actor, line: SubmissionLine, upload: UploadedFile) -> Evidence:
    """Attach a supporting file to a line of the unit's own, still writable, submission."""
    submission = line.submission
    require(actor, "rounds.submission.save", submission)
    dispatch_round = DispatchRound.objects.select_for_update().get(pk=submission.round_id)
    submission.refresh_from_db()
    if dispatch_round.state == RoundState.LOCKED or submission.state not in WRITABLE_STATES:
        raise ValidationError("报送已提交或调度已锁定，不能再上传佐证材料")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        content_type = evidence_kind(upload.name, upload.size, head)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    evidence = Evidence(
        line=line,
        original_name=upload.name[:255],
        size=upload.size,
        content_type=content_type,
        uploaded_by=actor,
    )
    evidence.file.save(upload.name, upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    audit_record(
        actor=actor,
        action="上传佐证材料",
        obj=evidence,
        changes={"original_name": [None, evidence.original_name]},
        code="rounds.evidence.add",
    )
    return evidence


# ---------------------------------------------------------------- locking


def _apply_line(*, actor, dispatch_round: DispatchRound, line: SubmissionLine, source: str) -> bool:
    """Apply an accepted lead line to the ledger through its own services, as a progress-history entry
    dated at the round's as-of date. When the ledger already has later progress, the entry goes in at
    the round's date and the ledger's current state stays the later one (task_record_report_then);
    else the task takes what the line says (task_record_report). A task done (已完成（自评） or later)
    keeps its 100 %. Returns whether the ledger's current state could take the line."""
    task = Task.objects.get(pk=line.task_id)
    as_of = dispatch_round.as_of
    later = TaskProgress.objects.filter(task=task, as_of__gt=as_of).exists()
    if later:
        ledger_services.task_record_report_then(
            actor=actor,
            task=task,
            as_of=as_of,
            source=source,
            progress=line.percent,
            progress_text=line.progress_text or None,
        )
    else:
        start = task.state == TaskState.NOT_STARTED and (line.percent or 0) > 0
        ledger_services.task_record_report(
            actor=actor,
            task=task,
            as_of=as_of,
            source=source,
            state=TaskState.IN_PROGRESS if start else None,
            progress=None if task.state in DONE_STATES else line.percent,
            progress_text=line.progress_text or None,
        )
    return not later


def _apply_measure_lines(*, actor, measure_lines, as_of: date) -> None:
    """The accepted measure progress (the lead unit's and the cooperating units' parts) into the ledger,
    as of the round's date; a measure with later progress keeps it (the round's text is in its
    snapshot)."""
    for measure_line in measure_lines:
        measure = measure_line.measure
        if measure.progress_on is not None and measure.progress_on > as_of:
            continue
        if measure_line.progress_text and measure_line.progress_text != measure.progress_text:
            ledger_services.measure_update(
                actor=actor, measure=measure, progress_text=measure_line.progress_text, progress_on=as_of
            )


def _measures_then(task: Task, said: dict[int, str], as_of: date) -> list:
    """[[number, text], …] of the task's measures as the round says: the accepted measure progress
    (`said`, by measure) where it gives one, else the measure's progress as of the date (its text if
    later)."""
    result = []
    for m in task.measures.all():
        own = m.progress_text if m.progress_on is None or m.progress_on <= as_of else ""
        result.append([m.number, (said.get(m.pk) or own or m.text).strip()])
    return result


@transaction.atomic
def round_lock(*, actor, dispatch_round: DispatchRound) -> DispatchRound:
    """Lock a round: apply each accepted submission's lead lines, and the measures' progress of its
    lines (the cooperating units report the measures they are responsible for), to the ledger (its
    services: history entries as of the round's as-of date), then snapshot every task of the inspection as it stood on
    that date (`ledger.as_of`), with what the report from the round reads: its findings' texts, the
    tasks' 整改时限. A locked round never changes again."""
    require(actor, "rounds.round.lock", dispatch_round)
    dispatch_round = DispatchRound.objects.select_for_update().get(pk=dispatch_round.pk)
    if dispatch_round.state == RoundState.LOCKED:
        raise ValidationError(f"{dispatch_round}已锁定")
    inspection = dispatch_round.inspection
    source = f"{dispatch_round.period}调度"
    accepted_lines = {}
    behind = []
    lead_lines = (
        SubmissionLine.objects.filter(
            submission__round=dispatch_round, submission__state=SubmissionState.ACCEPTED, role=LineRole.LEAD
        )
        .select_related("task")
        .order_by("task__number")
    )
    for line in lead_lines:
        accepted_lines[line.task_id] = line
        if not _apply_line(actor=actor, dispatch_round=dispatch_round, line=line, source=source):
            behind.append(line.task.number)
    # the measures' progress of every accepted line: the lead unit's and the cooperating units' parts
    cooperating = cooperating_units_by_task(dispatch_round.pk, inspection.tasks.values_list("pk", flat=True))
    accepted_measures = [
        measure_line
        for measure_line in MeasureLine.objects.filter(
            line__submission__round=dispatch_round, line__submission__state=SubmissionState.ACCEPTED
        )
        .exclude(progress_text="")
        .select_related("measure", "line__submission")
        .order_by("pk")
        if measures_reported_on(  # its reporter's (a line carried over from an earlier round may not be)
            [measure_line.measure],
            unit_id=measure_line.line.submission.unit_id,
            lead=measure_line.line.role == LineRole.LEAD,
            cooperating_unit_ids=cooperating[measure_line.measure.task_id],
        )
    ]
    _apply_measure_lines(actor=actor, measure_lines=accepted_measures, as_of=dispatch_round.as_of)
    said: dict[int, dict[int, str]] = defaultdict(dict)
    for measure_line in accepted_measures:
        said[measure_line.measure.task_id][measure_line.measure_id] = measure_line.progress_text
    tasks = list(inspection.tasks.prefetch_related("milestones", "measures", "findings").order_by("number"))
    rule = ScheduleRule(tolerance=inspection.schedule_tolerance, due_soon_days=inspection.due_soon_days)

    def rows():
        for then in tasks_as_of(tasks, dispatch_round.as_of, rule):
            task, line = then.task, accepted_lines.get(then.task.pk)
            yield (
                dispatch_round.pk,
                task.pk,
                task.number,
                task.title,
                then.state,
                then.progress,
                then.progress_text,
                task.progress_detail,
                then.flag.value,
                line is not None,
                line.progress_text if line else "",
                line.problems if line else "",
                line.next_plan if line else "",
                line.quantity_done if line else None,
                line.quantity_unit if line else "",
                _measures_then(task, said[task.pk], dispatch_round.as_of),
                task.deadline_raw,
                task.is_long_term,
                sorted(f.pk for f in task.findings.all()),
            )

    count = insert_rows(
        RoundTaskSnapshot,
        [
            "round",
            "task",
            "number",
            "title",
            "state",
            "progress",
            "progress_text",
            "progress_detail",
            "schedule_flag",
            "accepted",
            "line_progress_text",
            "problems",
            "next_plan",
            "quantity_done",
            "quantity_unit",
            "measures",
            "deadline_raw",
            "is_long_term",
            "finding_ids",
        ],
        rows(),
    )
    dispatch_round.state, dispatch_round.locked_at, dispatch_round.locked_by = (
        RoundState.LOCKED,
        now(),
        actor,
    )
    dispatch_round.findings = [
        [f.pk, f.number, f.label, f.text] for f in inspection.findings.order_by("number")
    ]
    dispatch_round.save(update_fields=["state", "locked_at", "locked_by", "findings"])
    audit_record(
        actor=actor,
        action="锁定调度",
        obj=dispatch_round,
        changes={
            "state": [RoundState.OPEN, RoundState.LOCKED],
            "snapshots": [0, count],
            "applied": [0, len(accepted_lines)],
        },
        reason=(
            f"任务{'、'.join(map(str, behind))}已有晚于截至日期的进展：本轮报送记入截至日期，现状以更晚的进展为准"
            if behind
            else ""
        ),
        code="rounds.round.lock",
    )
    return dispatch_round


# ---------------------------------------------------------------- offline forms


@transaction.atomic
def round_offline_import(*, actor, dispatch_round: DispatchRound, plan, submit: bool = False) -> int:
    """The office imports the offline forms (离线报送表) of `plan` (rounds.offline_import.OfflinePlan):
    each changed submission saved through `submission_save_draft` at the version the workbook was
    exported at, and — only when the office ticks 代为提交 — submitted for the unit through
    `submission_submit`. All or nothing. Each event carries changes["on_behalf"] and names the file in
    its reason; one rounds.round.offline_import event sums the import up. Returns the submissions
    changed or submitted."""
    require(actor, "rounds.round.offline", dispatch_round)
    if plan.round_id != dispatch_round.pk:
        raise ValidationError("导入的内容不属于本轮调度")
    changed, submitted = [], []
    for item in plan.submissions:
        submission = Submission.objects.select_related("round", "unit").get(pk=item.submission_id)
        version = item.version
        if item.lines or item.measures:
            submission_save_draft(
                actor=actor,
                submission=submission,
                lines=item.lines,
                measures=item.measures,
                expected_version=version,
                on_behalf=f"整改办代为录入离线报送表「{item.source}」",
            )
            changed.append(item.unit)
            version = None
        if submit and item.writable:
            submission_submit(
                actor=actor,
                submission=submission,
                expected_version=version,
                on_behalf=f"整改办代为提交离线报送表「{item.source}」",
            )
            submitted.append(item.unit)
    if changed or submitted:
        audit_record(
            actor=actor,
            action="导入离线报送表",
            obj=dispatch_round,
            changes={
                "files": [None, [item.source for item in plan.submissions]],
                "changed": [None, changed],
                "submitted_on_behalf": [None, submitted],
            },
            code="rounds.round.offline_import",
        )
    return len(set(changed) | set(submitted))
