"""Review of issue 10, late counts: the board of a locked round still says who never reported."""

import re
from datetime import date

from rectify.rounds import services
from review_support import at, client_for, fill_and_submit, open_round, submission_of


def test_the_board_of_a_locked_round_still_counts_the_units_that_never_reported_after_the_due_date(
    world, monkeypatch
):
    """Due 7 November 2023 (long past); 石河县 submits, 北塔县 and 州生态环境局 never do; the office locks.
    Before the lock the board's filter says 逾期未报 2; after it, 逾期未报 0 — as if every unit had
    reported. The assessment reads these figures."""
    w = world
    monkeypatch.setattr(services, "now", lambda: at(date(2023, 11, 1)))
    r = open_round(w, due_on=date(2023, 11, 7))
    fill_and_submit(w.liaison, submission_of(r, w.county_a))
    office = client_for(w.office)

    def overdue_filter():
        page = office.get(f"/rounds/{r.pk}/").content.decode()
        return re.search(r"逾期未报 (\d+)", page).group(1)

    assert overdue_filter() == "2"
    services.round_lock(actor=w.office, dispatch_round=r)
    assert overdue_filter() == "2"  # fails: "0" once locked
