"""A document's issuers name its unit: by full or short name, a department standing for its place."""

import pytest

from rectify.ingest.issuer_unit import issuer_unit
from rectify.orgunits.models import OrgUnitKind
from rectify.orgunits.services import orgunit_create


@pytest.fixture
def tree(db):
    region = orgunit_create(name="新疆维吾尔自治区", short_name="新疆", kind=OrgUnitKind.REGION)
    changji = orgunit_create(
        name="昌吉回族自治州", short_name="昌吉州", kind=OrgUnitKind.PREFECTURE, parent=region
    )
    city = orgunit_create(name="昌吉市", kind=OrgUnitKind.COUNTY, parent=changji)
    fukang = orgunit_create(name="阜康市", kind=OrgUnitKind.COUNTY, parent=changji)
    bureau = orgunit_create(
        name="昌吉州生态环境局", short_name="州生态环境局", kind=OrgUnitKind.DEPARTMENT, parent=changji
    )
    return region, changji, city, fukang, bureau


@pytest.mark.parametrize(
    "issuers",
    [
        ["中共昌吉回族自治州委员会", "昌吉回族自治州人民政府"],  # the seed's signature
        ["中共昌吉州委", "昌吉州人民政府"],  # short names
        ["昌吉州生态环境保护督察整改工作领导小组办公室"],
        ["中共昌吉州委", "昌吉州生态环境局"],  # a department stands for its prefecture
    ],
)
def test_the_issuers_name_the_prefecture(tree, issuers):
    assert issuer_unit(issuers).unit == tree[1]


def test_the_longest_name_wins(tree):
    _, _, city, fukang, _ = tree
    assert issuer_unit(["中共昌吉市委", "昌吉市人民政府"]).unit == city  # 昌吉市, not 昌吉州 nor 昌吉
    assert issuer_unit(["阜康市人民政府"]).unit == fukang
    assert issuer_unit(["新疆维吾尔自治区党委"]).unit == tree[0]


def test_two_places_or_a_shared_name_are_said_not_guessed(tree):
    region = tree[0]
    found = issuer_unit(["昌吉市人民政府", "阜康市人民政府"])
    assert found.unit is None
    assert found.problem == "落款单位分属昌吉市、阜康市，无法确定整改责任地区"
    other = orgunit_create(name="哈密市", kind=OrgUnitKind.PREFECTURE, parent=region)
    orgunit_create(name="阜康市", kind=OrgUnitKind.COUNTY, parent=other)  # an invented namesake
    found = issuer_unit(["阜康市人民政府"])
    assert found.unit is None
    assert found.problem.startswith("落款“阜康市人民政府”可能是阜康市（昌吉州）、阜康市（哈密市）")


def test_no_issuers_or_unknown_places_name_nothing(tree):
    assert issuer_unit([]) == issuer_unit(["火星州人民政府"])
    assert issuer_unit([]).unit is None and issuer_unit([]).problem == ""
