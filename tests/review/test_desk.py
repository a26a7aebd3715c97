"""Review of issue 10, the desk (我的工作台): "the office sees the round board … and units that have not
reported"."""

from datetime import date

from rectify.ledger import services as ledger
from rectify.rounds import services
from review_support import client_for


def test_the_office_desk_shows_every_open_round_or_says_how_many_more(world):
    """A prefecture often has several inspections in rectification at once (a central round, its
    look-back, a provincial round, special inspections); "开启本辖区全部在办督察" opens one round each.
    The desk shows the first five (`office_open_rounds(user)[:5]`) and says nothing of the sixth and its
    units that have not reported."""
    w = world
    inspections = [w.inspection]
    for n in range(2, 7):
        inspection = ledger.inspection_create(
            actor=w.office,
            unit=w.pref,
            name=f"省级生态环境保护督察第{n}批",
            kind="provincial",
            round_number=n,
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
            title=f"第{n}批的任务",
            deadline_raw="2024年底前",
        )
        inspections.append(inspection)
    opened = services.rounds_open_for_area(
        actor=w.office, unit=w.pref, period="2023年10月", as_of=date(2023, 10, 31), due_on=date(2099, 1, 1)
    )
    assert len(opened) == 6
    page = client_for(w.office).get("/desk/").content.decode()
    shown = [r for r in opened if f"/rounds/{r.pk}/" in page]
    assert len(shown) == 6 or "还有" in page or "全部调度" in page, f"{len(shown)} of 6 rounds on the desk"


def test_the_office_desk_counts_a_returned_unit_once(world):
    """The desk's line for an open round: "共3个单位：已采纳0，待审0，已退回1，未报3" — the returned unit is
    counted under 已退回 and again under 未报 (WRITABLE_STATES), so the parts add up to more than the
    whole (the demo's desk: 共19个单位：已采纳5，待审4，已退回1，未报10)."""
    import re

    from review_support import fill_and_submit, open_round, submission_of

    w = world
    r = open_round(w)
    a = fill_and_submit(w.liaison, submission_of(r, w.county_a))
    services.submission_return(actor=w.office, submission=a, comment="请补充佐证材料")
    page = client_for(w.office).get("/desk/").content.decode()
    total, accepted, waiting, returned, missing = map(
        int, re.search(r"共(\d+)个单位：已采纳(\d+)，待审(\d+)，已退回(\d+)，未报(\d+)", page).groups()
    )
    assert accepted + waiting + returned + missing == total, (total, accepted, waiting, returned, missing)
