"""The desk after login (each role), the task page's line of every round, the reminder of missing
units, and the report generated from a locked round."""

from datetime import date, timedelta
from io import BytesIO

from docx import Document

from rectify.audit.codes import ALL_CODES
from rectify.audit.models import AuditEvent
from rectify.documents.models import GeneratedDocument
from rectify.ledger import services as ledger_services
from rectify.notifications.models import Message
from rectify.rounds import services
from rectify.rounds.models import DispatchRound
from rounds_pages import client_for, open_round, submission_of, unit_leader


def past_due(r):
    """The round as it stands after its due date (2023-01-01) has passed."""
    DispatchRound.objects.filter(pk=r.pk).update(due_on=date(2023, 1, 1))
    r.refresh_from_db()
    return r


def submit(w, submission, text="脱硫脱硝设施已全部投运", percent=80):
    lines = {line.task_id: {"progress_text": text, "percent": percent} for line in submission.lines.all()}
    submission = services.submission_save_draft(actor=w.liaison, submission=submission, lines=lines)
    return services.submission_submit(actor=w.liaison, submission=submission)


def test_login_lands_on_the_desk(world, client):
    world.liaison.set_password("pw")
    world.liaison.save()
    response = client.post("/login/", {"username": "liaison", "password": "pw"})
    assert response.status_code == 302 and response.url == "/desk/"
    assert client.get("/").url == "/desk/"


def test_each_role_sees_its_desk(world):
    r = past_due(open_round(world))
    unit_leader(world)
    liaison_page = client_for(world.liaison).get("/desk/").content.decode()
    own = submission_of(r, world.county_a)
    assert f"/rounds/submissions/{own.pk}/" in liaison_page and "2023年1月1日" in liaison_page
    assert "已过截止日" in liaison_page and 'data-testid="desk-office"' not in liaison_page
    mine = Message.objects.filter(recipient=world.liaison).order_by("-created_at", "-pk")
    assert mine.exists() and mine[0].subject in liaison_page  # the person's own latest messages
    others = Message.objects.exclude(recipient=world.liaison).exclude(subject__in=mine.values("subject"))
    assert all(m.subject not in liaison_page for m in others)

    office_page = client_for(world.office).get("/desk/").content.decode()
    assert f"/rounds/{r.pk}/" in office_page and "逾期未报" in office_page
    assert "石河县" in office_page and "北塔县" in office_page

    leader_page = client_for(world.leader).get("/desk/").content.decode()
    assert "焦化企业烟气治理" in leader_page  # the task the prefecture leader leads
    assert "没有待审核的报送" in leader_page
    assert 'data-testid="desk-liaison"' not in leader_page


def test_a_leader_sees_what_waits_for_confirmation_and_confirms_it(world):
    from rectify.rounds.models import RoundSchedule

    RoundSchedule.objects.create(inspection=world.inspection, leader_confirmation=True, active=False)
    leader = unit_leader(world)  # before the submit: a unit with no leader then goes to the office
    own = submit(world, submission_of(open_round(world), world.county_a))
    desk = client_for(leader).get("/desk/").content.decode()
    assert f"/rounds/submissions/{own.pk}/" in desk and 'data-testid="waiting"' in desk
    page = client_for(leader).get(f"/rounds/submissions/{own.pk}/").content.decode()
    assert (
        "待本单位领导审核" in page and 'data-testid="confirm"' in page and 'data-testid="accept"' not in page
    )
    client_for(leader).post(f"/rounds/submissions/{own.pk}/actions/confirm/", {"version": own.version})
    own.refresh_from_db()
    assert own.state == "confirmed" and own.confirmed_by == leader
    assert "没有待审核的报送" in client_for(leader).get("/desk/").content.decode()


def test_the_office_returns_with_a_required_comment(world):
    own = submit(world, submission_of(open_round(world), world.county_a))
    office = client_for(world.office)
    office.post(f"/rounds/submissions/{own.pk}/actions/return/", {"version": own.version, "comment": "  "})
    own.refresh_from_db()
    assert own.state == "submitted"  # no comment, no return
    office.post(
        f"/rounds/submissions/{own.pk}/actions/return/", {"version": own.version, "comment": "请补充照片"}
    )
    own.refresh_from_db()
    assert (own.state, own.returned_comment) == ("returned", "请补充照片")


def test_the_board_filters_by_state_and_marks_the_overdue(world):
    r = past_due(open_round(world))
    submit(world, submission_of(r, world.county_a))
    office = client_for(world.office)
    page = office.get(f"/rounds/{r.pk}/?state=submitted").content.decode()
    assert 'data-unit="石河县"' in page and 'data-unit="北塔县"' not in page and "逾期报送" in page
    page = office.get(f"/rounds/{r.pk}/?state=overdue").content.decode()
    assert 'data-unit="北塔县"' in page and 'data-unit="石河县"' not in page


def test_remind_names_the_liaisons_of_the_missing_units_is_audited_and_at_most_hourly(world, monkeypatch):
    r = open_round(world)
    submit(world, submission_of(r, world.county_a))
    recipients = services.round_remind_missing(actor=world.office, dispatch_round=r)
    assert recipients == [world.other_liaison]  # 北塔县 has not submitted; 石河县 has; 州生态环境局 has none
    told = Message.objects.filter(event="rounds.round.remind")
    # a second click within the hour sends nothing, and says so
    response = client_for(world.office).post(f"/rounds/{r.pk}/remind/", follow=True)
    assert "1小时内不再重复提醒（本次未发送）" in response.content.decode()
    assert told.count() == 1 and AuditEvent.objects.filter(code="rounds.round.remind").count() == 1
    # an hour later it reminds again
    later = services.now() + services.REMIND_INTERVAL + timedelta(minutes=1)
    monkeypatch.setattr(services, "now", lambda: later)
    response = client_for(world.office).post(f"/rounds/{r.pk}/remind/", follow=True)
    assert "已提醒未报单位的1名联络员" in response.content.decode()
    assert AuditEvent.objects.filter(code="rounds.round.remind").count() == 2
    assert sorted(told.values_list("recipient__username", flat=True)) == ["liaison_b", "liaison_b"]
    assert told.first().subject == "请尽快报送2023年10月调度" and "北塔县" in told.first().body
    desk = client_for(world.other_liaison).get("/desk/").content.decode()
    assert "请尽快报送2023年10月调度" in desk  # the reminder shows on the liaison's desk
    assert "rounds.round.remind" in ALL_CODES


def test_lock_needs_the_confirmation_box(world):
    r = open_round(world)
    client_for(world.office).post(f"/rounds/{r.pk}/lock/", {})
    r.refresh_from_db()
    assert not r.is_locked
    client_for(world.office).post(f"/rounds/{r.pk}/lock/", {"confirm": "yes"})
    r.refresh_from_db()
    assert r.is_locked


def test_the_task_page_shows_its_line_of_every_round_newest_first(world):
    first = open_round(world, "2023年10月")
    submit(world, submission_of(first, world.county_a), text="十月的进展")
    second = open_round(world, "2023年11月")
    page = client_for(world.liaison).get(f"/ledger/tasks/{world.task_a.pk}/").content.decode()
    assert page.index("2023年11月调度") < page.index("2023年10月调度") and "十月的进展" in page
    other = client_for(world.other_liaison).get(f"/ledger/tasks/{world.task_b.pk}/").content.decode()
    assert 'data-testid="task-rounds"' in other and second.period in other
    office = client_for(world.office).get(f"/ledger/tasks/{world.task_b.pk}/").content.decode()
    assert office.index("北塔县（牵头）") < office.index("石河县（配合）")  # the lead unit's line first


def test_the_report_is_generated_from_a_locked_round(world, django_capture_on_commit_callbacks):
    r = open_round(world)
    own = submit(world, submission_of(r, world.county_a))
    services.submission_accept(actor=world.office, submission=own)
    office = client_for(world.office)
    page = office.get(f"/documents/inspections/{world.inspection.pk}/report/").content.decode()
    assert "按调度轮次生成" in page and f'value="{r.pk}"' not in page  # open rounds are not offered
    services.round_lock(actor=world.office, dispatch_round=r)
    ledger_services.task_report_progress(  # a later edit must not reach the round's report
        actor=world.liaison,
        task=world.task_a,
        progress=95,
        progress_text="十二月又有新进展",
        reported_on=date(2023, 12, 20),
    )
    page = office.get(f"/documents/inspections/{world.inspection.pk}/report/").content.decode()
    assert f'value="{r.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            f"/documents/inspections/{world.inspection.pk}/report/generate/progress_report/",
            {"as_of": "2024-01-01", "signed_on": "2023-11-05", "dispatch_round": r.pk},
        )
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert (document.dispatch_round, document.as_of) == (r, date(2023, 10, 31))
    body = Document(BytesIO(b"".join(office.get(f"/documents/files/{document.pk}/").streaming_content)))
    text = "\n".join(
        [p.text for p in body.paragraphs] + [c.text for t in body.tables for row in t.rows for c in row.cells]
    )
    assert "脱硫脱硝设施已全部投运" in text and "十二月又有新进展" not in text
    listing = office.get(f"/documents/inspections/{world.inspection.pk}/report/").content.decode()
    assert "按2023年10月调度" in listing


def test_the_rounds_list_counts_only_rounds_read_whole(world):
    """An office of one prefecture that is also the liaison of a county elsewhere lists its own rounds,
    not the other prefecture's with their counts over all of its units."""
    from rectify.ledger.models import Inspection
    from rectify.orgunits.models import OrgUnit, OrgUnitKind, Role
    from rectify.orgunits.services import orgunit_create, role_assign

    elsewhere = orgunit_create(name="青川县", kind=OrgUnitKind.COUNTY, parent=world.other_pref)
    role_assign(user=world.office, role=Role.LIAISON, unit=elsewhere)
    theirs = ledger_services.inspection_create(
        actor=world.other_office, unit=world.other_pref, name="青川州督察", kind="central"
    )
    finding = ledger_services.finding_create(
        actor=world.other_office, inspection=theirs, number=1, text="问题"
    )
    ledger_services.task_create(
        actor=world.other_office,
        inspection=theirs,
        findings=[finding],
        lead_unit=elsewhere,
        number=1,
        title="任务",
    )
    services.round_open(
        actor=world.other_office, inspection=theirs, period="2023年10月", as_of=date(2023, 10, 31),
        due_on=date(2099, 1, 1),
    )  # fmt: skip
    mine = open_round(world)
    world.office.__dict__.pop("_rectify_scope", None)
    listed = list(client_for(world.office).get("/rounds/").context["rounds"])
    assert [r.pk for r in listed] == [mine.pk]
    assert Inspection.objects.count() == 2 and OrgUnit.objects.filter(pk=elsewhere.pk).exists()
