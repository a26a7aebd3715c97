"""The daily run's steps, in one place: `rectify scheduled` (deploy/systemd/rectify-scheduled.timer) runs them.

A plain registry, no signals: each app appends its steps in its `AppConfig.ready()` with
`scheduled_register(name=..., run=..., order=...)`; the command runs them by `order`, then name.
A step is a callable taking the day (a `date`) and returning a short Chinese line for the log.
The orders in use (docs/decisions/0008-scheduled-work-one-command.md):

* 10 ledger: today's schedule flags (`ledger.flags.flags_refresh_day`);
* 50 (the default) the apps' own daily work, e.g. the rounds app opening scheduled rounds and writing
  its reminders, so that those reminders join today's digest;
* 80 notifications: the delivery sweep (due retries re-enqueued, stale "sending" marked uncertain);
* 90 notifications: the reminder digest (at most one per person, channel and day).

One step failing does not stop the others: its error is logged and reported, and the command exits
non-zero so that the timer shows the failure.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ScheduledStep:
    name: str
    run: Callable[[date], str | None]
    order: int = 50


_steps: dict[str, ScheduledStep] = {}


def scheduled_register(*, name: str, run: Callable[[date], str | None], order: int = 50) -> None:
    """Add a step (registering the same name again replaces it, so a reloaded app does not run twice)."""
    _steps[name] = ScheduledStep(name=name, run=run, order=order)


def scheduled_steps() -> list[ScheduledStep]:
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))


def day_option(value: str | None) -> date:
    """A command's `--date YYYY-MM-DD` (today when not given), or CommandError in Chinese."""
    from django.core.management import CommandError
    from django.utils import timezone

    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"日期“{value}”格式不对，应为YYYY-MM-DD，如2026-12-01") from error
