"""Who may do what to a round or a submission: the rules registered under the services' audit codes.

    rounds.round.open          the office over the inspection's unit (obj: the Inspection)
    rounds.round.lock          the office over the inspection's unit (obj: the DispatchRound)
    rounds.round.remind        the office over the inspection's unit (obj: the DispatchRound)
    rounds.schedule.set        the office over the inspection's unit (obj: the Inspection)
    rounds.submission.save     the submitting unit's liaison
    rounds.submission.submit   the submitting unit's liaison
    rounds.submission.confirm  a leader of the submitting unit (a leader role on it, or over it with subtree)
    rounds.submission.return   the office; a leader of the unit while confirmation waits
    rounds.submission.accept   the office
    rounds.round.offline       the office over the inspection's unit: download the offline forms, upload them
    rounds.submission.offline  the office: enter (save, and submit if it ticks 代为提交) a unit's offline form

A rule says who; the state (the transition table) and a locked round are checked by the services, which
give their own message. Everything is asked through `orgunits.permissions.may/require`.
"""

from rectify.orgunits.models import Role, RoleAssignment
from rectify.orgunits.permissions import register
from rectify.orgunits.scope import scope_for
from rectify.rounds.lifecycle import SubmissionRelation, SubmissionState


def leads_unit(user, unit) -> bool:
    """Whether `user` holds a leader role on `unit`, or on a unit above it with its subtree."""
    ancestors = [int(i) for i in unit.path.strip("/").split("/") if i]
    leader = RoleAssignment.objects.filter(user=user, role=Role.LEADER)
    return (
        leader.filter(unit_id=unit.pk).exists()
        or leader.filter(include_subtree=True, unit_id__in=ancestors).exists()
    )


def relations_to_submission(user, submission) -> set[str]:
    """How `user` stands to `submission` (liaison / leader of its unit, office over its inspection)."""
    scope = scope_for(user)
    relations = set()
    if scope.manages(submission.round.inspection.unit):
        relations.add(SubmissionRelation.OFFICE)
    if scope.liaises_for(submission.unit):
        relations.add(SubmissionRelation.LIAISON)
    if scope.is_leader and leads_unit(user, submission.unit):
        relations.add(SubmissionRelation.LEADER)
    return relations


def _office_over_inspection(user, inspection) -> bool | str:
    return scope_for(user).manages(inspection.unit) or "只有本级整改办可以开启或锁定调度"


def _may_open(user, inspection) -> bool | str:
    return _office_over_inspection(user, inspection)


def _may_lock(user, dispatch_round) -> bool | str:
    return _office_over_inspection(user, dispatch_round.inspection)


def _liaison(user, submission) -> bool | str:
    return (
        SubmissionRelation.LIAISON in relations_to_submission(user, submission)
        or "只有本单位联络员可以填写和报送本单位的调度报送"
    )


def _may_confirm(user, submission) -> bool | str:
    return SubmissionRelation.LEADER in relations_to_submission(user, submission) or "只有本单位领导可以审核"


def _may_return(user, submission) -> bool | str:
    relations = relations_to_submission(user, submission)
    if SubmissionRelation.OFFICE in relations:
        return True
    if (
        SubmissionRelation.LEADER in relations
        and submission.round.requires_confirmation
        and submission.state == SubmissionState.SUBMITTED  # once confirmed, it is the office's
    ):
        return True
    return "只有整改办（或审核中的本单位领导）可以退回报送"


def _may_accept(user, submission) -> bool | str:
    return SubmissionRelation.OFFICE in relations_to_submission(user, submission) or "只有整改办可以采纳报送"


def _may_offline(user, dispatch_round) -> bool | str:
    return scope_for(user).manages(dispatch_round.inspection.unit) or "只有本级整改办可以下载或导入离线报送表"


def _may_enter_offline(user, submission) -> bool | str:
    return (
        SubmissionRelation.OFFICE in relations_to_submission(user, submission)
        or "只有整改办可以代为录入离线报送"
    )


RULES = {
    "rounds.round.open": _may_open,
    "rounds.round.lock": _may_lock,
    "rounds.round.remind": _may_lock,
    "rounds.schedule.set": _may_open,
    "rounds.submission.save": _liaison,
    "rounds.submission.submit": _liaison,
    "rounds.submission.confirm": _may_confirm,
    "rounds.submission.return": _may_return,
    "rounds.submission.accept": _may_accept,
    "rounds.round.offline": _may_offline,
    "rounds.submission.offline": _may_enter_offline,
}


def register_rules() -> None:
    for action, rule in RULES.items():
        register(action, rule)
