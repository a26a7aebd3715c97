"""The seed as it also arrives: .docx with tables, GB18030 text, half-width punctuation, collapsed
whitespace, traditional characters, junk lines, flattened tables — all parse to the same findings."""

import re
from datetime import date

import pytest

from ingest_helpers import (
    EXPECTED,
    check_schema,
    collapsed,
    finding_keys,
    half_width,
    internal_errors,
    seed_docx,
    seed_text,
    traditional,
    with_flattened_tables,
    with_junk,
)
from rectify.ingest.readers import read_document
from rectify.ingest.report import parse_report, report_to_dict


def assert_same_as_seed(report, *, headline: bool = True) -> None:
    assert internal_errors(report) == []
    assert finding_keys(report) == EXPECTED
    check_schema(report_to_dict(report), report.line_count)
    if headline:
        assert report.date == date(2023, 12, 25)
        assert report.as_of == date(2023, 10, 31)
        assert "昌吉回族自治州人民政府" in report.issuers
        assert "整改落实情况报告" in report.title
        assert report.summary["tasks_total"] == 25
        assert report.summary["tasks_completed"] == 16
        assert report.summary["tasks_on_schedule"] == 9
        assert report.summary["petitions_total"] == 181
        assert report.summary["petition_closure_rate"] == pytest.approx(0.989)


TEXT_VARIANTS = {
    "half_width": half_width,
    "collapsed": collapsed,
    "traditional": traditional,
    "junk": with_junk,
    "flattened_tables": with_flattened_tables,
    "half_width_collapsed": lambda text: collapsed(half_width(text)),
    "traditional_half_width_collapsed": lambda text: traditional(collapsed(half_width(text))),
    "junk_collapsed": lambda text: collapsed(with_junk(text)),
    "junk_flattened_traditional": lambda text: traditional(with_flattened_tables(with_junk(text))),
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "full_width_digits": lambda text: text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")),
    "indented_with_tabs": lambda text: "\n".join("\t  " + line for line in text.splitlines()),
}


@pytest.mark.parametrize("name", TEXT_VARIANTS)
def test_text_variant_parses_to_the_same_findings(name):
    report = parse_report(TEXT_VARIANTS[name](seed_text()))
    assert_same_as_seed(report)


def test_half_width_variant_really_is_half_width():
    text = half_width(seed_text())
    assert "，" not in text and "：" not in text and "整改时限:" in text


def test_collapsed_variant_is_one_line():
    text = collapsed(seed_text())
    assert "\n" not in text
    report = parse_report(text)
    assert report.line_count == 1
    assert {w.line for w in report.warnings} <= {0, 1}


def test_junk_lines_are_reported_not_dropped():
    text = with_junk(seed_text())
    report = parse_report(text)
    junk_lines = [
        n for n, line in enumerate(text.splitlines(), start=1) if line.startswith(("— ", "来源：", "http"))
    ]
    warned = {w.line for w in report.warnings}
    assert set(junk_lines) <= warned
    assert any("页码" in w.message for w in report.warnings)
    assert any("网址" in w.message for w in report.warnings)
    assert not any("来源" in f.text or "打印本页" in f.text for f in report.findings)
    assert "来源" not in report.narrative and "— 1 —" not in report.narrative


def test_without_attachment_markers_findings_still_come_from_the_list():
    text = "\n".join(line for line in seed_text().splitlines() if not line.strip().startswith("附件"))
    report = parse_report(text)
    assert_same_as_seed(report, headline=False)
    assert "提高政治站位" in report.narrative


def test_docx_with_tables(tmp_path):
    path = seed_docx(seed_text(), tmp_path / "report.docx")
    document = read_document(path)
    assert document.source_format == "docx"
    assert "十 | 同防同治要求落实不力" in document.text  # the table's rows, cells joined by " | "
    assert re.search(r"^十四、2022年1月28日", document.text, re.MULTILINE)  # the merged cell, once
    report = parse_report(document.text)
    assert_same_as_seed(report)
    assert report.findings[9].measures[1].text.startswith("严格落实《乌鲁木齐")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8"])
def test_encoded_text_file(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(seed_text().encode(encoding))
    document = read_document(path)
    assert document.text.lstrip("\ufeff") == document.text  # no BOM left
    assert_same_as_seed(parse_report(document.text))
