from rectify.audit.display import describe_changes
from rectify.audit.models import AuditEvent
from rectify.ledger import services


def test_changes_are_shown_in_the_models_words(world):
    services.task_transition(actor=world.liaison, task=world.task_a, action="report_done")
    event = AuditEvent.objects.for_object(world.task_a).first()
    # the claim of completion also sets the percent: the change log says both
    assert describe_changes(event) == [("状态", "未启动", "已完成（自评）"), ("完成进度（%）", "0", "100")]


def test_creation_shows_empty_before_and_booleans_in_chinese(world):
    event = AuditEvent.objects.for_object(world.task_c).last()
    rows = dict((label, (before, after)) for label, before, after in describe_changes(event))
    assert rows["长期坚持"] == ("—", "是")
    assert rows["整改时限"] == ("—", "立行立改，长期坚持")
