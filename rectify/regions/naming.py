"""The common short names of divisions (简称), derived by rule from the official names. Pure: no Django.

    short_name("新疆维吾尔自治区")   -> "新疆"
    short_name("昌吉回族自治州")     -> "昌吉州"
    short_name("木垒哈萨克自治县")   -> "木垒县"
    short_name("昌吉市")            -> "昌吉市"   (nothing to shorten)

An autonomous area drops its "自治" and the peoples' names before it (回族, 哈萨克, 苗族侗族 …); a
province-level unit drops its 省/市/自治区/特别行政区 as well. A name is never cut below two characters
(内蒙古自治区 → 内蒙古, not 内). Usage sometimes shortens further (巴音郭楞蒙古自治州 is called 巴州):
the rule gives the regular form and the office edits the rest.

`level_word` is the word a department's short name starts with at that level (州发改委, 市发改委).
"""

# The peoples' names as they stand in the names of autonomous areas, longest first so that 蒙古族 is
# tried before 蒙古. 各族 stands in 互助土族自治县-like names that list several.
_PEOPLES = sorted(
    {
        *(
            f"{p}族"
            for p in [
                "回",
                "藏",
                "壮",
                "彝",
                "苗",
                "侗",
                "瑶",
                "白",
                "傣",
                "黎",
                "畲",
                "水",
                "土",
                "满",
                "羌",
                "佤",
                "怒",
                "京",
                "蒙古",
                "布依",
                "朝鲜",
                "哈尼",
                "傈僳",
                "拉祜",
                "纳西",
                "景颇",
                "土家",
                "仡佬",
                "仫佬",
                "毛南",
                "达斡尔",
                "鄂温克",
                "鄂伦春",
                "撒拉",
                "保安",
                "东乡",
                "裕固",
                "普米",
                "独龙",
                "基诺",
                "德昂",
                "布朗",
                "阿昌",
                "哈萨克",
                "维吾尔",
                "柯尔克孜",
                "塔吉克",
                "锡伯",
                "各",
            ]
        ),
        "蒙古",
        "哈萨克",
        "维吾尔",
        "柯尔克孜",
        "塔吉克",
        "锡伯",
        "鄂伦春",
        "鄂温克",
        "达斡尔",
    },
    key=len,
    reverse=True,
)

_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
_AUTONOMOUS = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


def _drop_peoples(stem: str) -> str:
    """`stem` without the peoples' names at its end, as long as two characters remain."""
    changed = True
    while changed:
        changed = False
        for people in _PEOPLES:
            if stem.endswith(people) and len(stem) - len(people) >= 2:
                stem = stem[: -len(people)]
                changed = True
                break
    return stem


def short_name(name: str, *, province: bool = False) -> str:
    """The common short name of a division's official `name` (the name itself when there is none).

    `province` marks a province-level name: 黑龙江省 → 黑龙江, 北京市 → 北京 (a city below a province
    keeps its 市: 昌吉市 stays 昌吉市)."""
    name = (name or "").strip()
    for suffix, kept in _AUTONOMOUS.items():
        if name.endswith(suffix):
            stem = _drop_peoples(name[: -len(suffix)])
            return stem + kept if len(stem) >= 2 else name
    if province:
        for suffix in _PROVINCE_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                return _drop_peoples(name[: -len(suffix)])
    return name


def level_word(name: str) -> str:
    """The one word for "this level" that starts a department's short name: 州 (昌吉回族自治州 → 州发改委),
    市, 地区, 盟, 县, 区, 旗, 省, 自治区."""
    name = (name or "").strip()
    for ending in ("特别行政区", "自治区", "地区", "省", "州", "盟", "市", "县", "区", "旗"):
        if name.endswith(ending):
            return ending
    return ""
