"""The stable codes of audit events (事件代码): every code a service writes, in one place.

A code is `<app>.<entity>.<verb>`, the app being the one that owns the entity (a user belongs to
accounts, a unit and a role grant to orgunits, though the admin trail that records them lives here).
Messages, statistics and the supervision rules match events by code, never by their Chinese label
(labels may be reworded). The same codes name the actions of the permission vocabulary
(`rectify.orgunits.permissions`): the rule for `ledger.task.update` answers who may make the change
the `ledger.task.update` event records.

Events written before codes existed keep an empty code: the log is append-only (its triggers refuse
an UPDATE), so they are not back-filled; read them by their label.

    code                              label(s)                          written by
    ledger.inspection.create          创建督察                           ledger.services.inspection_create
    ledger.inspection.update          修改督察                           ledger.services.inspection_update
    ledger.finding.create             新增反馈问题                        finding_create, findings_bulk_create
    ledger.finding.update             修改反馈问题                        finding_update, ledger_bulk_update
    ledger.task.create                新增整改任务                        task_create, tasks_bulk_create
    ledger.task.update                修改整改任务                        task_update, ledger_bulk_update
    ledger.task.report_progress       报送进展                           task_report_progress
    ledger.task.record_report         据报告更新                          task_record_report, ledger_bulk_update
    ledger.task.record_report_then    据报告补记进展                       task_record_report_then
    ledger.task.<action>              the action's label (启动整改 …)      task_transition, one per TaskAction:
        ledger.task.start 启动整改, ledger.task.report_done 自评完成,
        ledger.task.request_acceptance 申请验收, ledger.task.withdraw 撤回自评,
        ledger.task.accept 验收通过, ledger.task.return 退回整改,
        ledger.task.publish_notice 发布销号公示, ledger.task.sign_off 销号, ledger.task.reopen 重新整改
    ledger.measure.create             新增整改措施                        measure_create, measures_bulk_create
    ledger.measure.update             修改整改措施                        measure_update (the office), ledger_bulk_update
    ledger.measure.report_progress    修改整改措施                        measure_update (its progress only)
    ingest.job.upload                 上传导入文件                        ingest.jobs.import_job_create
    ingest.job.confirm                确认导入                           import_job_confirm
    ingest.job.retry                  重新导入 / 重新读取导入文件            import_job_retry
    ingest.job.interrupt              导入中断                           import_job_detect_dead_worker
    documents.narrative.save          保存报告正文                        documents.generation.narrative_save
    documents.dates.save              选择报告日期                        report_dates_save
    documents.document.generate       生成文件                           document_generate
    accounts.user.create              新增用户                           audit.admin_trail (the admin),
                                                                         people.services.people_import_apply
    accounts.user.update              修改用户                           〃 (both)
    accounts.user.password            修改用户密码 / 停用用户密码登录         〃 (the admin)
                                      修改本人密码                        people.services.password_change_own
    accounts.user.delete              删除用户                           〃 (the admin)
    orgunits.role.grant               授予角色                           〃, people_import_apply, role_grant
    orgunits.role.update              修改角色授予                        〃, people_import_apply, role_grant
    orgunits.role.revoke              撤销角色                           〃, people.services.role_withdraw
    orgunits.unit.create              新增单位                           〃, regions.tree.unit_create (region_setup)
    orgunits.unit.update              修改单位                           〃 (the admin); region_setup (a division code filled in)
    orgunits.unit.delete              删除单位                           〃
    orgunits.unit.rename              修改单位名称                        regions.tree.unit_rename
    orgunits.unit.move                调整上级单位                        regions.tree.unit_move
    orgunits.unit.merge               合并单位                           regions.tree.unit_merge (on both units)
    rounds.round.open                 开启调度                           rounds.services.round_open
    rounds.round.lock                 锁定调度                           round_lock
    rounds.round.offline_import       导入离线报送表                       round_offline_import
    rounds.round.remind               提醒未报单位                        round_remind_missing
    rounds.schedule.set               修改调度设置                        round_schedule_set
    rounds.submission.<action>        the action's label (保存、报送 …)     the submission services: save,
        submit, confirm, return, accept
    rounds.evidence.add               上传佐证材料                        evidence_add
    notifications.delivery.resend     重新发送                           the deliveries' admin action
    notifications.preference.update   修改消息设置                        notifications.preferences.channel_preference_update
    notifications.robot.set           设置个人群机器人                     personal_robot_set
    notifications.robot.remove        删除个人群机器人                     personal_robot_remove

A new service adds its codes here (and to ALL_CODES); the tests check that every event the services
write carries a code of this list.
"""

import re

CODE_PATTERN = re.compile(r"^[a-z]+\.[a-z_]+\.[a-z_]+$")

LEDGER_INSPECTION_CREATE = "ledger.inspection.create"
LEDGER_INSPECTION_UPDATE = "ledger.inspection.update"
LEDGER_FINDING_CREATE = "ledger.finding.create"
LEDGER_FINDING_UPDATE = "ledger.finding.update"
LEDGER_TASK_CREATE = "ledger.task.create"
LEDGER_TASK_UPDATE = "ledger.task.update"
LEDGER_TASK_REPORT_PROGRESS = "ledger.task.report_progress"
LEDGER_TASK_RECORD_REPORT = "ledger.task.record_report"
LEDGER_TASK_RECORD_REPORT_THEN = "ledger.task.record_report_then"
LEDGER_MEASURE_CREATE = "ledger.measure.create"
LEDGER_MEASURE_UPDATE = "ledger.measure.update"
LEDGER_MEASURE_REPORT_PROGRESS = "ledger.measure.report_progress"

# The task lifecycle's actions (ledger.lifecycle.TaskAction values): ledger.task.<action>.
LEDGER_TASK_ACTIONS = (
    "start",
    "report_done",
    "request_acceptance",
    "withdraw",
    "accept",
    "return",
    "publish_notice",
    "sign_off",
    "reopen",
)


def ledger_task_action(action: str) -> str:
    """The code of a lifecycle action of a task (a TaskAction value): ledger.task.<action>."""
    if action not in LEDGER_TASK_ACTIONS:
        raise ValueError(f"no audit code for the task action {action!r}")
    return f"ledger.task.{action}"


INGEST_JOB_UPLOAD = "ingest.job.upload"
INGEST_JOB_CONFIRM = "ingest.job.confirm"
INGEST_JOB_RETRY = "ingest.job.retry"
INGEST_JOB_INTERRUPT = "ingest.job.interrupt"

DOCUMENTS_NARRATIVE_SAVE = "documents.narrative.save"
DOCUMENTS_DATES_SAVE = "documents.dates.save"
DOCUMENTS_DOCUMENT_GENERATE = "documents.document.generate"

ACCOUNTS_USER_CREATE = "accounts.user.create"
ACCOUNTS_USER_UPDATE = "accounts.user.update"
ACCOUNTS_USER_PASSWORD = "accounts.user.password"
ACCOUNTS_USER_DELETE = "accounts.user.delete"
ORGUNITS_ROLE_GRANT = "orgunits.role.grant"
ORGUNITS_ROLE_UPDATE = "orgunits.role.update"
ORGUNITS_ROLE_REVOKE = "orgunits.role.revoke"
ORGUNITS_UNIT_CREATE = "orgunits.unit.create"
ORGUNITS_UNIT_UPDATE = "orgunits.unit.update"
ORGUNITS_UNIT_DELETE = "orgunits.unit.delete"
ORGUNITS_UNIT_RENAME = "orgunits.unit.rename"
ORGUNITS_UNIT_MOVE = "orgunits.unit.move"
ORGUNITS_UNIT_MERGE = "orgunits.unit.merge"

ROUNDS_ROUND_OPEN = "rounds.round.open"
ROUNDS_ROUND_LOCK = "rounds.round.lock"
ROUNDS_ROUND_OFFLINE_IMPORT = "rounds.round.offline_import"
ROUNDS_ROUND_REMIND = "rounds.round.remind"
ROUNDS_SCHEDULE_SET = "rounds.schedule.set"
ROUNDS_SUBMISSION_ACTIONS = ("save", "submit", "confirm", "return", "accept")
ROUNDS_EVIDENCE_ADD = "rounds.evidence.add"
NOTIFICATIONS_DELIVERY_RESEND = "notifications.delivery.resend"
NOTIFICATIONS_PREFERENCE_UPDATE = "notifications.preference.update"
NOTIFICATIONS_ROBOT_SET = "notifications.robot.set"
NOTIFICATIONS_ROBOT_REMOVE = "notifications.robot.remove"

ALL_CODES = frozenset(
    {value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)}
    | {ledger_task_action(action) for action in LEDGER_TASK_ACTIONS}
    | {f"rounds.submission.{action}" for action in ROUNDS_SUBMISSION_ACTIONS}
)
