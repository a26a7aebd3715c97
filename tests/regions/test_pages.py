"""The unit pages: the tree, the set-up (preview, then create; twice is once), a unit's rename, move and
merge; anyone but the administrator and the office of the area gets a 404 and changes nothing."""

import pytest
from django.urls import reverse

from rectify.audit.models import AuditEvent
from rectify.ledger.models import Task
from rectify.orgunits.models import OrgUnit, OrgUnitKind, Role
from rectify.orgunits.services import orgunit_create, role_assign
from support import make_user

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _snapshot():
    return sorted(OrgUnit.objects.values_list("pk", "name", "short_name", "code", "parent_id", "path"))


def test_the_tree_shows_the_office_its_area_only(client, world):
    page = _login(client, world.office).get(reverse("regions:tree"))
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("柳原州", "石河县", "北塔县", "州生态环境局"):
        assert name in text
    assert "青川州" not in text and "天河自治区" not in text


@pytest.mark.parametrize("who", ["liaison", "leader", "observer", "nobody"])
def test_the_pages_are_not_there_for_others(client, world, who):
    _login(client, getattr(world, who))
    for url in (
        reverse("regions:tree"),
        reverse("regions:setup"),
        reverse("regions:unit", args=[world.county_a.pk]),
    ):
        assert client.get(url).status_code == 404


def test_an_office_of_another_prefecture_gets_404_and_changes_nothing(client, world):
    _login(client, world.other_office)
    url = reverse("regions:unit", args=[world.county_a.pk])
    before, events = _snapshot(), AuditEvent.objects.count()
    assert client.get(url).status_code == 404
    for data in (
        {"action": "rename", "rename-name": "改了"},
        {"action": "merge", "merge-target": world.other_pref.pk},
        {"action": "move", "move-target": world.other_pref.pk},
    ):
        assert client.post(url, data).status_code == 404
    assert _snapshot() == before and AuditEvent.objects.count() == events


def test_setup_previews_then_creates_once(client):
    admin = make_user("admin", is_superuser=True)
    _login(client, admin)
    url = reverse("regions:setup") + "?province=650000"
    data = {
        "province": "650000",
        "division": "652300",
        "departments": ["生态环境局", "水利局", "发展和改革委员会"],
        "more_departments": "畜牧兽医局",
        "parks": "准东经济技术开发区，准东开发区",
        "preview": "",
    }
    preview = client.post(url, data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "将新增 14 个单位" in text and "木垒哈萨克自治县（木垒县）" in text and "652328" in text
    assert OrgUnit.objects.count() == 0

    del data["preview"]
    data["confirm"] = ""
    assert client.post(url, data).status_code == 302
    changji = OrgUnit.objects.get(code="652300")
    assert changji.children.filter(kind=OrgUnitKind.COUNTY).count() == 7
    assert sorted(
        changji.children.filter(kind=OrgUnitKind.DEPARTMENT).values_list("short_name", flat=True)
    ) == [
        "州发改委",
        "州水利局",
        "州生态环境局",
        "州畜牧兽医局",
    ]
    assert changji.children.get(kind=OrgUnitKind.PARK).short_name == "准东开发区"
    before = _snapshot()
    client.post(url, data)
    assert _snapshot() == before
    tree = client.get(reverse("regions:tree")).content.decode()
    assert "昌吉州生态环境局" in tree and "652327" in tree


def test_a_bad_template_line_is_named_and_nothing_is_created(client):
    _login(client, make_user("admin", is_superuser=True))
    page = client.post(
        reverse("regions:setup"),
        {"province": "650000", "division": "652300", "parks": "甲，乙，丙", "confirm": ""},
    )
    assert "第1行：一行只写全称和简称两项，用逗号分开" in page.content.decode()
    assert OrgUnit.objects.count() == 0


def test_the_office_of_another_prefecture_cannot_set_up_this_one(client):
    region = orgunit_create(name="新疆维吾尔自治区", kind=OrgUnitKind.REGION)
    orgunit_create(name="昌吉回族自治州", kind=OrgUnitKind.PREFECTURE, parent=region)
    ili = orgunit_create(name="伊犁哈萨克自治州", kind=OrgUnitKind.PREFECTURE, parent=region)
    office = make_user("ili")
    role_assign(user=office, role=Role.OFFICE, unit=ili, include_subtree=True)
    before = _snapshot()
    page = _login(client, office).post(
        reverse("regions:setup"), {"province": "650000", "division": "652300", "confirm": ""}
    )
    assert "只能在本整改办负责的区域内设置单位" in page.content.decode()
    assert _snapshot() == before


def test_rename_and_merge_on_the_unit_page(client, world):
    _login(client, world.office)
    url = reverse("regions:unit", args=[world.county_a.pk])
    response = client.post(url, {"action": "rename", "rename-name": "石河市", "rename-short_name": "石河"})
    assert response.status_code == 302
    assert "石河县 → 石河市" in client.get(url).content.decode()

    refused = client.post(url, {"action": "move", "move-target": world.other_pref.pk})
    assert "有效选项" in refused.content.decode() or "选择" in refused.content.decode()
    assert OrgUnit.objects.get(pk=world.county_a.pk).parent == world.pref

    unconfirmed = client.post(url, {"action": "merge", "merge-target": world.county_b.pk})
    assert "请勾选确认合并" in unconfirmed.content.decode()
    assert OrgUnit.objects.filter(pk=world.county_a.pk).exists()
    merged = client.post(
        url,
        {
            "action": "merge",
            "merge-target": world.county_b.pk,
            "merge-reason": "区划调整",
            "merge-confirm": "on",
        },
    )
    assert merged.status_code == 302
    assert merged.url == reverse("regions:unit", args=[world.county_b.pk])
    page = client.get(merged.url).content.decode()
    assert "合并单位" in page and "石河县 → 石河市" in page  # the merged unit's history, here
    assert Task.objects.get(pk=world.task_a.pk).lead_unit == world.county_b


def test_the_tree_reads_parent_before_children_counties_before_departments(db):
    from rectify.regions.selectors import in_tree_order

    root = orgunit_create(name="甲州", kind=OrgUnitKind.PREFECTURE)
    dept = orgunit_create(name="甲州水利局", kind=OrgUnitKind.DEPARTMENT, parent=root)
    park = orgunit_create(name="甲园区", kind=OrgUnitKind.PARK, parent=root)
    counties = [orgunit_create(name=f"县{i}", kind=OrgUnitKind.COUNTY, parent=root) for i in range(9)]
    inner = orgunit_create(name="县8水利局", kind=OrgUnitKind.DEPARTMENT, parent=counties[8])
    ordered = in_tree_order(OrgUnit.objects.all())
    assert ordered == [root, *counties, inner, park, dept]
    assert in_tree_order(OrgUnit.objects.exclude(pk=root.pk))[0] == counties[0]  # an orphan starts a tree


def test_the_office_is_not_offered_to_move_or_merge_its_own_unit(client, world):
    _login(client, world.office)
    own = client.get(reverse("regions:unit", args=[world.pref.pk])).content.decode()
    below = client.get(reverse("regions:unit", args=[world.county_a.pk])).content.decode()
    assert "修改名称" in own and "调整上级单位" not in own and "合并到其他单位" not in own
    assert "调整上级单位" in below and "合并到其他单位" in below


def test_the_tree_page_costs_the_same_for_a_province(client, django_assert_max_num_queries):
    from rectify.regions.setup import region_setup

    admin = make_user("admin", is_superuser=True)
    region_setup(actor=admin, division_code="652300")
    _login(client, admin)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("regions:tree"))
    region_setup(actor=admin, division_code="650000")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("regions:tree"))
    assert page.content.decode().count('class="list-group-item') == OrgUnit.objects.count() > 120
