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


def test_demo_has_two_locked_rounds_and_an_open_one_with_a_realistic_mix(demo):
    from rectify.rounds.models import DispatchRound, RoundTaskSnapshot
    from rectify.rounds.selectors import round_board

    rounds = list(DispatchRound.objects.order_by("number"))
    assert [r.state for r in rounds] == ["locked", "locked", "open"]
    assert rounds[0].as_of < rounds[1].as_of < rounds[2].as_of
    for locked in rounds[:2]:
        counts = round_board(locked).counts
        assert counts["accepted"] >= 5 and counts["not_started"] >= 1 and counts["late"] == 1
        assert locked.locked_at.date() > locked.due_on
        assert RoundTaskSnapshot.objects.filter(round=locked).count() == 25
        assert locked.submissions.filter(return_count=1, state="accepted").exists()  # returned, resubmitted
    counts = round_board(rounds[2]).counts
    assert counts["returned"] == 1 and counts["submitted"] >= 1 and counts["accepted"] >= 1
    assert counts["draft"] >= 1 and counts["not_started"] >= 1
    returned = rounds[2].submissions.get(state="returned")
    assert returned.returned_comment and returned.unit.name == "石河县"
