"""Review of issue 10, 领导审核 (a leader of the unit confirms before the office): who may do what."""

from django.core.exceptions import PermissionDenied, ValidationError

from rectify.rounds import services
from rectify.rounds.models import RoundSchedule
from review_support import open_round, submission_of


def test_an_offline_units_form_entered_by_the_office_can_be_accepted_in_a_round_with_leader_confirmation(
    world,
):
    """An offline unit (no accounts: that is why it is offline) sends its filled form; the office imports
    it and submits it on the unit's behalf (代为提交). With 领导审核 on, the office may not accept a
    submission no leader confirmed, and nobody can confirm it: the unit's report can never be accepted
    nor reach the ledger at the lock. (`round_offline_import` calls exactly these two services.)"""
    w = world
    RoundSchedule.objects.create(inspection=w.inspection, leader_confirmation=True, active=False)
    r = open_round(w)
    dept = submission_of(r, w.dept)  # 州生态环境局: no liaison, no leader account
    lines = {
        line.task_id: {"progress_text": "离线报送：已安装计量设施30套", "percent": 30}
        for line in dept.lines.all()
    }
    services.submission_save_draft(
        actor=w.office, submission=dept, lines=lines, on_behalf="离线报送表「州生态环境局.xlsx」"
    )
    services.submission_submit(actor=w.office, submission=dept, on_behalf="离线报送表「州生态环境局.xlsx」")
    dept.refresh_from_db()
    ways = []
    for service in (services.submission_accept, services.submission_confirm):
        try:
            service(actor=w.office, submission=dept)
            ways.append(service.__name__)
            break
        except (ValidationError, PermissionDenied) as refused:
            print(service.__name__, refused)
    assert ways, "the office can neither confirm nor accept the offline unit's submission"
