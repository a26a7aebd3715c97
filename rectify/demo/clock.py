"""The demo's clock: each step of the demo's month is done at the moment it would have happened.

`DemoClock(limit).at(day, hour)` sets Django's clock (`django.utils.timezone.now`, which `localdate`,
every `auto_now_add` field and the services read) to that Beijing-time moment while the block runs, so
that a submission, the message it causes, its audit event and its history entry all carry the same,
past, moment. A moment is never later than `limit` (the real time the load began): nothing the demo
writes is dated in the future. Only the demo loader uses it, in one thread, and the real clock is put
back when the block ends, whatever happens inside.
"""

from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest import mock

from django.utils import timezone as django_timezone


class DemoClock:
    def __init__(self, limit: datetime):
        self.limit = limit

    def moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        """`day` at `hour`:`minute` in the site's time zone, or a minute before `limit` if that is later."""
        wanted = datetime(
            day.year, day.month, day.day, hour, minute, tzinfo=django_timezone.get_current_timezone()
        )
        return min(wanted, self.limit - timedelta(minutes=1))

    @contextmanager
    def at(self, day: date, hour: int, minute: int = 0):
        moment = self.moment(day, hour, minute)
        with mock.patch.object(django_timezone, "now", lambda: moment):
            yield moment
