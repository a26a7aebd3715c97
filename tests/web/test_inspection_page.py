"""The inspection page."""


def test_inspection_page_shows_the_plan_deadline_in_working_days(world, client):
    client.force_login(world.office)
    html = client.get(f"/ledger/inspections/{world.inspection.pk}/").content.decode()
    # feedback 2022-06-01 + 30 working days on the official calendar (端午节 2022-06-03 is a holiday)
    assert 'data-testid="plan-due">2022-07-14' in html
