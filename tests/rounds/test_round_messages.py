"""The messages of dispatch rounds (rounds.messages): who gets which, in the words of the round, and the
daily reminders (due soon, missing) as digested reminders; both registered with the one daily command."""

from datetime import date, timedelta

from rectify.audit.codes import ALL_CODES
from rectify.audit.models import AuditEvent
from rectify.core.scheduled import scheduled_steps
from rectify.notifications.models import Message
from rectify.rounds import messages, services
from rectify.rounds.models import Submission


def open_round(w, due_on):
    return services.round_open(
        actor=w.office, inspection=w.inspection, period="2023年10月", as_of=date(2023, 10, 31), due_on=due_on
    )


def sent(event):
    return sorted((m.recipient.username, m.subject) for m in Message.objects.filter(event=event))


def test_opening_a_round_tells_each_units_liaisons_and_a_return_says_why(world):
    dispatch_round = open_round(world, date(2099, 1, 1))  # the service tells them, in its transaction
    assert sent("rounds.round.open") == [
        ("liaison", "第二轮中央生态环境保护督察·2023年10月调度已开启"),
        ("liaison_b", "第二轮中央生态环境保护督察·2023年10月调度已开启"),
    ]  # the department has a submission but no liaison: nobody to tell
    body = Message.objects.get(event="rounds.round.open", recipient=world.liaison).body
    assert body == "石河县：请于2099年1月1日前报送截至2023年10月31日的整改进展。"
    own = Submission.objects.get(round=dispatch_round, unit=world.county_a)
    lines = {line.task_id: {"progress_text": "设备已到货"} for line in own.lines.all()}
    services.submission_save_draft(actor=world.liaison, submission=own, lines=lines)
    services.submission_submit(actor=world.liaison, submission=own)
    own = services.submission_return(actor=world.office, submission=own, comment="请补充监测数据")
    [returned] = Message.objects.filter(event="rounds.submission.return")
    assert (returned.recipient, returned.body) == (
        world.liaison,
        "退回意见：请补充监测数据。请修改后重新报送。",
    )
    # and every event the rounds wrote on the way carries a code of the one list
    written = set(AuditEvent.objects.filter(code__startswith="rounds.").values_list("code", flat=True))
    assert written == {"rounds.round.open", "rounds.submission.save", "rounds.submission.submit",
                       "rounds.submission.return"} and written <= ALL_CODES  # fmt: skip


def test_reminders_go_to_units_not_yet_submitted_as_digested_reminders(world):
    today = date(2026, 12, 1)
    dispatch_round = open_round(world, today + timedelta(days=messages.DUE_SOON_DAYS))
    assert messages.reminders(today) == "临期提醒2条，逾期提醒0条"
    assert {m.digest for m in Message.objects.filter(event="rounds.submission.due_soon")} == {True}
    # past the due date, only the units that have not submitted are reminded, every day
    own = Submission.objects.get(round=dispatch_round, unit=world.county_a)
    lines = {line.task_id: {"progress_text": "已完成一半"} for line in own.lines.all()}
    services.submission_save_draft(actor=world.liaison, submission=own, lines=lines)
    services.submission_submit(actor=world.liaison, submission=own)
    later = today + timedelta(days=messages.DUE_SOON_DAYS + 1)
    assert messages.reminders(later) == "临期提醒0条，逾期提醒1条"
    assert sent("rounds.submission.missing") == [("liaison_b", "2023年10月调度报送已逾期")]


def test_the_daily_command_opens_scheduled_rounds_then_reminds():
    order = [step.name for step in scheduled_steps()]
    assert order.index("rounds.open_scheduled") < order.index("rounds.reminders")
    assert order.index("rounds.reminders") < order.index("notifications.digest")


def test_a_submission_waiting_for_confirmation_tells_the_units_leaders(world):
    from rectify.orgunits.models import Role
    from rectify.orgunits.services import role_assign
    from rectify.rounds.models import DispatchRound
    from support import make_user

    head = make_user("county_head", full_name="石河县县长")
    role_assign(user=head, role=Role.LEADER, unit=world.county_a)
    dispatch_round = open_round(world, date(2099, 1, 1))
    DispatchRound.objects.filter(pk=dispatch_round.pk).update(requires_confirmation=True)
    own = Submission.objects.get(round=dispatch_round, unit=world.county_a)
    lines = {line.task_id: {"progress_text": "设备已到货"} for line in own.lines.all()}
    services.submission_save_draft(actor=world.liaison, submission=own, lines=lines)
    services.submission_submit(actor=world.liaison, submission=own)
    assert sent("rounds.submission.confirm_wait") == [("county_head", "石河县2023年10月调度报送待您审核")]
