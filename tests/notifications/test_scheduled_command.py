"""`rectify scheduled`: every registered step, in order, in one command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rectify.core import scheduled
from rectify.core.scheduled import scheduled_register, scheduled_steps
from rectify.ledger.models import FlagsRun


def test_the_steps_run_in_order_flags_then_the_apps_then_sweep_and_digest(world, monkeypatch):
    monkeypatch.setattr(scheduled, "_steps", dict(scheduled._steps))
    seen = []
    scheduled_register(name="rounds.open_scheduled", run=lambda day: seen.append(day) or "已开启0轮调度")
    assert [s.name for s in scheduled_steps()] == [
        "ledger.flags",
        "rounds.open_scheduled",
        "ledger.deadline_reminders",
        "rounds.reminders",
        "notifications.sweep",
        "notifications.digest",
    ]
    out = StringIO()
    call_command("scheduled", "--date", "2026-03-02", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split("]")[0] + "]" for line in lines] == [
        "[ledger.flags]",
        "[rounds.open_scheduled]",
        "[ledger.deadline_reminders]",
        "[rounds.reminders]",
        "[notifications.sweep]",
        "[notifications.digest]",
    ]
    assert str(seen[0]) == "2026-03-02" and FlagsRun.objects.filter(day="2026-03-02").exists()


def test_a_failing_step_does_not_stop_the_others_but_fails_the_command(world, monkeypatch):
    monkeypatch.setattr(scheduled, "_steps", dict(scheduled._steps))

    def broken(day):
        raise RuntimeError("数据库连接中断")

    scheduled_register(name="rounds.open_scheduled", run=broken)
    out = StringIO()
    with pytest.raises(CommandError, match=r"rounds\.open_scheduled"):
        call_command("scheduled", stdout=out)
    assert "[notifications.digest]" in out.getvalue()


def test_an_unknown_step_is_named(db):
    with pytest.raises(CommandError, match="没有这一步：nothing"):
        call_command("scheduled", "--step", "nothing")
