"""An uploaded people list read in a child process under limits (`ingest.read_child`), and carried from
the preview to the confirmation signed, so nothing of it is stored between the two.

    rows = read_upload(uploaded_file)                  -> the first sheet's cells; UnreadableDocument …
    token = sign_rows(user, name, rows); unsign_rows(user, token) -> (name, rows)   (one hour, this user only)
"""

import tempfile
from pathlib import Path

from django.core import signing

from rectify.ingest.file_limits import LimitExceeded, ReadLimits
from rectify.ingest.read_child import read_in_child
from rectify.ingest.readers import UnreadableDocument

# A people list is small: 20,000 rows is a national list; a minute is ample to read it.
GRID_READER = "rectify.ingest.grid.read_grid"  # one sheet's cells, read in the child under limits
PEOPLE_LIMITS = ReadLimits(sheet_rows=20_000, sheet_columns=64, sheet_cells=1_000_000, seconds=60)
TOKEN_MAX_AGE = 3600  # seconds between the preview and the confirmation
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


class ListUnreadable(Exception):
    """The file cannot be read as a people list; the message (Chinese) names the file."""


def read_path(path: Path, *, source: str) -> list[list]:
    """The cells of the list at `path`, read in a child process."""
    if Path(source).suffix.lower() not in SUFFIXES:
        raise ListUnreadable(f"文件“{source}”不是Excel或WPS表格（支持 .xlsx、.xls、.ods）")
    try:
        return read_in_child(path, source=source, limits=PEOPLE_LIMITS, reader=GRID_READER)["rows"]
    except (LimitExceeded, UnreadableDocument) as error:
        raise ListUnreadable(str(error)) from error


def read_upload(upload) -> list[list]:
    """The cells of an uploaded list (written to a temporary file the child reads)."""
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix if suffix in SUFFIXES else ".bin") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        return read_path(Path(copy.name), source=Path(upload.name).name)


def _salt(user) -> str:
    return f"rectify.people.import:{user.pk}"


def sign_rows(user, source: str, rows: list[list]) -> str:
    return signing.dumps({"source": source, "rows": rows}, salt=_salt(user), compress=True)


def unsign_rows(user, token: str) -> tuple[str, list[list]]:
    """Raises signing.BadSignature (SignatureExpired after an hour) for a token not made for `user`."""
    data = signing.loads(token, salt=_salt(user), max_age=TOKEN_MAX_AGE)
    return data["source"], data["rows"]
