"""Properties on random and mangled text: parse_report never raises (nor falls back on its internal-error
guard), and report_to_dict always matches the schema, with warnings' lines within the input."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest_helpers import check_schema, internal_errors, seed_text
from rectify.ingest.report import parse_report, report_to_dict

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that steer the parser into its every branch.
TOKENS = [
    "一、",
    "十八、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "（3）",
    "一是",
    "二是",
    "序号3",
    "省序号：2",
    "市序号5",
    "整改时限：",
    "整改期限:",
    "整改进展情况：",
    "完成情况：",
    "整改措施：",
    "责任单位：",
    "问题：",
    "附件：",
    "附件1",
    "2023年12月25日",
    "二〇二三年十二月二十五日",
    "截至10月底",
    "截至目前",
    "今年底前",
    "立行立改，长期坚持",
    "已完成，长期坚持",
    "正在持续推进",
    "25项整改任务已完成16项",
    "181件信访件",
    "办结率达98.9%",
    "中共昌吉回族自治州委员会",
    "昌吉回族自治州人民政府",
    " | ",
    "序号 | 问题 | 整改时限 | 整改进展情况",
    "— 3 —",
    "第3页 共10页",
    "http://www.example.gov.cn/a.html",
    "来源：",
    "打印本页",
    "。",
    "，",
    " ",
    "\n",
    "\u3000",
    "\ufeff",
    "\x00",
    "\r",
    "\u2028",
]


@pytest.fixture(scope="module")
def seed_lines():
    return seed_text().splitlines()


def check(text: str) -> None:
    report = parse_report(text)
    assert internal_errors(report) == []
    assert report.line_count == len(text.splitlines())
    check_schema(report_to_dict(report), report.line_count)


@SETTINGS
@given(st.text())
def test_random_text(text):
    check(text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=80))
def test_random_tokens(parts):
    check("".join(parts))


@SETTINGS
@given(data=st.data(), separator=st.sampled_from(["\n", " ", "", "\r\n", " | "]))
def test_random_lines_mixing_fragments_of_the_seed(seed_lines, data, separator):
    line = st.sampled_from(seed_lines)
    fragment = st.builds(
        lambda text, a, b: text[min(a, b) : max(a, b)], line, st.integers(0, 80), st.integers(0, 80)
    )
    parts = data.draw(st.lists(st.one_of(line, fragment, st.sampled_from(TOKENS)), max_size=60))
    check(separator.join(parts))


@SETTINGS
@given(data=st.data())
def test_mangled_seed(seed_lines, data):
    lines = list(seed_lines)
    operations = data.draw(
        st.lists(
            st.tuples(st.sampled_from("dxsc"), st.integers(0, 10_000), st.integers(0, 10_000)), max_size=40
        )
    )
    for operation, i, j in operations:
        if not lines:
            break
        i, j = i % len(lines), j % len(lines)
        if operation == "d":  # delete a line
            del lines[i]
        elif operation == "x":  # duplicate a line elsewhere
            lines.insert(j, lines[i])
        elif operation == "s":  # swap two lines
            lines[i], lines[j] = lines[j], lines[i]
        else:  # cut a line in two
            cut = j % (len(lines[i]) + 1)
            lines[i : i + 1] = [lines[i][:cut], lines[i][cut:]]
    check("\n".join(lines))


@SETTINGS
@given(st.integers(0, 13_000), st.integers(0, 13_000))
def test_truncated_seed(start, length):
    text = seed_text()
    check(text[start : start + length])


def test_not_a_string_is_not_an_error():
    assert parse_report(None).findings == []  # type: ignore[arg-type]
    assert parse_report(b"\xe4\xb8\x80".decode()).findings == []


@pytest.mark.parametrize(
    "text",
    [
        "word " * 60_000,  # long run-on lines with many gaps and nothing to split at
        "中文 " * 60_000,
        "一、问题。 整改时限：2023年底前 整改进展情况：已完成 1.措施。 " * 6_000,
        "a | b | c\n" * 30_000,
        "1项 2件 " * 40_000,
    ],
    ids=["english", "cjk-spaced", "one-line-findings", "pipes", "counts"],
)
def test_large_pathological_input_parses_in_linear_time(text):
    # ~300 KB each: linear work takes a second or two; the quadratic slicing this guards against took minutes.
    started = time.perf_counter()
    report = parse_report(text)
    assert internal_errors(report) == []
    assert time.perf_counter() - started < 30
