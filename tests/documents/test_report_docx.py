"""The progress report as .docx (rectify.documents.report_docx): the GB/T 9704 layout as python-docx reads
it back — page, margins, fonts and sizes of each kind of paragraph, the styles users keep typing in,
page numbers, the signature, the attachment — and its text, in order, through our own reader and parser."""

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from rectify.documents.content import AttachmentFinding, AttachmentMeasure, ReportContent, Section
from rectify.documents.report_docx import render_progress_report, title_lines
from rectify.ingest.readers import read_document
from rectify.ingest.report import parse_report

TITLE = "柳原州第二轮中央生态环境保护督察整改落实情况报告"
ATTACHMENT_TITLE = "柳原州贯彻落实第二轮中央生态环境保护督察报告具体问题整改进展情况"
OPENING = (
    "2023年4月，中央第三生态环境保护督察组向自治区反馈了督察意见。州委、州人民政府把整改作为重大政治任务，"
    "逐项压实责任。截至目前，反馈涉及柳原州的12项整改任务已完成7项，其余5项均达到序时进度要求。"
)
SECTIONS = (
    Section(
        "一、强化组织领导，压实整改责任",
        "（一）健全工作机制。成立由州委书记任组长的整改工作领导小组，每月调度一次整改进度。\n\n"
        "（二）严格督查考核。把整改完成情况纳入年度绩效考核，对进度滞后的单位发函督办。",
    ),
    Section(
        "二、聚焦突出问题，推动生态环境质量改善",
        "（一）打好蓝天保卫战。完成燃煤锅炉淘汰23台，城区PM2.5平均浓度同比下降8.1%。\n"
        "全州空气质量优良天数比例达到86.4%。",
    ),
)
CLOSING = "下一步，州委、州人民政府将持续巩固整改成效，确保各项任务按期完成。"
FINDINGS = (
    AttachmentFinding(
        label="一",
        text="部分县市对生态优先认识不到位，在工业园区招商中把关不严。",
        deadline="整改时限：立行立改，长期坚持",
        progress="整改进展情况：已完成，长期坚持",
        measures=(
            AttachmentMeasure(1, "开展专题学习12次，覆盖县处级以上干部430人次。"),
            AttachmentMeasure(2, "修订园区项目准入清单，退回不符合要求的项目3个。"),
        ),
    ),
    AttachmentFinding(
        label="二",
        text="石河县工业园区污水处理厂长期超负荷运行，出水氨氮超标。",
        deadline="2024年6月底前",  # without its label: the renderer adds 整改时限：
        progress="正在持续推进",
        measures=(
            AttachmentMeasure(1, "扩建工程已完成主体施工，设备安装进度80%。"),
            AttachmentMeasure(2, "对园区12家涉水企业开展排查，责令整改4家。"),
            AttachmentMeasure(3, "建成在线监测系统并与州生态环境局联网。"),
        ),
    ),
    AttachmentFinding(
        label="三",
        text="北塔县违规占用草原建设砂石料场，生态修复滞后。",
        deadline="整改时限：2025年底前",
        progress="整改进展情况：正在持续推进",
        measures=(AttachmentMeasure(1, "已拆除违规设施，完成植被恢复面积320亩。"),),
    ),
)


def make_content(**changes) -> ReportContent:
    fields = {
        "title": TITLE,
        "opening": OPENING,
        "sections": SECTIONS,
        "closing": CLOSING,
        "issuer": "中共柳原州委员会\n柳原州人民政府",
        "date": date(2023, 12, 25),
        "attachment_title": ATTACHMENT_TITLE,
        "findings": FINDINGS,
    }
    return ReportContent(**(fields | changes))


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return render_progress_report(make_content())


@pytest.fixture(scope="module")
def document(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


# -- helpers ---------------------------------------------------------------------------------------


def east_asia_font(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def effective(paragraph, name: str):
    """A paragraph_format attribute, from the paragraph or else up its style chain."""
    value = getattr(paragraph.paragraph_format, name)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, name)
        style = style.base_style
    return value


def ind_attr(paragraph, name: str) -> str | None:
    """A w:ind attribute (e.g. firstLineChars) from the paragraph or up its style chain."""
    elements = [paragraph._p]
    style = paragraph.style
    while style is not None:
        elements.append(style.element)
        style = style.base_style
    for element in elements:
        ind = element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if ind is not None and ind.get(qn(f"w:{name}")) is not None:
            return ind.get(qn(f"w:{name}"))
    return None


def paragraph_starting(document, prefix: str):
    return next(p for p in document.paragraphs if p.text.startswith(prefix))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


# -- the page -------------------------------------------------------------------------------------


def test_page_is_a4_with_gbt_9704_margins(document):
    section = document.sections[0]
    assert len(document.sections) == 1
    for length, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(length - Mm(mm)) <= Mm(0.5), (length.mm, mm)
    text_width = Emu(section.page_width - section.left_margin - section.right_margin)
    text_height = Emu(section.page_height - section.top_margin - section.bottom_margin)
    assert round(text_width.mm) == 156 and round(text_height.mm) == 225  # 版心


def test_22_lines_of_28_characters(document):
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"  # 28.95 pt
    text_height = Emu(document.sections[0].page_height - Mm(37) - Mm(35))
    assert int(text_height.pt // 28.95) == 22
    # 3号 text is condensed so that 28 characters fit the 156 mm line
    normal_rpr = document.styles["Normal"].element.rPr
    spacing = int(normal_rpr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert spacing < 0 and 28 * (16 + spacing) <= Mm(156).pt < 28 * 16


def test_normal_style_and_defaults_keep_typed_text_in_fangsong_3hao(document):
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.name == "Times New Roman"  # digits and Latin letters
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would override the names
    size = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    assert size.get(qn("w:val")) == "32"
    assert document.settings.element.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"


def test_every_run_names_its_east_asian_and_latin_fonts(document):
    runs = [r for p in document.paragraphs for r in p.runs]
    section = document.sections[0]
    runs += [
        r for footer in (section.footer, section.even_page_footer) for p in footer.paragraphs for r in p.runs
    ]
    assert len(runs) > 30
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")), run.text
        assert fonts.get(qn("w:ascii")) and fonts.get(qn("w:hAnsi")), run.text
        assert fonts.get(qn("w:hint")) == "eastAsia"
        assert run.font.size is not None


# -- the paragraphs -------------------------------------------------------------------------------


def test_title_in_xiaobiaosong_2hao_centred_and_broken_like_the_seed(document):
    title = document.paragraphs[0]
    assert title.text == "柳原州第二轮中央生态环境保护督察\n整改落实情况报告"  # a manual line break (w:br)
    assert [east_asia_font(r) for r in title.runs] == ["方正小标宋简体"]
    assert all(r.font.size == Pt(22) for r in title.runs)
    assert effective(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert not effective(title, "first_line_indent")
    assert document.paragraphs[1].text == ""  # a blank line below the title
    assert document.paragraphs[2].text == OPENING


def test_body_paragraph_in_fangsong_3hao_indented_two_characters(document):
    body = document.paragraphs[2]
    assert [east_asia_font(r) for r in body.runs] == ["仿宋_GB2312"]
    assert all(r.font.size == Pt(16) for r in body.runs)
    assert all(r.runs[0].font.name == "Times New Roman" for r in [body])
    assert effective(body, "first_line_indent") == Pt(32)
    assert ind_attr(body, "firstLineChars") == "200"
    assert effective(body, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert effective(body, "line_spacing") == Pt(28.95)
    assert effective(body, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY


def test_first_level_headings_in_heiti(document):
    for section in SECTIONS:
        heading = paragraph_starting(document, section.heading)
        assert heading.text == section.heading
        assert [east_asia_font(r) for r in heading.runs] == ["黑体"]
        assert all(r.font.size == Pt(16) and not r.bold for r in heading.runs)
        assert ind_attr(heading, "firstLineChars") == "200"
        outline = heading.style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        assert outline.get(qn("w:val")) == "0"  # in Word's navigation pane


def test_second_level_lead_in_kaiti_and_the_rest_in_fangsong(document):
    paragraph = paragraph_starting(document, "（一）健全工作机制。")
    lead, rest = paragraph.runs
    assert lead.text == "（一）健全工作机制。" and east_asia_font(lead) == "楷体_GB2312"
    assert rest.text.startswith("成立由州委书记") and east_asia_font(rest) == "仿宋_GB2312"
    assert not lead.bold and lead.font.size == Pt(16)
    assert effective(paragraph, "first_line_indent") == Pt(32)
    # a line without a lead in a section is plain 仿宋
    plain = paragraph_starting(document, "全州空气质量优良天数")
    assert [east_asia_font(r) for r in plain.runs] == ["仿宋_GB2312"]


def test_attachment_note_signature_and_date(document):
    all_texts = texts(document)
    date_index = all_texts.index("2023年12月25日")
    assert all_texts[date_index - 3 : date_index + 1] == [
        CLOSING,
        f"附件：{ATTACHMENT_TITLE}",
        "\t中共柳原州委员会\t柳原州人民政府",  # 联合行文: side by side, in their order
        "2023年12月25日",
    ]
    note = paragraph_starting(document, "附件：")
    assert (
        ind_attr(note, "leftChars") == "500" and ind_attr(note, "hangingChars") == "300"
    )  # 左空二字, 回行对齐
    date_paragraph = paragraph_starting(document, "2023年12月25日")
    assert effective(date_paragraph, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    assert effective(date_paragraph, "right_indent") == Pt(64)  # 右空四字
    assert ind_attr(date_paragraph, "rightChars") == "400"
    signature = paragraph_starting(document, "\t中共柳原州委员会")
    for paragraph in (signature, date_paragraph):
        assert [east_asia_font(r) for r in paragraph.runs] == ["仿宋_GB2312"] * len(paragraph.runs)
    # two blank lines between the attachment note and the signature (room for the seal)
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text.startswith("\t中共柳原州委员会"))
    assert [p.text for p in paragraphs[index - 2 : index]] == ["", ""]


# -- the signature: GB/T 9704-2012 §7.3.5.1 ---------------------------------------------------------

CHAR_PT = (210 - 28 - 26) / 25.4 * 72 / 28  # one character of the 28-a-line 版心, in points
TEXT_WIDTH_PT = CHAR_PT * 28


def signature_layout(issuer: str, day: date = date(2023, 12, 25)):
    """[(names, [centre of each tab stop in characters])] per issuer row, and the date's centre."""
    document = Document(io.BytesIO(render_progress_report(make_content(issuer=issuer, date=day))))
    paragraphs = document.paragraphs
    date_text = f"{day.year}年{day.month}月{day.day}日"
    date_index = max(i for i, p in enumerate(paragraphs) if p.text == date_text)
    date_paragraph = paragraphs[date_index]
    date_width = sum(0.5 if ch.isascii() else 1 for ch in date_text)
    right_pt = effective(date_paragraph, "right_indent").pt
    assert right_pt == 64  # 右空四字 (four characters of 3号)
    assert effective(date_paragraph, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    date_centre = (TEXT_WIDTH_PT - right_pt) / CHAR_PT - date_width / 2
    rows = []
    for paragraph in reversed(paragraphs[:date_index]):  # up to the attachment note
        if paragraph.text and not paragraph.text.startswith("\t"):
            break
        if paragraph.text:
            stops = list(paragraph.paragraph_format.tab_stops)
            assert [s.alignment for s in stops] == [WD_TAB_ALIGNMENT.CENTER] * len(stops)
            names = paragraph.text.split("\t")[1:]
            assert len(names) == len(stops)
            rows.insert(0, (names, [s.position.pt / CHAR_PT for s in stops]))
    return rows, date_centre


def test_a_single_issuer_is_centred_over_the_date_set_four_characters_in():
    rows, date_centre = signature_layout("柳原州人民政府")
    assert rows == [(["柳原州人民政府"], [pytest.approx(date_centre, abs=0.01)])]


def test_joint_issuers_side_by_side_in_order_the_last_over_the_date():
    rows, date_centre = signature_layout("中共柳原州委\n柳原州人民政府")
    assert len(rows) == 1  # one row: 中共××州委 and ××州人民政府 side by side, not one over the other
    names, centres = rows[0]
    assert names == ["中共柳原州委", "柳原州人民政府"]
    assert centres[-1] == pytest.approx(date_centre, abs=0.01)  # 最后一个印章居中下压署名和成文日期
    seal_chars = 45 / (CHAR_PT / 72 * 25.4)
    assert centres[1] - centres[0] > seal_chars  # the two seals neither touch nor cross
    assert centres[0] - seal_chars / 2 >= 0  # and stay inside the 版心
    assert centres[0] - 3 >= 0 and centres[1] + 3.5 <= 28  # so do the names


def test_many_joint_issuers_in_neat_rows_the_last_row_over_the_date():
    issuers = ["中共柳原州委员会", "柳原州人民政府", "柳原州政协", "柳原州纪委"]
    rows, date_centre = signature_layout("\n".join(issuers))
    assert [names for names, _ in rows] == [issuers[:2], issuers[2:]]
    assert rows[0][1] == rows[1][1]  # the same columns
    assert rows[-1][1][-1] == pytest.approx(date_centre, abs=0.01)


def test_date_in_arabic_numerals_without_leading_zeros():
    document = Document(io.BytesIO(render_progress_report(make_content(date=date(2024, 1, 5)))))
    assert "2024年1月5日" in texts(document)


def test_attachment_on_its_own_page(document):
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "附件")
    label = paragraphs[index]
    assert paragraphs[index - 1].text == "2023年12月25日"  # after the signature
    assert label.paragraph_format.page_break_before is True
    assert [east_asia_font(r) for r in label.runs] == ["黑体"] and label.runs[0].font.size == Pt(16)
    assert effective(label, "alignment") == WD_ALIGN_PARAGRAPH.LEFT and not effective(
        label, "first_line_indent"
    )
    assert paragraphs[index + 1].text == ""  # the title on the third line
    title = paragraphs[index + 2]
    assert title.text == "柳原州贯彻落实第二轮\n中央生态环境保护督察报告\n具体问题整改进展情况"  # 倒梯形
    assert [east_asia_font(r) for r in title.runs] == ["方正小标宋简体"] and title.runs[0].font.size == Pt(22)
    assert effective(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert sum(1 for p in paragraphs if p.paragraph_format.page_break_before) == 1


def test_attachment_lists_every_finding_deadline_progress_and_measure_in_order(document):
    all_texts = texts(document)
    start = all_texts.index("附件") + 2
    assert all_texts[start:] == [
        "一、部分县市对生态优先认识不到位，在工业园区招商中把关不严。",
        "整改时限：立行立改，长期坚持",
        "整改进展情况：已完成，长期坚持",
        "1.开展专题学习12次，覆盖县处级以上干部430人次。",
        "2.修订园区项目准入清单，退回不符合要求的项目3个。",
        "二、石河县工业园区污水处理厂长期超负荷运行，出水氨氮超标。",
        "整改时限：2024年6月底前",
        "整改进展情况：正在持续推进",
        "1.扩建工程已完成主体施工，设备安装进度80%。",
        "2.对园区12家涉水企业开展排查，责令整改4家。",
        "3.建成在线监测系统并与州生态环境局联网。",
        "三、北塔县违规占用草原建设砂石料场，生态修复滞后。",
        "整改时限：2025年底前",
        "整改进展情况：正在持续推进",
        "1.已拆除违规设施，完成植被恢复面积320亩。",
    ]


def test_attachment_fonts_labels_in_heiti_values_in_fangsong(document):
    finding = paragraph_starting(document, "一、部分县市")
    assert [(r.text, east_asia_font(r)) for r in finding.runs] == [
        ("一、", "黑体"),
        ("部分县市对生态优先认识不到位，在工业园区招商中把关不严。", "仿宋_GB2312"),
    ]
    deadline = paragraph_starting(document, "整改时限：2024")
    assert [(r.text, east_asia_font(r)) for r in deadline.runs] == [
        ("整改时限：", "黑体"),
        ("2024年6月底前", "仿宋_GB2312"),
    ]
    progress = paragraph_starting(document, "整改进展情况：已完成")
    assert [east_asia_font(r) for r in progress.runs] == ["黑体", "仿宋_GB2312"]
    measure = paragraph_starting(document, "1.开展专题学习")
    assert [east_asia_font(r) for r in measure.runs] == ["仿宋_GB2312"]
    for paragraph in (finding, deadline, progress, measure):
        assert all(r.font.size == Pt(16) and not r.bold for r in paragraph.runs)
        assert effective(paragraph, "first_line_indent") == Pt(32)


# -- page numbers and properties --------------------------------------------------------------------


def test_page_numbers_in_songti_4hao_odd_right_even_left(document):
    assert document.settings.odd_and_even_pages_header_footer is True
    section = document.sections[0]
    assert section.different_first_page_header_footer is False  # page 1 is numbered too
    for footer, alignment, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        assert not footer.is_linked_to_previous
        (paragraph,) = footer.paragraphs
        assert paragraph.alignment == alignment
        assert getattr(paragraph.paragraph_format, f"{side}_indent") == Pt(14)  # 空一字
        instructions = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert paragraph.text == "— 1 —"  # the field's cached result between the 一字线
        assert {east_asia_font(r) for r in paragraph.runs} == {"宋体"}
        assert {r.font.size for r in paragraph.runs} == {Pt(14)}
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None


def test_core_properties(document):
    props = document.core_properties
    assert props.title == TITLE
    assert props.author == "中共柳原州委员会、柳原州人民政府"
    assert props.language == "zh-CN"


# -- variants -------------------------------------------------------------------------------------


def test_title_lines():
    assert title_lines("昌吉回族自治州第二轮中央生态环境保护督察整改落实情况报告") == [
        "昌吉回族自治州第二轮中央生态环境保护督察",
        "整改落实情况报告",
    ]
    assert title_lines("昌吉回族自治州贯彻落实第二轮中央生态环境保护督察报告具体问题整改进展情况") == [
        "昌吉回族自治州贯彻落实第二轮",
        "中央生态环境保护督察报告",
        "具体问题整改进展情况",
    ]
    assert title_lines("柳原州整改落实情况报告") == ["柳原州整改落实情况报告"]  # fits on one line
    assert title_lines("柳原州第二轮中央\n生态环境保护督察整改落实情况报告") == [
        "柳原州第二轮中央",
        "生态环境保护督察整改落实情况报告",
    ]  # a manual break wins
    no_phrase = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地"
    assert title_lines(no_phrase) == [no_phrase]  # nowhere good to break: Word wraps it


def test_report_without_findings_has_no_attachment():
    document = Document(io.BytesIO(render_progress_report(make_content(findings=()))))
    all_texts = texts(document)
    assert "附件" not in all_texts and not any(t.startswith("附件：") for t in all_texts)
    assert all_texts[-2:] == ["\t中共柳原州委员会\t柳原州人民政府", "2023年12月25日"]
    assert not any(p.paragraph_format.page_break_before for p in document.paragraphs)


def test_awkward_text_is_kept_safe():
    finding = AttachmentFinding(
        label="一、",  # label with its punctuation
        text="一、问题\x0b文本\t含控制字符\r\n第二段。",  # text repeating its label, a second paragraph
        deadline="",
        progress="已完成\n该企业已完成整改，相关部门开展了执法监测。",  # status, then unnumbered progress
        measures=(AttachmentMeasure(0, "未编号的进展。"), AttachmentMeasure(2, "2.已编号的措施。")),
    )
    content = make_content(findings=(finding,), issuer="柳原州人民政府", opening="<b>&amp;</b>")
    document = Document(io.BytesIO(render_progress_report(content)))
    all_texts = texts(document)
    assert "<b>&amp;</b>" in all_texts
    start = all_texts.index("附件") + 2
    assert all_texts[start:] == [
        "一、问题文本 含控制字符",
        "第二段。",
        "整改进展情况：已完成",
        "该企业已完成整改，相关部门开展了执法监测。",
        "未编号的进展。",
        "2.已编号的措施。",
    ]
    assert document.core_properties.author == "柳原州人民政府"


def test_round_trip_through_our_reader_and_parser(docx_bytes, tmp_path: Path):
    """The generated .docx read back by rectify.ingest: the same findings, deadlines, statuses and measures."""
    path = tmp_path / "report.docx"
    path.write_bytes(docx_bytes)
    report = parse_report(read_document(path).text)
    assert report.title == TITLE
    assert [(f.label, f.text) for f in report.findings] == [(f.label, f.text) for f in FINDINGS]
    assert [f.deadline.raw for f in report.findings] == ["立行立改，长期坚持", "2024年6月底前", "2025年底前"]
    assert [f.status_raw for f in report.findings] == ["已完成，长期坚持", "正在持续推进", "正在持续推进"]
    assert [[(m.number, m.text) for m in f.measures] for f in report.findings] == [
        [(m.number, m.text) for m in f.measures] for f in FINDINGS
    ]
