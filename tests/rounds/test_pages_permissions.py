"""The permission matrix over every rounds page and POST: anonymous, the other unit's liaison, the unit's
liaison, a leader of the unit, the office, another prefecture's office. A unit reads and writes only
its own submission; a refused write changes nothing."""

import pytest

from rectify.rounds import services
from rectify.rounds.models import DispatchRound, RoundSchedule
from rounds_pages import client_for, everything, open_round, pdf, people, submission_of, unit_leader

PEOPLE = ["anonymous", "other_liaison", "liaison", "leader", "office", "other_office"]


def _setup(w, *, confirmation=False, submitted=False):
    unit_leader(w)
    if confirmation:
        RoundSchedule.objects.create(inspection=w.inspection, leader_confirmation=True, active=False)
    r = open_round(w)
    own = submission_of(r, w.county_a)
    if submitted:
        lines = {line.task_id: {"progress_text": "已完成设备安装"} for line in own.lines.all()}
        own = services.submission_save_draft(actor=w.liaison, submission=own, lines=lines)
        services.submission_submit(actor=w.liaison, submission=own)
    return r, submission_of(r, w.county_a)


# (the GET page, who may read it)
PAGES = {
    "list": (lambda w, r, own: "/rounds/", {"office", "other_office"}),
    "board": (lambda w, r, own: f"/rounds/{r.pk}/", {"office"}),
    "schedule": (lambda w, r, own: f"/rounds/schedules/{w.inspection.pk}/", {"office"}),
    "form": (lambda w, r, own: f"/rounds/submissions/{own.pk}/", {"liaison", "leader", "office"}),
    "form_part": (
        lambda w, r, own: f"/rounds/submissions/{own.pk}/lines/?from=1",
        {"liaison", "leader", "office"},
    ),
    "evidence": (lambda w, r, own: f"/rounds/evidence/{w.evidence.pk}/", {"liaison", "leader", "office"}),
    "desk": (lambda w, r, own: "/desk/", set(PEOPLE) - {"anonymous"}),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("page", list(PAGES))
def test_who_reads_which_page(world, page, who):
    r, own = _setup(world)
    world.evidence = services.evidence_add(actor=world.liaison, line=own.lines.first(), upload=pdf())
    url, readers = PAGES[page][0](world, r, own), PAGES[page][1]
    response = client_for(people(world)[who]).get(url)
    if who == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/login/")
    elif who in readers:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)
    if page == "list" and who == "other_office":
        assert f"/rounds/{r.pk}/" not in response.content.decode()  # another prefecture's rounds: not listed


def _lines(own, text):
    return {f"line-{line.task_id}-progress_text": text for line in own.lines.all()}


# (setup, the POST, who may do it)
POSTS = {
    "open": (
        {},
        lambda w, r, own: (
            "/rounds/",
            {
                "inspection": w.inspection.pk,
                "period": "2023年11月",
                "as_of": "2023-11-30",
                "due_on": "2099-01-01",
            },
        ),
        {"office"},
    ),
    "schedule": (
        {},
        lambda w, r, own: (
            f"/rounds/schedules/{w.inspection.pk}/",
            {
                "cadence": "weekly",
                "day": 2,
                "due_working_days": 3,
                "leader_confirmation": "on",
                "active": "on",
            },
        ),
        {"office"},
    ),
    "save": (
        {},
        lambda w, r, own: (
            f"/rounds/submissions/{own.pk}/",
            {"version": own.version, "action": "save", **_lines(own, "新写的进展")},
        ),
        {"liaison"},
    ),
    "autosave": (
        {},
        lambda w, r, own: (
            f"/rounds/submissions/{own.pk}/autosave/",
            {"version": own.version, **_lines(own, "自动保存的进展")},
        ),
        {"liaison"},
    ),
    "submit": (
        {},
        lambda w, r, own: (
            f"/rounds/submissions/{own.pk}/",
            {"version": own.version, "action": "submit", **_lines(own, "本期已完成")},
        ),
        {"liaison"},
    ),
    "evidence": (
        {},
        lambda w, r, own: (
            f"/rounds/submissions/{own.pk}/lines/{own.lines.first().pk}/evidence/",
            {"file": pdf()},
        ),
        {"liaison"},
    ),
    "confirm": (
        {"confirmation": True, "submitted": True},
        lambda w, r, own: (f"/rounds/submissions/{own.pk}/actions/confirm/", {"version": own.version}),
        {"leader"},
    ),
    "return": (
        {"submitted": True},
        lambda w, r, own: (
            f"/rounds/submissions/{own.pk}/actions/return/",
            {"version": own.version, "comment": "请补充佐证材料"},
        ),
        {"office"},
    ),
    "accept": (
        {"submitted": True},
        lambda w, r, own: (f"/rounds/submissions/{own.pk}/actions/accept/", {"version": own.version}),
        {"office"},
    ),
    "remind": ({}, lambda w, r, own: (f"/rounds/{r.pk}/remind/", {}), {"office"}),
    "lock": ({}, lambda w, r, own: (f"/rounds/{r.pk}/lock/", {"confirm": "yes"}), {"office"}),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", list(POSTS))
def test_who_may_post_what_and_a_refusal_changes_nothing(world, action, who):
    setup, post, allowed = POSTS[action]
    r, own = _setup(world, **setup)
    url, data = post(world, r, own)
    before = everything()
    response = client_for(people(world)[who]).post(url, data)
    if who in allowed:
        assert response.status_code in (200, 302)
        assert everything() != before, f"{who} {action}: nothing written"
        if action == "open":
            assert DispatchRound.objects.filter(period="2023年11月").exists()
    else:
        assert everything() == before, f"{who} {action}: a refused write changed something"
        if who == "anonymous":
            assert response.status_code == 302 and response.url.startswith("/login/")
        elif action not in ("open",):  # the form refuses another office's inspection as a choice
            assert response.status_code in (403, 404)


AFTER_SUBMISSION = ["save", "autosave", "submit", "evidence"]


@pytest.mark.parametrize("action", AFTER_SUBMISSION)
def test_nothing_is_writable_after_submission(world, action):
    r, own = _setup(world, submitted=True)
    url, data = POSTS[action][1](world, r, own)
    before = everything()
    response = client_for(world.liaison).post(url, data)
    assert response.status_code in (200, 302)  # said on the page, not a crash
    assert everything() == before
    page = client_for(world.liaison).get(f"/rounds/submissions/{own.pk}/").content.decode()
    assert "已提交于" in page and 'data-testid="submit"' not in page and "<fieldset disabled" in page


@pytest.mark.parametrize(
    "who,action",
    [
        ("liaison", "save"),
        ("liaison", "autosave"),
        ("liaison", "evidence"),
        ("office", "accept"),
        ("office", "return"),
        ("office", "lock"),
        ("office", "remind"),
        ("liaison", "submit"),
    ],
)
def test_nothing_is_writable_after_lock(world, who, action):
    r, own = _setup(world, submitted=action in ("accept", "return"))
    services.round_lock(actor=world.office, dispatch_round=r)
    own.refresh_from_db()
    url, data = POSTS[action][1](world, r, own)
    before = everything()
    response = client_for(people(world)[who]).post(url, data)
    assert response.status_code in (200, 302)
    assert everything() == before
    page = client_for(world.liaison).get(f"/rounds/submissions/{own.pk}/").content.decode()
    assert "本轮调度已于" in page and "锁定" in page
