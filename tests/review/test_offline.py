"""Review of issue 10, offline forms: a hostile workbook is read under limits outside the web request
(house rule; ingest reads ledgers in `ingest.read_child`), and an unchanged download re-imports as
nothing."""

import io
import os

import openpyxl

from rectify.rounds import offline_import
from review_support import client_for, open_round


def test_the_offline_upload_does_not_open_workbooks_inside_the_web_request(world, monkeypatch):
    """The preview POST opens each uploaded workbook with calamine in the request's own process, with
    no memory or time cap: only `check_file` stands before it. A 9.6 MB workbook within those checks
    (15,000 × 256 cells) took 45 s to check and 13 s and 575 MB to read here, and a preview takes up to
    200 files of 50 MB. The ledger import reads the same kind of file in a child process under
    RLIMIT_AS and a time limit (`ingest.read_child`)."""
    w = world
    r = open_round(w)
    office = client_for(w.office)
    data = office.get(f"/rounds/offline/{r.pk}/download/?unit={w.county_a.pk}").content
    opened_here = []
    real_open = offline_import.open_workbook

    def spy(path, source):
        if os.getpid() == test_pid:
            opened_here.append(source)
        return real_open(path, source)

    test_pid = os.getpid()
    monkeypatch.setattr(offline_import, "open_workbook", spy)
    upload = io.BytesIO(data)
    upload.name = "石河县.xlsx"
    response = office.post(
        f"/rounds/offline/{r.pk}/upload/", {"action": "preview", "files": [upload]}, follow=True
    )
    assert response.status_code == 200
    assert opened_here == []  # fails: ["石河县.xlsx"], read in the web request


def test_a_hostile_number_in_the_hidden_sheet_is_an_error_message_not_a_server_error(world):
    """The hidden 报送信息 sheet is protected without a password: anyone can unhide and edit it. Its
    round, submission and version are read with int(float(...)): "1e400" is infinity, and int() of it
    raises OverflowError, which the reader does not catch — the preview is a 500."""
    w = world
    r = open_round(w)
    office = client_for(w.office)
    data = office.get(f"/rounds/offline/{r.pk}/download/?unit={w.county_a.pk}").content
    book = openpyxl.load_workbook(io.BytesIO(data))
    meta = book["报送信息"]
    row = next(row for row in meta.iter_rows() if row[0].value == "报送版本")
    row[1].value = "1e400"
    out = io.BytesIO()
    book.save(out)
    out.name = "石河县.xlsx"
    out.seek(0)
    office.raise_request_exception = False
    response = office.post(
        f"/rounds/offline/{r.pk}/upload/", {"action": "preview", "files": [out]}, follow=True
    )
    assert response.status_code == 200  # fails: 500
    assert "石河县.xlsx" in response.content.decode()
