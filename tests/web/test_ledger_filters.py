"""The ledger's filter lists for wide scopes: inspections narrow to a chosen unit's ledgers, a scope with
more ledgers than a list can usefully show is asked to choose a unit first, and units drill down."""

from rectify.ledger import forms, selectors, services
from rectify.orgunits.models import OrgUnitKind
from rectify.orgunits.services import orgunit_create


def offered(response, field):
    return [str(value) for value, _ in response.context["form"].fields[field].choices if value != ""]


def test_a_chosen_unit_offers_the_ledgers_holding_its_tasks(world, client):
    county_ledger = services.inspection_create(
        actor=world.office, unit=world.county_a, name="县级专项督察", kind="special"
    )
    finding = services.finding_create(actor=world.office, inspection=county_ledger, number=1, text="县级问题")
    services.task_create(
        actor=world.office,
        inspection=county_ledger,
        findings=[finding],
        lead_unit=world.county_a,
        number=1,
        title="县级任务",
    )
    services.inspection_create(
        actor=world.other_office, unit=world.other_pref, name="青川州督察", kind="central"
    )
    client.force_login(world.office)
    everything = client.get("/ledger/")
    assert set(offered(everything, "inspection")) == {str(world.inspection.pk), str(county_ledger.pk)}
    # 石河县 leads tasks in the prefecture's ledger and in its own; 北塔县 only in the prefecture's
    county = client.get(f"/ledger/?unit={world.county_a.pk}")
    assert set(offered(county, "inspection")) == {str(world.inspection.pk), str(county_ledger.pk)}
    other_county = client.get(f"/ledger/?unit={world.county_b.pk}")
    assert offered(other_county, "inspection") == [str(world.inspection.pk)]
    # a malformed id is no id (not a server error)
    assert client.get("/ledger/?unit=²&inspection=²").status_code == 200


def test_too_many_ledgers_ask_for_a_unit_first(world, client, monkeypatch):
    monkeypatch.setattr(forms, "INSPECTION_CHOICES_MAX", 0)
    client.force_login(world.office)
    page = client.get("/ledger/")
    assert offered(page, "inspection") == []
    assert "全部督察（督察较多，请先选择责任单位）" in page.content.decode()
    # a link to one inspection's ledger still works, and offers that inspection
    chosen = client.get(f"/ledger/?inspection={world.inspection.pk}")
    assert offered(chosen, "inspection") == [str(world.inspection.pk)]
    assert chosen.context["form"].is_valid()
    assert sum(chosen.context["counts"].values()) == 3


def test_a_wide_scope_drills_down_through_units(world, client, monkeypatch):
    town = orgunit_create(name="石河镇", kind=OrgUnitKind.COUNTY, parent=world.county_a)
    client.force_login(world.office)
    # a narrow scope lists its top unit and the level below it, as ever
    assert set(offered(client.get("/ledger/"), "unit")) == {
        str(u.pk) for u in (world.pref, world.county_a, world.county_b, world.dept)
    }
    monkeypatch.setattr(selectors, "UNIT_CHOICES_MAX", 2)
    assert offered(client.get("/ledger/"), "unit") == [str(world.pref.pk)]
    county = client.get(f"/ledger/?unit={world.county_a.pk}")
    assert set(offered(county, "unit")) == {str(world.pref.pk), str(world.county_a.pk), str(town.pk)}
    assert county.context["form"].is_valid()
    # a unit two levels down is reachable, and filters
    deep = client.get(f"/ledger/?unit={town.pk}")
    assert deep.context["form"].is_valid() and str(town.pk) in offered(deep, "unit")
    # and nothing outside the scope is offered or accepted
    outside = client.get(f"/ledger/?unit={world.other_pref.pk}")
    assert str(world.other_pref.pk) not in offered(outside, "unit")
    assert not outside.context["form"].is_valid()


def test_a_leaders_units_survive_the_drill_down(world, client, monkeypatch):
    monkeypatch.setattr(selectors, "UNIT_CHOICES_MAX", 0)
    client.force_login(world.leader)  # leads task 1, led by 石河县
    page = client.get(f"/ledger/?unit={world.county_a.pk}")
    assert str(world.county_a.pk) in offered(page, "unit")
    assert page.context["form"].is_valid()
    assert [t.number for t in page.context["page"].object_list] == [1]
