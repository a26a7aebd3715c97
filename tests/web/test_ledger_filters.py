"""The ledger's filter lists for wide scopes: inspections narrow to a chosen unit's ledgers, and a scope
with more ledgers than a list can usefully show is asked to choose a unit first."""

from rectify.ledger import forms, services


def offered(response, field):
    return [str(value) for value, _ in response.context["form"].fields[field].choices if value != ""]


def test_a_chosen_unit_offers_its_own_and_its_ancestors_ledgers(world, client):
    county_ledger = services.inspection_create(
        actor=world.office, unit=world.county_a, name="县级专项督察", kind="special"
    )
    services.inspection_create(
        actor=world.other_office, unit=world.other_pref, name="青川州督察", kind="central"
    )
    client.force_login(world.office)
    everything = client.get("/ledger/")
    assert set(offered(everything, "inspection")) == {str(world.inspection.pk), str(county_ledger.pk)}
    # a county's tasks may stand in the prefecture's ledger (an ancestor's) or in its own
    county = client.get(f"/ledger/?unit={world.county_a.pk}")
    assert set(offered(county, "inspection")) == {str(world.inspection.pk), str(county_ledger.pk)}
    other_county = client.get(f"/ledger/?unit={world.county_b.pk}")
    assert offered(other_county, "inspection") == [str(world.inspection.pk)]


def test_too_many_ledgers_ask_for_a_unit_first(world, client, monkeypatch):
    monkeypatch.setattr(forms, "INSPECTION_CHOICES_MAX", 0)
    client.force_login(world.office)
    page = client.get("/ledger/")
    assert offered(page, "inspection") == []
    assert "督察较多，请先选择责任单位" in page.content.decode()
    # a link to one inspection's ledger still works, and offers that inspection
    chosen = client.get(f"/ledger/?inspection={world.inspection.pk}")
    assert offered(chosen, "inspection") == [str(world.inspection.pk)]
    assert chosen.context["form"].is_valid()
    assert sum(chosen.context["counts"].values()) == 3
