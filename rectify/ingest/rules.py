"""Who may import (导入的权限规则), registered with `rectify.orgunits.permissions` by IngestConfig.ready():
the office of the unit the file is imported for, as for every other change of its ledger."""

from rectify.audit import codes
from rectify.ledger.rules import office
from rectify.ledger.selectors import units_managed
from rectify.orgunits.permissions import register

NO_OFFICE = "只有整改办可以导入"


def job_upload(user, unit) -> bool | str:
    """Upload a file for `unit`; with None, for some unit (whether to offer the page at all)."""
    if unit is None:
        return True if units_managed(user).exists() else NO_OFFICE
    return office(user, unit)


def job_office(user, job) -> bool | str:
    """The office of the unit a job imports for."""
    return office(user, job.unit)


RULES = {
    codes.INGEST_JOB_UPLOAD: job_upload,
    codes.INGEST_JOB_CONFIRM: job_office,
    codes.INGEST_JOB_RETRY: job_office,
}


def register_rules() -> None:
    for action, rule in RULES.items():
        register(action, rule)
