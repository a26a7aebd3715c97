""".docx → PDF through LibreOffice headless, when it is installed.

    docx_to_pdf(docx_bytes, *, timeout=120) -> bytes     # raises PdfUnavailable / PdfConversionFailed
    pdf_available() -> bool

Each conversion runs `soffice --headless --convert-to pdf` in its own temporary directory with its own
LibreOffice profile (-env:UserInstallation=file:///tmp/…), so parallel conversions (two workers, a
worker and a test run) never share or lock a profile. soffice runs in its own process group, killed
whole on a timeout (soffice forks soffice.bin, which a plain kill would leave behind).

Fonts: the report names the fonts Chinese offices have (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312,
宋体). A server seldom has them; fontconfig then falls back to whatever CJK font it finds, often a sans
face for everything. A private fontconfig file (the system's configuration plus one rule per office
font that is not installed) makes the fallback faithful to the kind of face: 仿宋/宋体 → Noto Serif CJK
SC, 方正小标宋 → Noto Serif CJK SC Bold, 黑体 → Noto Sans CJK SC (Debian's fonts-noto-cjk), 楷体 → AR PL
UKai CN (fonts-arphic-ukai) if installed, else the serif; the Windows names (FangSong, SimSun, SimHei,
KaiTi) likewise. Fonts that are installed are left alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

PDF_UNAVAILABLE_MESSAGE = "生成PDF需要安装LibreOffice（soffice）及中文字体（如 fonts-noto-cjk）"


class PdfUnavailable(RuntimeError):
    """LibreOffice (or a Chinese font for it) is not installed here."""

    def __init__(self, message: str = PDF_UNAVAILABLE_MESSAGE) -> None:
        super().__init__(message)


class PdfConversionFailed(RuntimeError):
    """LibreOffice ran but gave no PDF (a damaged document, a crash, or a timeout)."""


_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "Noto Sans CJK SC")
_SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC")
_KAI = ("AR PL UKai CN", *_SERIF)
# The office font → the faces that stand in for it (in order), and whether to ask for bold: 小标宋 is
# a heavy Song face, closer to a bold serif than to a regular one.
_FALLBACKS: dict[str, tuple[tuple[str, ...], bool]] = {
    "仿宋_GB2312": (("仿宋", "FangSong", *_SERIF), False),
    "仿宋": (("FangSong", *_SERIF), False),
    "FangSong": (_SERIF, False),
    "方正小标宋简体": (("方正小标宋_GBK", "华文中宋", "STZhongsong", *_SERIF), True),
    "方正小标宋_GBK": (_SERIF, True),
    "宋体": (("SimSun", *_SERIF), False),
    "SimSun": (_SERIF, False),
    "楷体_GB2312": (("楷体", "KaiTi", *_KAI), False),
    "楷体": (("KaiTi", *_KAI), False),
    "KaiTi": (_KAI, False),
    "黑体": (("SimHei", *_SANS), False),
    "SimHei": (_SANS, False),
}


def soffice_path() -> str | None:
    """The LibreOffice binary on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _chinese_families() -> set[str] | None:
    """The families of the Chinese fonts fontconfig knows (None when fc-list is not there to ask)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        result = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return {name.strip() for line in result.stdout.splitlines() for name in line.split(",") if name.strip()}


def pdf_available() -> bool:
    """Whether docx_to_pdf can work here: soffice on PATH and a Chinese font installed."""
    return soffice_path() is not None and _chinese_families() != set()


def _fontconfig_file(directory: Path, installed: set[str] | None) -> Path:
    """A fontconfig file: the system's configuration, then fallbacks for the office fonts that are
    not installed (those that are, are left alone)."""
    rules = []
    for family, (fallbacks, bold) in _FALLBACKS.items():
        if installed is not None and family in installed:
            continue
        accepted = "".join(f"<string>{escape(name)}</string>" for name in fallbacks)
        weight = '<edit name="weight" mode="assign" binding="same"><const>bold</const></edit>' if bold else ""
        rules.append(
            f'  <match target="pattern"><test name="family"><string>{escape(family)}</string></test>'
            f'<edit name="family" mode="append" binding="same">{accepted}</edit>{weight}</match>'
        )
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(system)}</include>\n'
        + "\n".join(rules)
        + "\n</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def docx_to_pdf(docx_bytes: bytes, *, timeout: float = 120) -> bytes:
    """The PDF LibreOffice makes of the .docx. Raises PdfUnavailable when LibreOffice or a Chinese
    font is missing, PdfConversionFailed when it fails or takes longer than `timeout` seconds."""
    soffice = soffice_path()
    installed = _chinese_families() if soffice else None
    if soffice is None or installed == set():
        raise PdfUnavailable()
    with tempfile.TemporaryDirectory(prefix="rectify-pdf-") as work:
        workdir = Path(work)
        source = workdir / "report.docx"
        source.write_bytes(docx_bytes)
        outdir = workdir / "out"
        outdir.mkdir()
        command = [
            soffice,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            str(source),
        ]
        env = {
            **os.environ,
            "FONTCONFIG_FILE": str(_fontconfig_file(workdir, installed)),
            "HOME": str(workdir),
        }
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=workdir,
                start_new_session=True,  # its own process group, so a timeout kills soffice.bin too
            )
        except OSError as error:
            raise PdfConversionFailed(f"无法启动 LibreOffice（{error}）") from None
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise PdfConversionFailed(f"LibreOffice 转换 PDF 超时（超过 {timeout:g} 秒）") from None
        target = outdir / "report.pdf"
        data = target.read_bytes() if target.exists() else b""
        if not data.startswith(b"%PDF-"):
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            tail = f"：{detail[-1][:200]}" if detail else ""
            raise PdfConversionFailed(f"LibreOffice 未能生成 PDF（退出码 {process.returncode}）{tail}")
        return data


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()
