"""Read a document file into text: .txt (UTF-8, UTF-8 with BOM, GB18030/GBK), .docx, PDF with a text
layer, and .doc/.wps through LibreOffice when it is installed.

    read_document(path) -> DocumentText(text, source_format, warnings)

Bad input (missing, empty, corrupt, encrypted, scanned, unsupported) raises `UnreadableDocument`
with a Chinese message naming the file and the problem, and nothing else: every error of the
libraries underneath is caught and translated. Pure Python: no Django.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from rectify.ingest.file_limits import LIMITS, LimitExceeded, ReadLimits, check_file

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused: a report is a few MB at most
SUPPORTED = (".txt", ".docx", ".pdf", ".doc", ".wps")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc, .wps and encrypted .docx
_LIBREOFFICE_MISSING = "读取 .doc/.wps 文件需要安装 LibreOffice（soffice），或请另存为 .docx 后上传"


class UnreadableDocument(Exception):
    """The file cannot be read as a document; the message (Chinese) names the file and the problem."""


@dataclass(frozen=True)
class DocumentText:
    """A document's text, the format it was read as, and warnings (Chinese) met while reading."""

    text: str
    source_format: str  # "txt", "docx", "pdf", "doc", "wps"
    warnings: list[str] = field(default_factory=list)


def _fail(name: str, problem: str) -> UnreadableDocument:
    return UnreadableDocument(f"无法读取文件「{name}」：{problem}")


# -- text ------------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOMs first, then strict UTF-8, then strict GB18030, then charset-normalizer.

    Returns (text, encoding name). Raises ValueError when no encoding fits.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ValueError("无法识别文本编码")
    return str(best), best.encoding


def _read_txt(name: str, data: bytes) -> DocumentText:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(name, "不是文本文件（含有二进制内容）")
    try:
        text, encoding = decode_text(data)
    except ValueError as error:
        raise _fail(name, str(error)) from None
    if not text.strip():
        raise _fail(name, "文件为空（没有文字）")
    warnings = [] if encoding in ("utf-8", "utf-8-sig") else [f"文本编码识别为 {encoding}"]
    return DocumentText(text, "txt", warnings)


# -- docx ------------------------------------------------------------------------------------


def _cell_text(cell) -> str:
    """A table cell's paragraphs on one line (a row must stay one line)."""
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _table_lines(table) -> list[str]:
    """One line per row, cells joined by " | " (a merged cell counted once)."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell).replace("|", "｜"))
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def _format_number(value: int, number_format: str) -> str:
    """A list counter in a Word number format (decimal, chineseCounting, decimalEnclosedCircle …)."""
    if number_format in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "chineseLegalSimplified",
    ):
        import cn2an

        return cn2an.an2cn(value)
    if number_format.startswith("decimalEnclosedCircle") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if number_format in ("lowerLetter", "upperLetter") and 1 <= value <= 26:
        return chr((0x61 if number_format == "lowerLetter" else 0x41) + value - 1)
    return str(value)


class _ListNumbers:
    """Word's automatic list numbering ("1." "一、" "（一）" typed by Word, not by the author), which
    python-docx leaves out of a paragraph's text: the labels are rebuilt from numbering.xml."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self._levels: dict[
            str, dict[int, tuple[str, str, int]]
        ] = {}  # numId -> ilvl -> (format, text, start)
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError, ValueError):
            return
        abstract = {
            a.get(qn("w:abstractNumId")): self._read_levels(a) for a in root.findall(qn("w:abstractNum"))
        }
        for num in root.findall(qn("w:num")):
            reference = num.find(qn("w:abstractNumId"))
            if reference is not None:
                self._levels[num.get(qn("w:numId"))] = abstract.get(reference.get(qn("w:val")), {})

    def _read_levels(self, abstract) -> dict[int, tuple[str, str, int]]:
        qn, levels = self._qn, {}
        for level in abstract.findall(qn("w:lvl")):
            found = {name: level.find(qn(f"w:{name}")) for name in ("numFmt", "lvlText", "start")}
            value = {name: (el.get(qn("w:val")) if el is not None else None) for name, el in found.items()}
            start_text = value["start"] or ""  # Word may leave w:start out: the count starts at 1
            start = int(start_text) if start_text.isascii() and start_text.isdigit() else 1
            levels[int(level.get(qn("w:ilvl"), "0"))] = (
                value["numFmt"] or "decimal",
                value["lvlText"] or "",
                start,
            )
        return levels

    def _num_pr(self, paragraph):
        """The paragraph's numbering properties: its own, else its style's (or the style's base styles')."""
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        style = paragraph.style
        for _ in range(4):
            if style is None:
                return None
            style_pr = style.element.pPr
            if style_pr is not None and style_pr.numPr is not None:
                return style_pr.numPr
            style = style.base_style
        return None

    def label(self, paragraph) -> str:
        """The label Word shows before this paragraph ("" when it is not numbered)."""
        try:
            num_pr = self._num_pr(paragraph)
            if num_pr is None or num_pr.numId is None:
                return ""
            num_id = str(num_pr.numId.val)
            level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        except (AttributeError, ValueError, TypeError):
            return ""
        levels = self._levels.get(num_id, {})
        if level not in levels or levels[level][0] in ("bullet", "none"):
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [d for d in counters if d > level]:
            del counters[deeper]  # a new item restarts the levels below it
        text = levels[level][1]
        for index in range(level + 1):
            if index in levels:
                value = counters.get(index, levels[index][2])
                text = text.replace(f"%{index + 1}", _format_number(value, levels[index][0]))
        return text


def _docx_lines(document) -> list[str]:
    """Paragraphs (with Word's automatic list labels) and tables, in document order."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbers = _ListNumbers(document)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            text = paragraph.text
            lines.append(numbers.label(paragraph) + text if text.strip() else text)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, document)))
        elif child.tag == qn("w:sdt"):  # a content control: its paragraphs
            lines.extend("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in child.iter(qn("w:p")))
    return lines


def _read_docx(path: Path, name: str, data: bytes, source_format: str = "docx") -> DocumentText:
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise _fail(name, "文件已加密（设置了打开密码），请取消密码后重新上传")
        raise _fail(name, "文件实际是旧版 Word（.doc）格式，请另存为 .docx 后上传")
    if not zipfile.is_zipfile(path):
        raise _fail(name, "文件已损坏或不是有效的 .docx 文件")
    try:
        import docx

        document = docx.Document(str(path))
        lines = _docx_lines(document)
    except Exception as error:  # python-docx raises many kinds: bad zip, missing parts, bad XML
        raise _fail(name, f"文件已损坏或不是有效的 .docx 文件（{type(error).__name__}）") from None
    text = "\n".join(lines)
    if not text.strip():
        raise _fail(name, "文档中没有文字")
    return DocumentText(text, source_format, [])


# -- pdf -------------------------------------------------------------------------------------


def _read_pdf(path: Path, name: str, limits: ReadLimits) -> DocumentText:
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        warnings = []
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise _fail(name, "PDF 已加密（需要密码），请取消密码后重新上传")
            warnings.append("PDF 设有权限密码，已按无密码方式读取")
        declared = len(reader.pages)  # the page tree's own /Count: nothing is extracted yet
        if declared > limits.pages:
            raise LimitExceeded(f"文件“{name}”有{declared}页，超过上限（{limits.pages}页）")
        pages = [reader.pages[index].extract_text() or "" for index in range(declared)]
    except (UnreadableDocument, LimitExceeded):
        raise
    except Exception as error:  # pypdf raises many kinds for broken files
        raise _fail(name, f"PDF 文件已损坏或格式不正确（{type(error).__name__}）") from None
    if not pages:
        raise _fail(name, "PDF 没有页面")
    if not any(page.strip() for page in pages):
        raise _fail(name, "PDF 没有文字层，可能是扫描件，需要先进行 OCR 文字识别")
    for number, page in enumerate(pages, start=1):
        if not page.strip():
            warnings.append(f"第{number}页没有文字层（可能是扫描页），已跳过")
    return DocumentText("\n".join(pages), "pdf", warnings)


# -- doc / wps -------------------------------------------------------------------------------


def _read_via_libreoffice(path: Path, name: str, data: bytes) -> DocumentText:
    source_format = path.suffix.lower().lstrip(".")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise UnreadableDocument(_LIBREOFFICE_MISSING)
    if data.startswith(_OLE_MAGIC) and "EncryptionInfo".encode("utf-16-le") in data:
        raise _fail(name, "文件已加密（设置了打开密码），请取消密码后重新上传")
    with tempfile.TemporaryDirectory(prefix="rectify-convert-") as work:
        workdir = Path(work)
        source = workdir / f"input{path.suffix.lower()}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(workdir),
            str(source),
        ]
        try:
            subprocess.run(
                command, capture_output=True, timeout=180, check=False, preexec_fn=_lift_memory_limit
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise _fail(name, f"LibreOffice 转换失败（{type(error).__name__}）") from None
        converted = workdir / "input.docx"
        if not converted.exists():
            raise _fail(name, "LibreOffice 无法转换此文件，文件可能已损坏或已加密")
        check_file(converted, name=name)
        result = _read_docx(converted, name, converted.read_bytes(), source_format)
    return DocumentText(result.text, source_format, [f"已通过 LibreOffice 将 .{source_format} 转换为 .docx"])


# -- the entry point -------------------------------------------------------------------------


def _lift_memory_limit() -> None:
    """LibreOffice maps far more address space than it uses: the read's RLIMIT_AS would stop it starting."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def read_document(path: Path, *, name: str | None = None, limits: ReadLimits = LIMITS) -> DocumentText:
    """Read a document's text. Raises UnreadableDocument (Chinese message) for any bad input, LimitExceeded
    for a file over the read limits. `name`: the file's name as the user knows it (default: the path's)."""
    path = Path(path)
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        shown = suffix or "（无扩展名）"
        raise _fail(name, f"不支持的文件格式 {shown}，请上传 .docx、.pdf、.txt、.doc 或 .wps 文件")
    try:
        if not path.is_file():
            raise _fail(name, "文件不存在")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(name, f"文件过大（{size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）")
        data = path.read_bytes()
    except OSError as error:
        raise _fail(name, f"无法打开文件（{error.strerror or type(error).__name__}）") from None
    if not data.strip():
        raise _fail(name, "文件为空")
    check_file(path, name=name, limits=limits)
    if suffix == ".txt":
        result = _read_txt(name, data)
    elif suffix == ".docx":
        result = _read_docx(path, name, data)
    elif suffix == ".pdf":
        if not data.lstrip().startswith(b"%PDF"):
            raise _fail(name, "文件已损坏或不是有效的 PDF 文件")
        result = _read_pdf(path, name, limits)
    else:
        result = _read_via_libreoffice(path, name, data)
    lines = result.text.count("\n") + 1
    if lines > limits.lines:
        raise LimitExceeded(f"文件“{name}”的文字有{lines}行，超过上限（{limits.lines}行）")
    return result
