"""The org-unit tree and the roles people hold on it."""

from django.conf import settings
from django.db import models


class OrgUnitKind(models.TextChoices):
    REGION = "region", "省/自治区"
    PREFECTURE = "prefecture", "州/市"
    COUNTY = "county", "县/市/区"
    PARK = "park", "园区"
    DEPARTMENT = "department", "部门"
    OTHER = "other", "其他"


def unit_label(name: str, short_name: str) -> str:
    """How a unit is named on pages: its short name if it has one (also for option lists built from values)."""
    return short_name or name


class OrgUnit(models.Model):
    """A unit of the tree (组织机构): region → prefecture → county/park, with departments at each level.

    A region, prefecture or county carries its administrative division code (行政区划代码, GB/T 2260);
    parks and departments have none. A code names one unit: it is unique among the non-blank ones.

    `path` is the materialised path of ids ("/1/7/42/"), so a subtree is one indexed prefix match.
    Units are created through `orgunits.services.orgunit_create`, which fills it in.
    """

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    code = models.CharField(
        "行政区划代码",
        max_length=12,
        blank=True,
        default="",
        help_text="GB/T 2260 的六位代码，如昌吉回族自治州 652300；园区、部门留空",
    )
    kind = models.CharField("类型", max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["path"]
        verbose_name = "单位"
        verbose_name_plural = "单位"
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="unique_division_code"
            )
        ]

    def __str__(self) -> str:
        return unit_label(self.name, self.short_name)

    def is_within(self, other: "OrgUnit") -> bool:
        """True when this unit is `other` or lies in its subtree."""
        return self.path.startswith(other.path)


class Role(models.TextChoices):
    OFFICE = "office", "整改办"
    LIAISON = "liaison", "单位联络员"
    LEADER = "leader", "责任领导"
    OBSERVER = "observer", "观察员"
    ADMIN = "admin", "系统管理员"


class RoleAssignment(models.Model):
    """A role a person holds on a unit (岗位), optionally covering the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="单位", on_delete=models.CASCADE, related_name="role_assignments"
    )
    include_subtree = models.BooleanField("含下级单位", default=False)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}{'（含下级）' if self.include_subtree else ''}"
