"""Who may prepare an inspection's report (报告的权限规则), registered with `rectify.orgunits.permissions`
by DocumentsConfig.ready(): the office over the inspection's ledger, on every page and service of it.

`documents.report.prepare` guards the office's report pages (the page, its check, its export); the
others are the audit codes of the services (audit.codes)."""

from rectify.audit import codes
from rectify.ledger.rules import office
from rectify.orgunits.permissions import register

RULES = {
    "documents.report.prepare": office,  # on the inspection
    codes.DOCUMENTS_NARRATIVE_SAVE: office,
    codes.DOCUMENTS_DATES_SAVE: office,
    codes.DOCUMENTS_DOCUMENT_GENERATE: office,
}


def register_rules() -> None:
    for action, rule in RULES.items():
        register(action, rule)
