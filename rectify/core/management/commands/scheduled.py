"""`rectify scheduled [--date YYYY-MM-DD] [--step NAME]`: the daily run, every step the apps registered
(rectify/core/scheduled.py), in order. A systemd timer (deploy/systemd/rectify-scheduled.timer) or cron
calls it shortly after midnight; `--step notifications.sweep` alone runs every few minutes."""

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from rectify.core.scheduled import day_option, scheduled_steps

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "每日定时工作：更新序时进度、各应用的定时事项（如按计划开启调度）、消息投递巡检、提醒汇总。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按哪一天运行（YYYY-MM-DD），默认今天")
        parser.add_argument("--step", action="append", help="只运行这一步（可重复），如 notifications.sweep")

    def handle(self, *args, **options):
        on = day_option(options["date"])
        steps = scheduled_steps()
        if options["step"]:
            known = {step.name for step in steps}
            unknown = [name for name in options["step"] if name not in known]
            if unknown:
                raise CommandError(f"没有这一步：{'、'.join(unknown)}；可选：{'、'.join(sorted(known))}")
            steps = [step for step in steps if step.name in options["step"]]
        failed = []
        for step in steps:
            started = time.perf_counter()
            try:
                line = step.run(on) or "完成"
            except Exception as error:
                logger.exception("scheduled step %s failed", step.name)
                failed.append(step.name)
                line = f"出错：{type(error).__name__}: {error}"
            self.stdout.write(f"[{step.name}] {line}（用时{time.perf_counter() - started:.1f}秒）")
        if failed:
            raise CommandError(f"{len(failed)}步出错：{'、'.join(failed)}（其余各步已运行）")
