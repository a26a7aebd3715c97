"""A unit's submission in a dispatch round (调度报送): states, actions and the table of allowed transitions.

Pure data (rectify.core.transitions). The services in `rounds.services` apply it; who stands in which
relation to a submission is decided in `rounds.permissions`. Two conditions the table cannot state are
the services' own: a round that requires a leader's confirmation (领导审核) accepts only confirmed
submissions, one that does not has no confirmation step; and a locked round ends every transition.
"""

from enum import StrEnum

from rectify.core.transitions import Transition, TransitionTable


class SubmissionState(StrEnum):
    NOT_STARTED = "not_started"  # 未填报
    DRAFT = "draft"  # 填报中
    SUBMITTED = "submitted"  # 已报送
    CONFIRMED = "confirmed"  # 领导已审核
    RETURNED = "returned"  # 已退回
    ACCEPTED = "accepted"  # 已采纳


STATE_LABELS = {
    SubmissionState.NOT_STARTED: "未填报",
    SubmissionState.DRAFT: "填报中",
    SubmissionState.SUBMITTED: "已报送",
    SubmissionState.CONFIRMED: "领导已审核",
    SubmissionState.RETURNED: "已退回",
    SubmissionState.ACCEPTED: "已采纳",
}


class SubmissionRelation(StrEnum):
    LIAISON = "liaison"  # liaison officer of the submitting unit (本单位联络员)
    LEADER = "leader"  # a leader of the submitting unit (本单位领导), who confirms
    OFFICE = "office"  # the rectification office over the inspection (整改办)


class SubmissionAction(StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    CONFIRM = "confirm"
    RETURN = "return"
    ACCEPT = "accept"


ACTION_LABELS = {
    SubmissionAction.SAVE: "保存草稿",
    SubmissionAction.SUBMIT: "报送",
    SubmissionAction.CONFIRM: "领导审核通过",
    SubmissionAction.RETURN: "退回",
    SubmissionAction.ACCEPT: "采纳",
}

S, A, R = SubmissionState, SubmissionAction, SubmissionRelation
LIAISON, LEADER, OFFICE = frozenset({R.LIAISON}), frozenset({R.LEADER}), frozenset({R.OFFICE})

TABLE = TransitionTable(
    [
        Transition(S.NOT_STARTED, A.SAVE, S.DRAFT, LIAISON),
        Transition(S.DRAFT, A.SAVE, S.DRAFT, LIAISON),
        Transition(S.RETURNED, A.SAVE, S.DRAFT, LIAISON),
        Transition(S.NOT_STARTED, A.SUBMIT, S.SUBMITTED, LIAISON),  # the pre-filled form, unchanged
        Transition(S.DRAFT, A.SUBMIT, S.SUBMITTED, LIAISON),
        Transition(S.RETURNED, A.SUBMIT, S.SUBMITTED, LIAISON),
        Transition(S.SUBMITTED, A.CONFIRM, S.CONFIRMED, LEADER),
        Transition(S.SUBMITTED, A.RETURN, S.RETURNED, OFFICE | LEADER),
        Transition(S.CONFIRMED, A.RETURN, S.RETURNED, OFFICE),
        Transition(S.SUBMITTED, A.ACCEPT, S.ACCEPTED, OFFICE),
        Transition(S.CONFIRMED, A.ACCEPT, S.ACCEPTED, OFFICE),
    ]
)

# The states in which the unit may still write its form.
WRITABLE_STATES = frozenset({S.NOT_STARTED, S.DRAFT, S.RETURNED})


def confirmation_refusal(
    action: str,
    state: str,
    *,
    requires_confirmation: bool,
    without_leader: bool = False,
    own_submission: bool = False,
) -> str | None:
    """Why the round's 领导审核 setting refuses (state, action), or None: with it, only a confirmed
    submission is accepted — unless the unit has no leader who may confirm it (`without_leader`: none,
    or only the person who submitted it), which goes straight to the office; without it, there is
    nothing to confirm. Nobody confirms what they submitted themselves (`own_submission`)."""
    if action == A.CONFIRM and not requires_confirmation:
        return "本督察的调度未设置领导审核，无需审核"
    if action == A.CONFIRM and own_submission:
        return "这份报送是您本人提交的，不能由您本人审核；请本单位其他领导审核"
    if action == A.ACCEPT and state == S.SUBMITTED and requires_confirmation and not without_leader:
        return "该报送尚未经本单位领导审核，不能采纳"
    return None
