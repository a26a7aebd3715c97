from rounds_pages import client_for, open_round, submission_of


def test_smoke(world):
    r = open_round(world)
    own = submission_of(r, world.county_a)
    for user, url in [
        (world.office, "/rounds/"),
        (world.office, f"/rounds/{r.pk}/"),
        (world.office, f"/rounds/schedules/{world.inspection.pk}/"),
        (world.liaison, f"/rounds/submissions/{own.pk}/"),
        (world.office, f"/rounds/submissions/{own.pk}/"),
        (world.liaison, "/desk/"),
        (world.leader, "/desk/"),
        (world.office, "/desk/"),
    ]:
        response = client_for(user).get(url)
        assert response.status_code == 200, (url, response.content[:3000])
