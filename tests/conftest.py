"""A small world for the tests, built through the services: a prefecture with two counties and a
department, its office, a leader, liaisons of each county, an observer, and a ledger of three tasks."""

from datetime import date

import pytest

from rectify.ledger import services
from rectify.orgunits.models import OrgUnitKind, Role
from rectify.orgunits.services import orgunit_create, role_assign
from support import make_user


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests (live server) commit their data and pytest-django empties the tables afterwards;
    the audit log's triggers refuse that unless the emptying runs under the maintenance permit."""
    if not {"transactional_db", "live_server"} & set(item.fixturenames):
        return (yield)
    from rectify.audit.maintenance import audit_maintenance

    with audit_maintenance():
        return (yield)


class World:
    """Handles to everything the world fixture made."""


@pytest.fixture
def world(db):
    w = World()
    w.region = orgunit_create(name="天河自治区", kind=OrgUnitKind.REGION)
    w.pref = orgunit_create(name="柳原州", kind=OrgUnitKind.PREFECTURE, parent=w.region)
    w.county_a = orgunit_create(name="石河县", kind=OrgUnitKind.COUNTY, parent=w.pref)
    w.county_b = orgunit_create(name="北塔县", kind=OrgUnitKind.COUNTY, parent=w.pref)
    w.dept = orgunit_create(name="州生态环境局", kind=OrgUnitKind.DEPARTMENT, parent=w.pref)
    w.other_pref = orgunit_create(name="青川州", kind=OrgUnitKind.PREFECTURE, parent=w.region)

    w.office = make_user("office", full_name="王整改")
    role_assign(user=w.office, role=Role.OFFICE, unit=w.pref, include_subtree=True)
    w.leader = make_user("leader", full_name="李副州长", title="副州长")
    role_assign(user=w.leader, role=Role.LEADER, unit=w.pref)
    w.other_leader = make_user("leader2", full_name="赵州长")
    role_assign(user=w.other_leader, role=Role.LEADER, unit=w.pref)
    w.liaison = make_user("liaison", full_name="石河联络员")
    role_assign(user=w.liaison, role=Role.LIAISON, unit=w.county_a)
    w.other_liaison = make_user("liaison_b", full_name="北塔联络员")
    role_assign(user=w.other_liaison, role=Role.LIAISON, unit=w.county_b)
    w.observer = make_user("observer")
    role_assign(user=w.observer, role=Role.OBSERVER, unit=w.pref, include_subtree=True)
    w.other_office = make_user("office_qc")
    role_assign(user=w.other_office, role=Role.OFFICE, unit=w.other_pref, include_subtree=True)
    w.nobody = make_user("nobody")

    w.inspection = services.inspection_create(
        actor=w.office,
        unit=w.pref,
        name="第二轮中央生态环境保护督察",
        kind="central",
        round_number=2,
        feedback_on=date(2022, 6, 1),
    )
    w.finding = services.finding_create(
        actor=w.office,
        inspection=w.inspection,
        number=1,
        label="一",
        text="督察发现，焦化企业烟气长期超标排放。",
    )
    w.finding2 = services.finding_create(
        actor=w.office,
        inspection=w.inspection,
        number=2,
        label="二",
        text="督察发现，部分县市用水统计数据不实。",
    )
    w.task_a = services.task_create(
        actor=w.office,
        inspection=w.inspection,
        findings=[w.finding],
        lead_unit=w.county_a,
        number=1,
        title="焦化企业烟气治理",
        deadline_raw="2023年底前",
        lead_leader=w.leader,
    )
    w.task_b = services.task_create(
        actor=w.office,
        inspection=w.inspection,
        findings=[w.finding2],
        lead_unit=w.county_b,
        number=2,
        title="用水统计核查",
        deadline_raw="2024年6月底前",
        lead_leader=w.other_leader,
        cooperating_units=[w.county_a],
    )
    w.task_c = services.task_create(
        actor=w.office,
        inspection=w.inspection,
        findings=[w.finding2],
        lead_unit=w.dept,
        number=3,
        title="用水计量设施建设",
        deadline_raw="立行立改，长期坚持",
        lead_leader=w.other_leader,
    )
    w.measure = services.measure_create(
        actor=w.office, task=w.task_a, number=1, text="安装脱硫脱硝设施", responsible_unit=w.county_a
    )
    for user in (w.office, w.leader, w.other_leader, w.liaison, w.other_liaison, w.observer, w.other_office):
        user.__dict__.pop("_rectify_scope", None)
    return w
