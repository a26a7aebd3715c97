"""Ids a user can type into a URL or a form: too large for any database, negative, not digits. Each answers
like an id that does not exist (a 404, an empty filter or the form's own message), never a server error.
SQLite cannot even compare a column with 99999999999999999999999: it raised OverflowError (a 500)."""

import pytest

from rectify.ledger.models import Task

BIG = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/ledger/?inspection={BIG}",
        f"/ledger/?unit={BIG}",
        f"/ledger/?leader={BIG}",
        f"/ledger/?inspection={BIG}&unit={BIG}&leader={BIG}",
        f"/documents/ledger-view.xlsx?inspection={BIG}",
        "/ledger/?inspection=-1&unit=1.5&leader=１",
        f"/ledger/?page={BIG}",
    ],
)
def test_an_impossible_id_in_a_filter_is_no_filter_match(world, client, url):
    client.force_login(world.office)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"/ledger/tasks/{BIG}/",
        f"/ledger/tasks/{BIG}/edit/",
        f"/ledger/inspections/{BIG}/",
        f"/ledger/findings/{BIG}/",
        f"/ledger/measures/{BIG}/edit/",
        f"/documents/inspections/{BIG}/report/",
        f"/documents/inspections/{BIG}/ledger.xlsx",
        f"/documents/files/{BIG}/",
        f"/imports/jobs/{BIG}/",
    ],
)
def test_an_impossible_id_in_a_path_is_not_found(world, client, url):
    client.force_login(world.office)
    assert client.get(url).status_code == 404


def test_an_impossible_id_in_a_form_is_the_forms_own_message(world, client):
    client.force_login(world.office)
    task = world.task_a
    before = list(task.cooperating_units.all())
    response = client.post(
        f"/ledger/tasks/{task.pk}/edit/",
        {
            "title": task.title,
            "findings": [BIG],
            "lead_unit": BIG,
            "cooperating_units": [BIG],
            "deadline_raw": task.deadline_raw,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"findings", "lead_unit", "cooperating_units"} <= set(errors)
    task = Task.objects.get(pk=task.pk)
    assert list(task.cooperating_units.all()) == before
