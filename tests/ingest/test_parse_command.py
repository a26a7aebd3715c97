"""`rectify parse FILE [--json]`."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ingest_helpers import EXPECTED, SEED, check_schema, seed_docx, seed_text
from support import shared_file

ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> str:
    out = StringIO()
    call_command("parse", *args, stdout=out)
    return out.getvalue()


def assert_seed_json(data: dict) -> None:
    check_schema(data, data["line_count"])
    assert data["title"] == "昌吉回族自治州第二轮中央生态环境保护督察整改落实情况报告"
    assert data["date"] == "2023-12-25" and data["as_of"] == "2023-10-31"
    assert "昌吉回族自治州人民政府" in data["issuers"]
    summary = data["summary"]
    assert (summary["tasks_total"], summary["tasks_completed"], summary["tasks_on_schedule"]) == (25, 16, 9)
    assert summary["petitions_total"] == 181 and summary["petition_closure_rate"] == 0.989
    assert any(c["value"] == 272 and c["unit"] == "件" for c in summary["counts"])
    got = [
        (
            f["number"],
            f["label"],
            f["deadline"]["kind"],
            f["deadline"]["end"],
            f["status"]["code"],
            len(f["measures"]),
        )
        for f in data["findings"]
    ]
    assert got == [
        (n, label, kind, end and end.isoformat(), code, m) for n, label, kind, end, code, m in EXPECTED
    ]


def test_json_of_the_seed():
    data = json.loads(run(str(shared_file(SEED)), "--json"))
    assert_seed_json(data)
    assert data["source"]["format"] == "txt" and data["source"]["warnings"] == []
    assert data["warnings"] == []


def test_json_is_not_ascii_escaped():
    assert "整改落实情况报告" in run(str(shared_file(SEED)), "--json")


def test_json_of_the_seed_as_docx(tmp_path):
    path = seed_docx(seed_text(), tmp_path / "seed.docx")
    data = json.loads(run(str(path), "--json"))
    assert_seed_json(data)
    assert data["source"]["format"] == "docx"


def test_human_summary():
    out = run(str(shared_file(SEED)))
    assert "标题：昌吉回族自治州第二轮中央生态环境保护督察整改落实情况报告" in out
    assert "成文日期：2023-12-25" in out and "数据截至：2023-10-31" in out
    assert "整改任务总数25，已完成16，达到序时进度9" in out and "办结率98.9%" in out
    assert "反馈问题：18个" in out
    assert "  一、时限：立行立改、长期坚持；进展：已完成，长期坚持（completed_ongoing）；措施4条" in out
    assert "  四、时限：日期，截止2024-06-30；进展：正在持续推进（in_progress）；措施2条" in out
    assert "警告：0条" in out


def test_human_summary_lists_warnings(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("一、问题。\n— 3 —\n整改进展情况：已完成\n", encoding="utf-8")
    out = run(str(path))
    assert "第2行：已忽略页码行" in out and "未找到整改时限" in out


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("missing.txt", None, "文件不存在"),
        ("empty.txt", b"", "文件为空"),
        ("bad.docx", b"not a zip", "损坏"),
        ("bad.pdf", b"%PDF-1.4 nonsense", "损坏"),
        ("report.xyz", b"x", "不支持的文件格式"),
    ],
)
def test_bad_file_is_a_command_error_with_status_2(tmp_path, name, data, problem):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(CommandError) as raised:
        run(str(path), "--json")
    assert raised.value.returncode == 2
    assert name in str(raised.value) and problem in str(raised.value)


def test_exit_status_and_stderr_from_the_command_line(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "rectify.cli", "parse", str(tmp_path / "missing.pdf"), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "missing.pdf" in result.stderr and "文件不存在" in result.stderr
