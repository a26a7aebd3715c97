"""Random text, and random mixes of the genres' marker words, never make parse_document (or
genre_of) raise or fall back on its internal-error guard; the result always matches the schema."""

from genre_fields import expected_all, fixture_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest_helpers import check_schema, internal_errors
from rectify.ingest.report import GENRES, genre_of, parse_document, report_to_dict

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MARKERS = [
    "关于",
    "“",
    "”",
    '"',
    "的问题",
    "整改进展情况：",
    "整改进展情况:",
    "整改时限：",
    "整改期限",
    "整改目标",
    "整改措施",
    "整改措施落实情况",
    "整改完成时间",
    "责任单位",
    "一、反馈问题",
    "二、整改目标",
    "三、整改措施",
    "四、整改期限",
    "五、整改措施落实情况",
    "六、整改完成时间",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "1、",
    "整改完成情况公示",
    "验收销号公示",
    "公示期为7天",
    "10个工作日",
    "公示时间：",
    "至",
    "如有异议",
    "向",
    "反映",
    "联系人：",
    "联系电话：",
    "0990-5551234",
    "自行验收",
    "提交市级验收",
    "通过验收",
    "通过州级验收",
    "序号8（市序号9）",
    "省序号28",
    "市序号",
    "第7项",
    "（序号十）",
    "整改任务 | 责任单位 | 整改目标 | 整改措施及成效 | 整改时间 | 社会监督联系人及电话",
    "问题序号 | 具体内容 | 整改目标 | 整改措施 | 完成情况 | 责任单位 | 完成时限",
    " | ",
    "|",
    "｜",
    "94项整改任务已完成55项",
    "占总任务的58.5%",
    "基本完成6项",
    "其余9项正在按序时推进",
    "交办的87件信访件已办结80件、阶段性办结7件",
    "*项",
    "*年*月*日",
    "***",
    "（填写反馈问题原文）",
    "(已完成/达到序时进度)",
    "*",
    "2024年1月8日",
    "1月19日",
    "2023年11月",
    "截至2024年3月底",
    "已完成",
    "达到序时进度",
    "正在推进",
    "。",
    "，",
    ",",
    ";",
    " ",
    "\n",
    "\r\n",
    "\u3000",
    "\x00",
    "\ufeff",
]


def check(text: str) -> None:
    assert genre_of(text) in GENRES
    report = parse_document(text)
    assert report.genre in GENRES
    assert internal_errors(report) == []
    check_schema(report_to_dict(report), report.line_count)


@SETTINGS
@given(st.text())
def test_random_text(text):
    check(text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(MARKERS), st.text(max_size=8)), max_size=80))
def test_random_mixes_of_the_genres_marker_words(parts):
    check("".join(parts))


FIXTURE_LINES = [line for name in expected_all() for line in fixture_text(name).splitlines() if line.strip()]


@SETTINGS
@given(
    st.lists(st.one_of(st.sampled_from(FIXTURE_LINES), st.sampled_from(MARKERS)), max_size=40),
    st.sampled_from(["\n", " ", ""]),
)
def test_random_mixes_of_the_fixtures_lines(parts, separator):
    check(separator.join(parts))


@SETTINGS
@given(st.sampled_from(sorted(expected_all())), st.integers(0, 2000), st.integers(0, 2000))
def test_truncated_fixtures(name, start, length):
    check(fixture_text(name)[start : start + length])


def test_every_genre_reader_on_every_fixture():
    for name in expected_all():
        for genre in GENRES:
            report = parse_document(fixture_text(name), genre=genre)
            assert internal_errors(report) == [], (name, genre)
            check_schema(report_to_dict(report), report.line_count)
