"""Setting up 昌吉州 from the divisions: exactly its seven county-level units with their codes; twice is
once; existing units are reused; departments and parks from the template; the office only in its area."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from test_divisions import CHANGJI_COUNTIES

from rectify.audit import codes
from rectify.audit.models import AuditEvent
from rectify.orgunits.models import OrgUnit, OrgUnitKind, Role
from rectify.orgunits.services import orgunit_create, role_assign
from rectify.regions import divisions
from rectify.regions.setup import region_setup
from rectify.regions.templates import DEFAULT_DEPARTMENTS, parse_template
from support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_user("admin", is_superuser=True)


def _tree():
    return {(u.name, u.short_name, u.code, u.kind, u.depth) for u in OrgUnit.objects.all()}


def test_changji_from_an_empty_database(admin):
    result = region_setup(actor=admin, division_code="652300")
    changji = OrgUnit.objects.get(code="652300")
    assert (changji.name, changji.short_name, changji.kind) == (
        "昌吉回族自治州",
        "昌吉州",
        OrgUnitKind.PREFECTURE,
    )
    assert (changji.parent.name, changji.parent.short_name, changji.parent.code) == (
        "新疆维吾尔自治区",
        "新疆",
        "650000",
    )
    counties = OrgUnit.objects.filter(parent=changji)
    assert {u.code: u.name for u in counties} == CHANGJI_COUNTIES
    assert {u.kind for u in counties} == {OrgUnitKind.COUNTY}
    assert OrgUnit.objects.get(code="652328").short_name == "木垒县"
    assert OrgUnit.objects.get(code="652301").short_name == ""  # 昌吉市 has nothing shorter
    assert all(u.path == f"{changji.path}{u.pk}/" and u.depth == 2 for u in counties)
    assert result.unit == changji and len(result.created) == 9 and result.reused == []
    created = AuditEvent.objects.filter(code=codes.ORGUNITS_UNIT_CREATE)
    assert sorted(int(e.object_id) for e in created) == sorted(u.pk for u in OrgUnit.objects.all())


def test_twice_creates_nothing_new(admin):
    departments = parse_template(DEFAULT_DEPARTMENTS)
    parks = parse_template("准东经济技术开发区，准东开发区")
    region_setup(actor=admin, division_code="652300", departments=departments, parks=parks)
    before, events = _tree(), AuditEvent.objects.count()
    again = region_setup(actor=admin, division_code="652300", departments=departments, parks=parks)
    assert again.created == []
    assert len(again.reused) == 1 + 7 + len(departments) + 1
    assert _tree() == before and AuditEvent.objects.count() == events


def test_existing_units_are_reused_and_get_their_code(admin):
    region = orgunit_create(name="新疆维吾尔自治区", kind=OrgUnitKind.REGION)
    changji = orgunit_create(
        name="昌吉回族自治州", short_name="昌吉州", kind=OrgUnitKind.PREFECTURE, parent=region
    )
    city = orgunit_create(name="昌吉市", kind=OrgUnitKind.COUNTY, parent=changji)
    region_setup(actor=admin, division_code="652300")
    assert OrgUnit.objects.filter(name="昌吉市").count() == 1
    city.refresh_from_db()
    changji.refresh_from_db()
    assert (changji.code, city.code) == ("652300", "652301")
    assert OrgUnit.objects.filter(parent=changji).count() == 7
    filled = AuditEvent.objects.filter(code=codes.ORGUNITS_UNIT_UPDATE, object_id=str(city.pk)).get()
    assert filled.changes == {"code": ["", "652301"]}


def test_departments_and_parks_from_the_template(admin):
    departments = parse_template("生态环境局\n发展和改革委员会，发改委\n林业和草原局，林草局")
    parks = parse_template("昌吉高新技术产业开发区，昌吉高新区")
    region_setup(actor=admin, division_code="652300", departments=departments, parks=parks)
    changji = OrgUnit.objects.get(code="652300")
    assert {(u.name, u.short_name, u.code) for u in changji.children.filter(kind=OrgUnitKind.DEPARTMENT)} == {
        ("昌吉州生态环境局", "州生态环境局", ""),
        ("昌吉州发展和改革委员会", "州发改委", ""),
        ("昌吉州林业和草原局", "州林草局", ""),
    }
    park = changji.children.get(kind=OrgUnitKind.PARK)
    assert (park.name, park.short_name, park.depth) == ("昌吉高新技术产业开发区", "昌吉高新区", 2)


def test_dry_run_says_what_it_would_do_and_saves_nothing(admin):
    preview = region_setup(actor=admin, division_code="652300", dry_run=True)
    assert [u.name for u in preview.created][:2] == ["新疆维吾尔自治区", "昌吉回族自治州"]
    assert len(preview.created) == 9 and not preview.saved
    assert OrgUnit.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_a_province_brings_every_prefecture_and_county(admin):
    result = region_setup(actor=admin, division_code="650000")
    expected = divisions.children("650000")
    expected += [c for d in expected for c in divisions.children(d.code)]
    assert len(result.created) == 1 + len(expected)
    assert {u.code for u in OrgUnit.objects.all()} == {"650000", *(d.code for d in expected)}
    assert OrgUnit.objects.get(code="652301").parent.code == "652300"
    assert OrgUnit.objects.get(code="659001").parent.code == "650000"  # 石河子市, under the region


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("652301", "昌吉市是县级单位"),
        ("999900", "没有行政区划代码为“999900”的地区"),
        ("", "没有行政区划代码"),
    ],
)
def test_a_county_or_an_unknown_code_is_refused(admin, code, message):
    with pytest.raises(ValidationError) as caught:
        region_setup(actor=admin, division_code=code)
    assert message in caught.value.message_dict["division"][0]
    assert OrgUnit.objects.count() == 0


def test_the_office_sets_up_its_own_prefecture():
    region = orgunit_create(name="新疆维吾尔自治区", kind=OrgUnitKind.REGION)
    changji = orgunit_create(
        name="昌吉回族自治州", short_name="昌吉州", kind=OrgUnitKind.PREFECTURE, parent=region
    )
    office = make_user("office")
    role_assign(user=office, role=Role.OFFICE, unit=changji, include_subtree=True)
    result = region_setup(actor=office, division_code="652300", departments=parse_template("水利局"))
    assert len(result.created) == 8
    assert OrgUnit.objects.filter(parent=changji, kind=OrgUnitKind.COUNTY).count() == 7
    assert region.code == "" and OrgUnit.objects.get(pk=region.pk).code == ""  # above its area: untouched


def test_an_office_elsewhere_can_set_up_nothing_here():
    region = orgunit_create(name="新疆维吾尔自治区", kind=OrgUnitKind.REGION)
    orgunit_create(name="昌吉回族自治州", kind=OrgUnitKind.PREFECTURE, parent=region)
    ili = orgunit_create(name="伊犁哈萨克自治州", kind=OrgUnitKind.PREFECTURE, parent=region)
    office = make_user("ili_office")
    role_assign(user=office, role=Role.OFFICE, unit=ili, include_subtree=True)
    before, events = _tree(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        region_setup(actor=office, division_code="652300")
    with pytest.raises(PermissionDenied):  # nor create a prefecture that is not there yet
        region_setup(actor=office, division_code="652700")
    assert _tree() == before and AuditEvent.objects.count() == events


def test_an_office_elsewhere_is_refused_even_when_there_is_nothing_left_to_create(admin):
    region_setup(actor=admin, division_code="652300")
    ili = orgunit_create(
        name="伊犁哈萨克自治州", kind=OrgUnitKind.PREFECTURE, parent=OrgUnit.objects.get(code="650000")
    )
    office = make_user("ili_office")
    role_assign(user=office, role=Role.OFFICE, unit=ili, include_subtree=True)
    with pytest.raises(PermissionDenied) as caught:
        region_setup(actor=office, division_code="652300")
    assert str(caught.value) == "只能在本整改办负责的区域内设置单位"
