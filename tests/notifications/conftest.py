"""Local stand-ins for the outside world: an SMTP server (aiosmtpd) and a chat robot (http.server), both
on 127.0.0.1 on a free port, each able to refuse the first N deliveries; and the two task backends the
delivery tests run on (the immediate one, and RQ on the Redis at 127.0.0.1:6379)."""

import json
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

REDIS_URL = os.environ.get("RECTIFY_TEST_REDIS_URL", "redis://127.0.0.1:6379")


class SmtpInbox:
    def __init__(self):
        self.received: list[dict] = []
        self.refuse = 0  # how many of the next deliveries to refuse with a temporary error

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 临时故障，请稍后再试"
        self.received.append({"to": envelope.rcpt_tos, "data": envelope.content.decode("utf-8", "replace")})
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = SmtpInbox()
    with socket.socket() as probe:  # a free port (aiosmtpd's Controller cannot report one it was given 0 for)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()


class RobotServer:
    def __init__(self):
        self.received: list[dict] = []
        self.refuse = 0
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                if robot.refuse > 0:
                    robot.refuse -= 1
                    self.send_response(500)
                else:
                    robot.received.append(payload)
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def apprise_url(self) -> str:
        # Apprise's json:// posts {"title", "message", …} to any host; the robot schemes (dingtalk://,
        # wecombot://, feishu://) post to their vendors' fixed hosts and cannot be pointed here.
        return f"json://127.0.0.1:{self.server.server_address[1]}/robot"


@pytest.fixture
def robot_server():
    server = RobotServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


class ImmediateTasks:
    name = "immediate"

    def work(self):
        """The immediate backend ran each task when it was enqueued."""


class RqTasks:
    """django-tasks-rq on Redis; `work()` runs a burst worker in this process (SimpleWorker: no fork, so
    it sees the test's database transaction)."""

    name = "rq"

    def __init__(self, queue):
        self.queue = queue

    def work(self):
        from django_tasks_rq import Job
        from rq import SimpleWorker

        SimpleWorker([self.queue], connection=self.queue.connection, job_class=Job).work(
            burst=True, with_scheduler=False
        )


def _redis_or_skip(url: str):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as error:
        reason = f"Redis does not answer at {url} ({error}): the RQ-backend delivery tests need it"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(params=["immediate", "rq"])
def tasks(request, settings):
    """Run the test on each task backend. For RQ, a Redis database of its own per test process (10 + the
    xdist worker's number), so parallel test processes never run each other's jobs."""
    if request.param == "immediate":
        yield ImmediateTasks()
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1").removeprefix("gw")
    url = f"{REDIS_URL}/{10 + int(worker) + 1}"
    _redis_or_skip(url)
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    import django_rq
    from django_tasks_rq import Job

    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    try:
        yield RqTasks(queue)
    finally:
        queue.empty()
        for job_id in queue.scheduled_job_registry.get_job_ids():
            queue.scheduled_job_registry.remove(job_id, delete_job=True)


@pytest.fixture(autouse=True)
def _count_from_zero(request):
    """The world fixture's tasks tell their lead leaders and units (ledger.task.assigned): these tests
    count the messages they make themselves, so the world's are taken away first."""
    if "world" in request.fixturenames:
        from rectify.notifications.models import Message

        request.getfixturevalue("world")
        Message.objects.all().delete()  # and their deliveries
