"""A province's round on pages: the board in pages of units whose counts stay those of the whole round,
and a long form whose lines load in parts (everything typed is still shown after a refused save)."""

import re
from datetime import date

import pytest

from rectify.rounds import selectors
from rectify.rounds.lifecycle import WRITABLE_STATES, SubmissionState
from rectify.rounds.models import DispatchRound, Submission
from rectify.rounds.views import submission as form_views
from rounds_pages import client_for, open_round, submission_of

UNITS = re.compile(r'data-testid="board-row" data-unit="([^"]+)"')
HEADLINE = re.compile(r'data-testid="board-counts">([^<]+)<')


def _past_due(r):
    DispatchRound.objects.filter(pk=r.pk).update(due_on=date(2023, 1, 1))
    r.refresh_from_db()
    return r


def _submit(w, own):
    from rectify.rounds import services

    lines = {line.task_id: {"progress_text": "已完成"} for line in own.lines.all()}
    own = services.submission_save_draft(actor=w.liaison, submission=own, lines=lines)
    return services.submission_submit(actor=w.liaison, submission=own)


def _recount(r) -> str:
    """The headline as a recount of the round's submissions says it."""
    n = {state.value: Submission.objects.filter(round=r, state=state).count() for state in SubmissionState}
    late = Submission.objects.filter(round=r, late=True).count()
    total = Submission.objects.filter(round=r).count()
    return (
        f"共{total}个单位：已采纳{n['accepted']}，领导已审核{n['confirmed']}，已报送{n['submitted']}，"
        f"已退回{n['returned']}，填报中{n['draft']}，未填报{n['not_started']}；逾期报送{late}。"
    )


def test_the_board_pages_its_units_and_counts_the_whole_round_on_every_page(world, monkeypatch):
    monkeypatch.setattr(selectors, "BOARD_PAGE_SIZE", 1)
    r = _past_due(open_round(world))
    _submit(world, submission_of(r, world.county_a))
    office = client_for(world.office)
    seen = []
    for number in (1, 2, 3):
        page = office.get(f"/rounds/{r.pk}/?page={number}").content.decode()
        assert len(UNITS.findall(page)) == 1
        seen += UNITS.findall(page)
        assert HEADLINE.search(page).group(1) == _recount(r)  # the same truthful totals on each page
        assert f"第{number}页，共3页（本页{number}–{number}，共3个单位）" in page
        assert ("下一页" in page) == (number < 3) and ("上一页" in page) == (number > 1)
    assert sorted(seen) == sorted(s.unit.name for s in Submission.objects.filter(round=r))
    assert UNITS.findall(office.get(f"/rounds/{r.pk}/?page=99").content.decode()) == [seen[-1]]

    overdue = Submission.objects.filter(round=r, state__in=WRITABLE_STATES).count()
    assert overdue == 2
    page = office.get(f"/rounds/{r.pk}/?state=overdue").content.decode()
    assert f"逾期未报 {overdue}" in page and "第1页，共2页" in page
    assert 'href="?state=overdue&amp;page=2"' in page  # the filter is kept from page to page
    second = office.get(f"/rounds/{r.pk}/?state=overdue&page=2").content.decode()
    assert UNITS.findall(second) and UNITS.findall(second)[0] not in UNITS.findall(page)
    assert "石河县" not in UNITS.findall(page) + UNITS.findall(second)  # it submitted


def test_the_desk_counts_every_unit_and_names_the_first_missing(world, monkeypatch):
    monkeypatch.setattr(selectors, "BOARD_PAGE_SIZE", 1)
    monkeypatch.setattr("rectify.rounds.views.desk.MISSING_SHOWN", 1)
    r = _past_due(open_round(world))
    _submit(world, submission_of(r, world.county_a))
    page = client_for(world.office).get("/desk/").content.decode()
    assert Submission.objects.filter(round=r, late=True).count() == 1  # submitted after the due date
    assert "共3个单位：已采纳0，待审1，已退回0，未报2；逾期报送1" in page
    assert "等2个单位" in page and f"/rounds/{r.pk}/?state=overdue" in page


@pytest.fixture
def parts(monkeypatch):
    monkeypatch.setattr(form_views, "FORM_PART", 1)


def test_a_long_form_shows_its_first_part_and_loads_the_rest(world, parts):
    own = submission_of(open_round(world), world.county_a)  # task 1 led, task 2 cooperated on
    liaison = client_for(world.liaison)
    page = liaison.get(f"/rounds/submissions/{own.pk}/").content.decode()
    assert "牵头任务（1项）" in page and 'data-task="1"' in page and 'data-task="2"' not in page
    more = f"/rounds/submissions/{own.pk}/lines/?from=1"
    assert f'hx-get="{more}"' in page and "正在载入其余1项任务" in page
    first = own.lines.get(task=world.task_a)
    assert f'<form id="ev-{first.pk}"' in page

    part = liaison.get(more).content.decode()
    second = own.lines.get(task=world.task_b)
    assert "配合任务（1项）" in part and 'data-task="2"' in part and 'data-task="1"' not in part
    assert 'hx-swap-oob="beforeend:#evidence-forms"' in part and f'<form id="ev-{second.pk}"' in part
    assert "hx-get" not in part.replace('hx-swap-oob="beforeend:#evidence-forms"', "").split("fieldset")[0]
    assert "正在载入" not in part  # the last part

    whole = liaison.get(f"/rounds/submissions/{own.pk}/?all=1").content.decode()
    assert 'data-task="1"' in whole and 'data-task="2"' in whole and "正在载入" not in whole
    assert not [text for text in (page, part, whole) if "{#" in text]  # no template comment shown as text
    assert liaison.get(f"/rounds/submissions/{own.pk}/lines/?from=x").status_code == 404
    assert client_for(world.other_liaison).get(more).status_code == 404


def test_a_refused_save_of_a_long_form_shows_every_line_as_typed(world, parts):
    own = submission_of(open_round(world), world.county_a)
    stale = own.version
    from rectify.rounds import services

    services.submission_save_draft(
        actor=world.liaison, submission=own, lines={world.task_a.pk: {"progress_text": "另一窗口"}}
    )
    page = (
        client_for(world.liaison)
        .post(
            f"/rounds/submissions/{own.pk}/",
            {
                "version": stale,
                "action": "save",
                f"line-{world.task_a.pk}-progress_text": "我输入的第一项",
                f"line-{world.task_b.pk}-progress_text": "我输入的第二项",
            },
        )
        .content.decode()
    )
    assert "我输入的第一项" in page and "我输入的第二项" in page and "正在载入" not in page
