"""The demo data: loaded once, reads like the seed's opening paragraph, and every demo account can log in."""

import re

import pytest
from django.core.management import call_command

from rectify.audit.models import AuditEvent
from rectify.demo.loader import load_demo
from rectify.ledger.models import Finding, Measure, Task


@pytest.fixture
def demo(db):
    return load_demo()


def headline(client, username):
    assert client.login(username=username, password="rectify")
    html = client.get("/ledger/").content.decode()
    return re.search(r'data-testid="headline">(.*?)</p>', html, re.S).group(1)


def test_demo_counts(demo):
    assert (demo["findings"], demo["tasks"]) == (18, 25)
    assert Finding.objects.count() == 18
    assert Task.objects.count() == 25
    assert Measure.objects.count() == demo["measures"] > 50
    assert (
        Task.findings.through.objects.values("finding_id").distinct().count() == 18
    )  # every finding has a task


def test_office_headline_reads_like_the_seed(demo, client):
    text = headline(client, "office")
    assert "共25项整改任务，已完成16项" in text
    assert text.endswith("其余9项整改任务均达到序时进度要求。")


def test_each_account_sees_its_part(demo, client):
    assert "共6项整改任务" in headline(client, "leader")
    client.logout()
    liaison = headline(client, "liaison")
    client.logout()
    lead_or_cooperate = Task.objects.filter(lead_unit__name="石河县") | Task.objects.filter(
        cooperating_units__name="石河县"
    )
    assert f"共{lead_or_cooperate.distinct().count()}项整改任务" in liaison


def test_demo_is_loaded_once_and_audited(demo):
    events = AuditEvent.objects.count()
    assert events > 25 * 3
    call_command("load_demo")
    assert Task.objects.count() == 25
    assert AuditEvent.objects.count() == events
