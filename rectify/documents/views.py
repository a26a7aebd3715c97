"""Downloads of the ledger as Excel: an inspection's ledger as the user sees it, and the blank template."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from rectify.documents.ledger_workbook import (
    CONTENT_TYPE,
    TEMPLATE_FILENAME,
    blank_template,
    ledger_filename,
    write_ledger_workbook,
)
from rectify.ledger import selectors


def _attachment(content: bytes, filename: str, fallback: str) -> HttpResponse:
    """An .xlsx download named `filename` (RFC 5987 filename*=UTF-8''…, with an ASCII `fallback`)."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def ledger_workbook(request, pk: int):
    """The inspection's ledger as .xlsx, cut down to what the user may see (404 if they see none of it)."""
    inspection = selectors.inspection_get_for_user(request.user, pk)
    today = timezone.localdate()
    return _attachment(
        write_ledger_workbook(user=request.user, inspection=inspection),
        ledger_filename(inspection, today),
        f"ledger-{inspection.pk}-{today.isoformat()}.xlsx",
    )


@require_GET
@login_required
def ledger_template(request):
    """The blank ledger workbook: the three sheets with their headers."""
    return _attachment(blank_template(), TEMPLATE_FILENAME, "ledger-template.xlsx")
