"""The permission matrix at the service level: a unit writes only its own submission; nothing is
writable after submission or lock; a refused write changes nothing. Also: leader confirmation,
evidence checks, the version check, and who sees which submissions."""

import threading
import time
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from rectify.ledger.versions import EditConflict
from rectify.orgunits.models import Role
from rectify.orgunits.permissions import registered_actions
from rectify.orgunits.services import role_assign
from rectify.rounds import services
from rectify.rounds.models import RoundSchedule, Submission
from rectify.rounds.selectors import submissions_visible_to
from support import make_user


def open_round(w, period="2023年10月"):
    return services.round_open(
        actor=w.office,
        inspection=w.inspection,
        period=period,
        as_of=date(2023, 10, 31),
        due_on=date(2099, 1, 1),
    )


def state_of(submission):
    s = Submission.objects.get(pk=submission.pk)
    return (s.state, s.version, list(s.lines.order_by("pk").values_list("progress_text", flat=True)))


def save(actor, submission, text="本期进展"):
    lines = {line.task_id: {"progress_text": text} for line in submission.lines.all()}
    return services.submission_save_draft(actor=actor, submission=submission, lines=lines)


def test_every_action_has_a_rule():
    assert {a for a in registered_actions() if a.startswith("rounds.")} == {
        "rounds.round.open",
        "rounds.round.lock",
        "rounds.round.remind",
        "rounds.schedule.set",
        "rounds.submission.save",
        "rounds.submission.submit",
        "rounds.submission.confirm",
        "rounds.submission.return",
        "rounds.submission.accept",
        "rounds.round.offline",
        "rounds.submission.offline",
    }


def test_only_the_office_opens_and_locks(world):
    for actor in (world.liaison, world.leader, world.observer, world.other_office, world.nobody):
        with pytest.raises(PermissionDenied):
            services.round_open(
                actor=actor,
                inspection=world.inspection,
                period="x",
                as_of=date(2023, 1, 1),
                due_on=date(2099, 1, 1),
            )
    r = open_round(world)
    for actor in (world.liaison, world.observer, world.other_office):
        with pytest.raises(PermissionDenied):
            services.round_lock(actor=actor, dispatch_round=r)
    with pytest.raises(ValidationError, match="已开启过"):
        open_round(world)


def test_a_unit_writes_only_its_own_submission_and_a_refusal_changes_nothing(world):
    open_round(world)
    own = Submission.objects.get(unit=world.county_a)
    other = Submission.objects.get(unit=world.county_b)
    for actor, submission in [
        (world.liaison, other),
        (world.other_liaison, own),
        (world.office, own),
        (world.observer, own),
        (world.leader, own),
        (world.nobody, own),
    ]:
        before = state_of(submission)
        for call in (
            lambda a=actor, s=submission: save(a, s, "越权填写"),
            lambda a=actor, s=submission: services.submission_submit(actor=a, submission=s),
        ):
            with pytest.raises(PermissionDenied):
                call()
        assert state_of(submission) == before
    for actor in (world.liaison, world.other_liaison, world.observer):
        with pytest.raises(PermissionDenied):
            services.submission_accept(actor=actor, submission=own)
        with pytest.raises(PermissionDenied):
            services.submission_return(actor=actor, submission=own, comment="不行")


def test_nothing_is_writable_after_submission_or_lock(world):
    r = open_round(world)
    own = Submission.objects.get(unit=world.county_a)
    save(world.liaison, own)
    services.submission_submit(actor=world.liaison, submission=own)
    before = state_of(own)
    with pytest.raises(ValidationError, match="不能保存草稿"):
        save(world.liaison, own, "提交后再改")
    with pytest.raises(ValidationError, match="佐证材料"):
        services.evidence_add(
            actor=world.liaison, line=own.lines.first(), upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
        )
    assert state_of(own) == before
    services.submission_return(actor=world.office, submission=own, comment="请补充")
    other = Submission.objects.get(unit=world.county_b)
    services.round_lock(actor=world.office, dispatch_round=r)
    for call in (
        lambda: save(world.liaison, own, "锁定后再改"),
        lambda: services.submission_submit(actor=world.liaison, submission=own),
        lambda: save(world.other_liaison, other, "锁定后再改"),
        lambda: services.round_lock(actor=world.office, dispatch_round=r),
    ):
        before = state_of(own), state_of(other)
        with pytest.raises(ValidationError, match="已锁定"):
            call()
        assert (state_of(own), state_of(other)) == before


def test_leader_confirmation_when_the_inspection_requires_it(world):
    RoundSchedule.objects.create(inspection=world.inspection, leader_confirmation=True, active=False)
    county_leader = make_user("county_leader")
    role_assign(user=county_leader, role=Role.LEADER, unit=world.county_a)
    open_round(world)
    own = Submission.objects.get(unit=world.county_a)
    save(world.liaison, own)
    services.submission_submit(actor=world.liaison, submission=own)
    with pytest.raises(ValidationError, match="尚未经本单位领导审核"):
        services.submission_accept(actor=world.office, submission=own)
    with pytest.raises(PermissionDenied):  # a leader of the prefecture, not of this county
        services.submission_confirm(actor=world.leader, submission=own)
    services.submission_return(actor=county_leader, submission=own, comment="数据再核实")
    save(world.liaison, own, "核实后的进展")
    services.submission_submit(actor=world.liaison, submission=own)
    services.submission_confirm(actor=county_leader, submission=own)
    services.submission_accept(actor=world.office, submission=own)
    assert Submission.objects.get(pk=own.pk).state == "accepted"


def test_evidence_type_and_size_are_checked(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    open_round(world)
    line = Submission.objects.get(unit=world.county_a).lines.first()
    for name, content, message in [
        ("run.exe", b"MZ", "类型不支持"),
        ("fake.pdf", b"MZ\x90\x00", "内容与扩展名不符"),
        ("empty.png", b"", "空文件"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.evidence_add(actor=world.liaison, line=line, upload=SimpleUploadedFile(name, content))
    assert line.evidence.count() == 0
    evidence = services.evidence_add(
        actor=world.liaison, line=line, upload=SimpleUploadedFile("现场照片.png", b"\x89PNG\r\n\x1a\n....")
    )
    assert (evidence.content_type, evidence.size, evidence.original_name) == ("image/png", 12, "现场照片.png")
    assert evidence.file.storage.exists(evidence.file.name)


def test_a_stale_action_is_refused(world):
    open_round(world)
    own = Submission.objects.get(unit=world.county_a)
    save(world.liaison, own)
    services.submission_submit(actor=world.liaison, submission=own)
    read = Submission.objects.get(pk=own.pk).version
    services.submission_return(actor=world.office, submission=own, comment="请补充", expected_version=read)
    with pytest.raises(EditConflict):
        services.submission_accept(actor=world.office, submission=own, expected_version=read)
    assert Submission.objects.get(pk=own.pk).state == "returned"


def test_who_sees_which_submissions(world):
    open_round(world)
    units = lambda user: sorted(s.unit.name for s in submissions_visible_to(user))  # noqa: E731
    assert units(world.office) == ["北塔县", "州生态环境局", "石河县"]
    assert units(world.observer) == ["北塔县", "州生态环境局", "石河县"]
    assert units(world.liaison) == ["石河县"]
    assert units(world.other_office) == []
    assert units(world.nobody) == []


def test_two_people_at_once_on_postgresql_one_wins(transactional_db, world):
    """Two office users act on the same read of a submission at once — one returns it, one accepts it.
    One wins; the other gets a clear message (the version check), and the winner's comment is kept."""
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database cannot hold two writers apart")
    open_round(world)
    own = Submission.objects.get(unit=world.county_a)
    save(world.liaison, own)
    services.submission_submit(actor=world.liaison, submission=own)
    read = Submission.objects.get(pk=own.pk).version
    first_in, outcome = threading.Event(), {}

    def returning():
        try:
            with transaction.atomic():
                services.submission_return(
                    actor=world.office,
                    submission=Submission.objects.get(pk=own.pk),
                    comment="请补充",
                    expected_version=read,
                )
                first_in.set()
                time.sleep(0.5)
            outcome["return"] = "done"
        finally:
            first_in.set()
            connection.close()

    def accepting():
        first_in.wait(5)
        try:
            services.submission_accept(
                actor=world.office, submission=Submission.objects.get(pk=own.pk), expected_version=read
            )
            outcome["accept"] = "done"
        except EditConflict as conflict:
            outcome["accept"] = str(conflict.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=returning), threading.Thread(target=accepting)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert outcome["return"] == "done"
    assert "保存未成功" in outcome["accept"]
    s = Submission.objects.get(pk=own.pk)
    assert (s.state, s.returned_comment, s.version) == ("returned", "请补充", read + 1)


def test_a_leader_does_not_return_what_they_confirmed(world):
    """With 领导审核, the unit's leader returns a submission waiting for confirmation; once confirmed it
    is the office's to accept or return. Refused, and nothing changed."""
    from rectify.rounds.models import DispatchRound

    head = make_user("county_head", full_name="石河县县长")
    role_assign(user=head, role=Role.LEADER, unit=world.county_a)
    r = open_round(world)
    DispatchRound.objects.filter(pk=r.pk).update(requires_confirmation=True)
    own = Submission.objects.get(round=r, unit=world.county_a)
    save(world.liaison, own)
    services.submission_submit(actor=world.liaison, submission=own)
    services.submission_confirm(actor=head, submission=Submission.objects.get(pk=own.pk))
    before = state_of(own)
    with pytest.raises(PermissionDenied):
        services.submission_return(actor=head, submission=Submission.objects.get(pk=own.pk), comment="再改改")
    assert state_of(own) == before
    services.submission_return(
        actor=world.office, submission=Submission.objects.get(pk=own.pk), comment="补充数据"
    )
    assert Submission.objects.get(pk=own.pk).state == "returned"
