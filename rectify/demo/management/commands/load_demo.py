from django.core.management.base import BaseCommand

from rectify.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "载入演示数据（一个虚构的州及其第二轮中央督察整改台账）；已载入则不重复载入。"

    def handle(self, *args, **options):
        counts = load_demo()
        if not counts:
            self.stdout.write("演示数据已存在，未重复载入。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                "已载入演示数据：{units}个单位，{people}个账号，{findings}个反馈问题，{tasks}项整改任务，{measures}条整改措施".format(
                    **counts
                )
            )
        )
        self.stdout.write(f"演示账号：office / leader / liaison / admin，密码均为 {DEMO_PASSWORD}")
