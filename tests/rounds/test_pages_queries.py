"""The board, the unit's form and the desk run a constant number of queries however many units, tasks,
measures, cooperating lines and evidence files there are (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rectify.ledger import services as ledger_services
from rectify.orgunits.models import OrgUnitKind
from rectify.orgunits.services import orgunit_create
from rectify.rounds import services
from rounds_pages import client_for, open_round, pdf, submission_of


def queries(user, url) -> int:
    client = client_for(user)
    client.get(url)  # warm: the session, the scope
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow(w, count: int) -> None:
    """`count` more tasks led by 石河县, each with two measures and a new cooperating township."""
    for n in range(10, 10 + count):
        town = orgunit_create(name=f"乡镇{n}", kind=OrgUnitKind.OTHER, parent=w.county_a)
        task = ledger_services.task_create(
            actor=w.office,
            inspection=w.inspection,
            findings=[w.finding],
            lead_unit=w.county_a,
            cooperating_units=[town, w.county_b],
            number=n,
            title=f"整改任务{n}",
            deadline_raw="2025年底前",
            lead_leader=w.leader,
        )
        for m in (1, 2):
            ledger_services.measure_create(actor=w.office, task=task, number=m, text=f"措施{m}")


def with_evidence(w, dispatch_round) -> None:
    own = submission_of(dispatch_round, w.county_a)
    for line in own.lines.all():
        services.evidence_add(actor=w.liaison, line=line, upload=pdf())


def test_board_form_and_desk_queries_do_not_grow(world):
    small = open_round(world, "2023年10月")
    with_evidence(world, small)
    grow(world, 12)
    large = open_round(world, "2023年11月")
    with_evidence(world, large)
    assert large.submissions.count() > small.submissions.count() + 10

    assert queries(world.office, f"/rounds/{large.pk}/") == queries(world.office, f"/rounds/{small.pk}/")
    for user, unit in ((world.liaison, world.county_a), (world.office, world.county_a)):
        big = queries(user, f"/rounds/submissions/{submission_of(large, unit).pk}/")
        little = queries(user, f"/rounds/submissions/{submission_of(small, unit).pk}/")
        assert big == little, (user, big, little)
    # 北塔县 leads task 2 and sees every cooperating unit's line on it: more lines, same queries
    assert queries(
        world.other_liaison, f"/rounds/submissions/{submission_of(large, world.county_b).pk}/"
    ) == (queries(world.other_liaison, f"/rounds/submissions/{submission_of(small, world.county_b).pk}/"))
    assert queries(world.office, "/rounds/") < 20
