"""What an uploaded file may hold before the expensive reader (calamine, python-docx, pypdf) sees it.

    check_file(path, name=..., limits=LIMITS)   raises LimitExceeded (Chinese, naming the file and the limit)

A 23 KB workbook can declare 1048576 rows × 16384 columns and make calamine allocate 512 GiB; a 1 MB
Word file can hold 1 GB of zeros. So before any library opens a zip container (.xlsx .xlsm .docx
.ods) this module reads it itself, cheaply and under caps: the member count (from the end record,
before the directory is parsed), each member's declared and actual decompressed size (streamed,
never held), the total; for workbooks the declared <dimension> and the real extent of every sheet
(a streaming expat scan, no tree built); for Word files the paragraphs. PDF pages and text lines
are counted by the readers against the same limits. The limits are generous for real ledgers: a
national workbook of 50,000 tasks with 250,000 measure rows passes. Time and memory of the whole
read are enforced around it, in a child process (`ingest.read_child`). Pure Python: no Django.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """The caps of one read (see docs/decisions/0007-hostile-uploads-read-under-limits.md)."""

    zip_members: int = 5_000
    zip_directory_bytes: int = 8 * MB
    document_member_bytes: int = 64 * MB  # a Word part: python-docx holds each part in memory
    document_total_bytes: int = 256 * MB
    sheet_member_bytes: int = 1024 * MB  # a worksheet's XML: calamine streams it
    sheet_total_bytes: int = 2048 * MB
    sheet_rows: int = 500_000
    sheet_columns: int = 256
    sheet_cells: int = 4_000_000  # rows × columns: the rectangle calamine allocates
    paragraphs: int = 100_000
    pages: int = 2_000
    lines: int = 200_000  # lines of text handed to the report parser
    seconds: int = 180
    memory_mb: int = 1536  # the read's address space (RLIMIT_AS), Python and libraries included
    draft_mb: int = 256  # what the read may hand back (the draft as JSON; RLIMIT_FSIZE on the child)


LIMITS = ReadLimits()


class LimitExceeded(Exception):
    """The file is over one of the read limits; the message (Chinese) names the file and the limit."""


ZIP_SUFFIXES = {".xlsx", ".xlsm", ".docx", ".ods"}
_CHUNK = MB
_CELL = re.compile(r"([A-Za-z]{1,4})?(\d{1,8})?")


def _count(n: int) -> str:
    return f"{n // 10_000}万" if n >= 10_000 and n % 10_000 == 0 else str(n)


def _size(n: int) -> str:
    return f"{n // MB}MB"


def check_file(path: Path, *, name: str, limits: ReadLimits = LIMITS) -> None:
    """Refuse a zip container (.xlsx .xlsm .docx .ods) over the limits; other formats pass here."""
    suffix = Path(name).suffix.lower() or Path(path).suffix.lower()
    if suffix not in ZIP_SUFFIXES:
        return
    document = suffix == ".docx"
    with open(path, "rb") as handle:
        _check_end_record(handle, name, limits)
    try:
        container = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader says so in its own words
    with container:
        _check_members(container, name, limits, document=document)
        if suffix in (".xlsx", ".xlsm"):
            for member, sheet in _worksheets(container).items():
                _scan(container, member, _SheetScan(name, sheet, limits), name=name)
        elif suffix == ".ods" and "content.xml" in container.namelist():
            _scan(container, "content.xml", _OdsScan(name, limits), name=name)
        elif document and "word/document.xml" in container.namelist():
            _scan(container, "word/document.xml", _ParagraphScan(name, limits), name=name)


def _check_end_record(handle, name: str, limits: ReadLimits) -> None:
    """The member count and directory size the end record declares, read before zipfile parses anything."""
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - 65_557))
    tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return
    _, _, _, _, entries, directory_size, _, _ = struct.unpack("<4s4H2LH", tail[at : at + 22])
    if entries == 0xFFFF or entries > limits.zip_members:
        shown = "65535个以上" if entries == 0xFFFF else f"{entries}个"
        raise LimitExceeded(f"文件“{name}”是含有{shown}成员的压缩包，超过上限{limits.zip_members}个")
    if directory_size > limits.zip_directory_bytes:
        raise LimitExceeded(
            f"文件“{name}”的压缩包目录有{_size(directory_size)}，超过上限{_size(limits.zip_directory_bytes)}"
        )


def _check_members(container: zipfile.ZipFile, name: str, limits: ReadLimits, *, document: bool) -> None:
    """Every member's declared size, then its real size, decompressed in chunks and counted."""
    members = container.infolist()
    if len(members) > limits.zip_members:
        raise LimitExceeded(f"文件“{name}”是含有{len(members)}个成员的压缩包，超过上限{limits.zip_members}个")
    each = limits.document_member_bytes if document else limits.sheet_member_bytes
    total_cap = limits.document_total_bytes if document else limits.sheet_total_bytes

    def too_big(member: str, size: str) -> LimitExceeded:
        return LimitExceeded(f"文件“{name}”中的“{member}”解压后{size}，超过单个成员上限{_size(each)}")

    for info in members:
        if info.file_size > each:
            raise too_big(info.filename, f"有{_size(info.file_size)}")
    if sum(info.file_size for info in members) > total_cap:
        raise LimitExceeded(f"文件“{name}”解压后总大小超过上限{_size(total_cap)}")
    total = 0
    for info in members:
        if info.is_dir():
            continue
        seen = 0
        try:
            with container.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    seen += len(chunk)
                    total += len(chunk)
                    if seen > each:
                        raise too_big(info.filename, f"超过{_size(each)}")
                    if total > total_cap:
                        raise LimitExceeded(f"文件“{name}”解压后总大小超过上限{_size(total_cap)}")
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
            continue  # corrupt or encrypted member: the reader reports the file as damaged


def _worksheets(container: zipfile.ZipFile) -> dict[str, str]:
    """{member path: sheet name} of a workbook's sheets (every xl/worksheets/*.xml, named where the book says)."""
    import xml.etree.ElementTree as ElementTree

    names: dict[str, str] = {}
    try:
        rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
        doc_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
        rels = ElementTree.fromstring(_small(container, "xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{rel_ns}Relationship")}
        book = ElementTree.fromstring(_small(container, "xl/workbook.xml"))
        for sheet in book.iter():
            if sheet.tag.endswith("}sheet") and sheet.get(f"{doc_ns}id") in targets:
                target = targets[sheet.get(f"{doc_ns}id")].lstrip("/")
                names[target if target.startswith("xl/") else f"xl/{target}"] = sheet.get("name", "")
    except (KeyError, ElementTree.ParseError, ValueError):
        pass
    present = set(container.namelist())
    return {
        member: names.get(member, member)
        for member in container.namelist()
        # wherever the book's rels put a sheet (calamine follows them), and every xl/worksheets/*.xml
        if member in names or (member.startswith("xl/worksheets/") and member.endswith(".xml"))
    } | {member: sheet for member, sheet in names.items() if member in present}


def _small(container: zipfile.ZipFile, member: str) -> bytes:
    with container.open(member) as stream:
        data = stream.read(8 * MB + 1)
    if len(data) > 8 * MB:
        raise ValueError(member)
    return data


def _scan(container: zipfile.ZipFile, member: str, scan, *, name: str) -> None:
    """Feed a member's XML to an expat parser in chunks; `scan.start` raises LimitExceeded when over a limit.

    What cannot be scanned is refused, never passed on unchecked: a DOCTYPE (Office XML has none; a DTD
    can only mean entity tricks) or XML that breaks off (a lenient library would read past our scan)."""
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        with container.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Doctype:
        raise LimitExceeded(
            f"文件“{name}”中的“{member}”含有DOCTYPE声明，Office文件不应有，出于安全不予读取"
        ) from None
    except expat.ExpatError as error:
        raise LimitExceeded(
            f"文件“{name}”中的“{member}”不是完整的XML（第{error.lineno}行第{error.offset}列：{expat.ErrorString(error.code)}），"
            "文件可能已损坏，请用Excel/WPS打开后另存再上传"
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return  # a member that cannot be decompressed: the reader reports the file as damaged
    scan.end()


class _Doctype(Exception):
    pass


def _refuse_doctype(*_):
    raise _Doctype


def _local(tag: str) -> str:
    return tag.rpartition(":")[2]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _SheetScan:
    """A worksheet's declared <dimension> and real extent (last row and column that hold a cell)."""

    def __init__(self, name: str, sheet: str, limits: ReadLimits):
        self.name, self.sheet, self.limits = name, sheet, limits
        self.row = self.column = self.max_row = self.max_column = 0

    def _check(self, rows: int, columns: int, what: str) -> None:
        limits = self.limits
        if rows > limits.sheet_rows or columns > limits.sheet_columns or rows * columns > limits.sheet_cells:
            raise LimitExceeded(
                f"文件“{self.name}”的工作表“{self.sheet}”{what}{rows}行×{columns}列，超过上限"
                f"（{_count(limits.sheet_rows)}行、{limits.sheet_columns}列、共{_count(limits.sheet_cells)}个单元格）"
            )

    def start(self, tag: str, attributes: dict) -> None:
        local = _local(tag)
        if local == "c":
            match = _CELL.fullmatch(attributes.get("r", ""))
            letters, digits = match.groups() if match else (None, None)
            self.column = _column_number(letters) if letters else self.column + 1
            if digits:
                self.row = int(digits)
            if self.column > self.max_column or self.row > self.max_row:
                self.max_column, self.max_row = max(self.max_column, self.column), max(self.max_row, self.row)
                self._check(self.max_row, self.max_column, "有内容的区域达到")
        elif local == "row":
            reference = attributes.get("r", "")
            self.row = int(reference) if reference.isdigit() else self.row + 1
            self.column = 0
            if self.row > self.limits.sheet_rows:
                self._check(self.row, max(self.max_column, 1), "有内容的区域达到")
        elif local == "dimension":
            last = attributes.get("ref", "").rpartition(":")[2]
            match = _CELL.fullmatch(last)
            if match and all(match.groups()):
                self._check(int(match.group(2)), _column_number(match.group(1)), "声明了")

    def end(self) -> None:
        pass


class _OdsScan:
    """An OpenDocument spreadsheet's rows and cells that hold a value, repeats counted."""

    def __init__(self, name: str, limits: ReadLimits):
        self.sheet = _SheetScan(name, "", limits)
        self.next_row, self.repeat_rows = 1, 1

    def start(self, tag: str, attributes: dict) -> None:
        local, sheet = _local(tag), self.sheet
        if local == "table":
            sheet.sheet = next((v for k, v in attributes.items() if _local(k) == "name"), "")
            sheet.row = sheet.max_row = sheet.max_column = 0
            self.next_row = 1
        elif local == "table-row":
            sheet.row, sheet.column = self.next_row, 0
            self.repeat_rows = _repeat(attributes, "number-rows-repeated")
            self.next_row += self.repeat_rows
        elif local == "table-cell":
            repeat = _repeat(attributes, "number-columns-repeated")
            if any(_local(k) == "value-type" for k in attributes):
                last_row = sheet.row + self.repeat_rows - 1
                sheet.max_row = max(sheet.max_row, last_row)
                sheet.max_column = max(sheet.max_column, sheet.column + repeat)
                sheet._check(sheet.max_row, sheet.max_column, "有内容的区域达到")
            sheet.column += repeat

    def end(self) -> None:
        pass


def _repeat(attributes: dict, key: str) -> int:
    value = next((v for k, v in attributes.items() if _local(k) == key), "1")
    return int(value) if value.isdigit() and len(value) < 9 else 1


class _ParagraphScan:
    """A Word document's paragraphs."""

    def __init__(self, name: str, limits: ReadLimits):
        self.name, self.limits, self.paragraphs = name, limits, 0

    def start(self, tag: str, attributes: dict) -> None:
        if _local(tag) == "p":
            self.paragraphs += 1
            if self.paragraphs > self.limits.paragraphs:
                raise LimitExceeded(
                    f"文件“{self.name}”有超过{_count(self.limits.paragraphs)}个段落，超过上限"
                    f"（{_count(self.limits.paragraphs)}个段落）"
                )

    def end(self) -> None:
        pass
