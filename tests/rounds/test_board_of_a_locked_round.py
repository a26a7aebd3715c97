"""The board of a locked round still says who never reported and who reported late: the assessment
reads these figures after the lock."""

import re
from datetime import date

from rectify.rounds import services
from rounds_pages import at, client_for, fill_and_submit, open_round, submission_of


def figures(client, dispatch_round):
    page = client.get(f"/rounds/{dispatch_round.pk}/").content.decode()
    overdue = int(re.search(r"逾期未报 (\d+)", page).group(1))
    late = int(re.search(r"逾期报送(\d+)", page).group(1))
    return overdue, late, page.count('badge text-bg-danger">逾期未报')


def test_the_board_of_a_locked_round_still_counts_the_units_that_never_reported_or_reported_late(
    world, monkeypatch
):
    """Due 7 November 2023; 石河县 submits on the 1st, 北塔县 on the 9th (late), 州生态环境局 never does;
    the office locks on the 20th."""
    w = world
    clock = {"now": at(date(2023, 11, 1))}
    monkeypatch.setattr(services, "now", lambda: clock["now"])
    r = open_round(w, due_on=date(2023, 11, 7))
    fill_and_submit(w.liaison, submission_of(r, w.county_a))
    clock["now"] = at(date(2023, 11, 9))
    fill_and_submit(w.other_liaison, submission_of(r, w.county_b))
    office = client_for(w.office)
    assert figures(office, r) == (1, 1, 1)
    clock["now"] = at(date(2023, 11, 20))
    services.round_lock(actor=w.office, dispatch_round=r)
    assert figures(office, r) == (1, 1, 1)
    overdue = office.get(f"/rounds/{r.pk}/?state=overdue").content.decode()
    assert "州生态环境局" in overdue and "北塔县" not in overdue


def test_a_round_locked_before_its_due_date_counts_nobody_overdue(world, monkeypatch):
    """The office locked early: the units not yet reported were cut off, not late."""
    w = world
    monkeypatch.setattr(services, "now", lambda: at(date(2023, 11, 1)))
    r = open_round(w, due_on=date(2023, 11, 7))
    fill_and_submit(w.liaison, submission_of(r, w.county_a))
    services.round_lock(actor=w.office, dispatch_round=r)
    assert figures(client_for(w.office), r) == (0, 0, 0)
