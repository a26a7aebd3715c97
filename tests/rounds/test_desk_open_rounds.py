"""The office's desk (我的工作台): its open rounds, each with figures that add up, and every open round
listed or counted."""

import re
from datetime import date

from rectify.ledger import services as ledger
from rectify.rounds import services
from rectify.rounds.views.desk import ROUNDS_SHOWN
from rounds_pages import client_for, fill_and_submit, open_round, submission_of

LINE = r"共(\d+)个单位：已采纳(\d+)，待审(\d+)，已退回(\d+)，未报(\d+)"


def more_inspections(w, n):
    """`n` more inspections of the prefecture in rectification, one task each (led by 北塔县)."""
    for number in range(2, n + 2):
        inspection = ledger.inspection_create(
            actor=w.office,
            unit=w.pref,
            name=f"省级生态环境保护督察第{number}批",
            kind="provincial",
            round_number=number,
            feedback_on=date(2022, 6, 1),
        )
        finding = ledger.finding_create(
            actor=w.office, inspection=inspection, number=1, label="一", text="问题"
        )
        ledger.task_create(
            actor=w.office,
            inspection=inspection,
            findings=[finding],
            lead_unit=w.county_b,
            number=1,
            title=f"第{number}批的任务",
            deadline_raw="2024年底前",
        )


def open_all(w):
    return services.rounds_open_for_area(
        actor=w.office, unit=w.pref, period="2023年10月", as_of=date(2023, 10, 31), due_on=date(2099, 1, 1)
    )


def test_the_office_desk_says_how_many_open_rounds_it_does_not_show_and_links_to_them(world):
    """A prefecture often has several inspections in rectification at once (a central round, its
    look-back, provincial rounds, special inspections); "开启本辖区全部在办督察" opens one round each."""
    w = world
    more_inspections(w, ROUNDS_SHOWN)
    opened = open_all(w)
    assert len(opened) == ROUNDS_SHOWN + 1
    page = client_for(w.office).get("/desk/").content.decode()
    shown = [r for r in opened if f'href="/rounds/{r.pk}/"' in page]
    assert len(shown) == ROUNDS_SHOWN
    assert '还有1个报送中的调度未列出，见<a href="/rounds/">全部调度</a>' in page
    listing = client_for(w.office).get("/rounds/").content.decode()
    assert all(f"/rounds/{r.pk}/" in listing for r in opened)


def test_the_office_desk_says_nothing_more_when_it_shows_every_open_round(world):
    w = world
    more_inspections(w, ROUNDS_SHOWN - 1)
    opened = open_all(w)
    page = client_for(w.office).get("/desk/").content.decode()
    assert all(f'href="/rounds/{r.pk}/"' in page for r in opened) and "还有" not in page


def test_the_office_desk_counts_a_returned_unit_once(world):
    """共3个单位：已采纳0，待审1，已退回1，未报1 — the returned unit under 已退回 only, so the parts add up
    to the whole; the units named below the line are those owing a submission, the returned one too."""
    w = world
    r = open_round(w)
    a = fill_and_submit(w.liaison, submission_of(r, w.county_a))
    services.submission_return(actor=w.office, submission=a, comment="请补充佐证材料")
    fill_and_submit(w.other_liaison, submission_of(r, w.county_b))
    page = client_for(w.office).get("/desk/").content.decode()
    assert re.search(LINE, page).groups() == ("3", "0", "1", "1", "1")
    assert "尚未报送（含已退回）：</span>石河县、州生态环境局" in page
