"""Which place a document's issuer names (落款): the names a unit of the tree may be called by.

An issuer is a place's party committee, government or one of its offices: 中共昌吉州委,
中共昌吉回族自治州委员会, 昌吉州人民政府, 昌吉回族自治州生态环境保护督察整改工作领导小组办公室.
Each begins with the place's name, full or short, after the party's prefix; the place is the longest
unit name that begins the rest. `name_candidates` gives those beginnings, longest first, for a lookup
of unit names (the lookup itself, over the tree, is `ingest.issuer_unit`).
"""

import unicodedata

PARTY_PREFIXES = ("中国共产党", "中共")
SHORTEST_NAME = 2  # 2 characters: the shortest unit name (e.g. 和县); a single character names nothing


def issuer_body(issuer: str) -> str:
    """The issuer without spaces and without the party's prefix: 中共昌吉州委 → 昌吉州委."""
    body = "".join(unicodedata.normalize("NFKC", issuer).split())
    for prefix in PARTY_PREFIXES:
        if body.startswith(prefix):
            return body[len(prefix) :]
    return body


def name_candidates(issuer: str) -> list[str]:
    """Every beginning of the issuer's body that could be a unit's name, the longest first."""
    body = issuer_body(issuer)
    return [body[:end] for end in range(len(body), SHORTEST_NAME - 1, -1)]
