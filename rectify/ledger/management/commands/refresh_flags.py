"""`rectify refresh_flags [--date YYYY-MM-DD]`: the daily computation of every task's schedule flag.

Run it from cron or a systemd timer shortly after midnight (e.g. `5 0 * * * rectify refresh_flags`).
Without it the first ledger read of each day asks the background worker for the same job, and the
ledger computes flags on the fly until it has run (see ledger/flags.py).
"""

import time

from django.core.management.base import BaseCommand

from rectify.core.scheduled import day_option
from rectify.ledger.flags import flags_refresh_day


class Command(BaseCommand):
    help = "计算并保存每项整改任务当天的序时进度（每日零点后运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="按哪一天计算（YYYY-MM-DD），默认今天。按其他日期计算后，台账页面改为实时计算，直到再按今天计算一次",
        )

    def handle(self, *args, **options):
        on = day_option(options["date"])
        started = time.perf_counter()
        changed = flags_refresh_day(on)
        self.stdout.write(
            f"{on:%Y-%m-%d}：序时进度已更新，{changed}项任务的标识有变化（用时{time.perf_counter() - started:.1f}秒）。"
        )
