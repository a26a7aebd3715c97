"""Units by the names people write in a list (单位名称): name, short name, or 上级/名称 when a name repeats.

names = UnitNames(units)
names.find("呼图壁县") -> (unit, None) or (None, "找不到单位“呼图壁县”")
names.label(unit) -> the shortest text that finds exactly `unit` ("生态环境局" or "呼图壁县/生态环境局")
"""

from rectify.orgunits.models import OrgUnit
from rectify.people.sheet import UNIT_SEPARATOR, normalize


def _names(unit: OrgUnit) -> set[str]:
    return {normalize(n) for n in (unit.name, unit.short_name, getattr(unit, "code", "") or "") if n}


class UnitNames:
    def __init__(self, units):
        self.units = {u.pk: u for u in units}
        self.by_name: dict[str, list[OrgUnit]] = {}
        for unit in self.units.values():
            for name in _names(unit):
                self.by_name.setdefault(name, []).append(unit)

    def _parent_names(self, unit: OrgUnit) -> set[str]:
        parent = self.units.get(unit.parent_id) if unit.parent_id else None
        if parent is None and unit.parent_id:
            parent = unit.parent  # above the area: still a name people use
        return _names(parent) if parent is not None else set()

    def find(self, text: str) -> tuple[OrgUnit | None, str | None]:
        parts = [normalize(p) for p in text.split(UNIT_SEPARATOR)]
        name, above = parts[-1], parts[-2] if len(parts) > 1 else None
        found = self.by_name.get(name, [])
        if above is not None:
            found = [u for u in found if above in self._parent_names(u)]
        if not found:
            return None, f"找不到单位“{text}”"
        if len(found) > 1:
            shown = "、".join(self.label(u) for u in found[:5])
            return None, f"“{text}”对应多个单位（{shown}），请写作“上级单位{UNIT_SEPARATOR}单位”"
        return found[0], None

    def label(self, unit: OrgUnit) -> str:
        for name in (unit.name, unit.short_name):
            if name and len(self.by_name.get(normalize(name), [])) == 1:
                return name
        parent = self.units.get(unit.parent_id) if unit.parent_id else None
        above = (parent.short_name or parent.name) if parent is not None else ""
        return f"{above}{UNIT_SEPARATOR}{unit.name}" if above else unit.name
