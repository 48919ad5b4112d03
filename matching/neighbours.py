"""Which Shanghai districts border which (by land; 崇明 by the Yangtze bridge-tunnel to 宝山).

Experience in a neighbouring district counts for a demand listing (matching.scoring).
"""

_BORDERS = {
    "黄浦区": ("徐汇区", "静安区", "虹口区", "浦东新区"),
    "徐汇区": ("长宁区", "静安区", "闵行区", "浦东新区"),
    "长宁区": ("静安区", "普陀区", "闵行区"),
    "静安区": ("普陀区", "虹口区", "宝山区"),
    "普陀区": ("宝山区", "嘉定区", "闵行区"),
    "虹口区": ("杨浦区", "宝山区", "浦东新区"),
    "杨浦区": ("宝山区", "浦东新区"),
    "闵行区": ("嘉定区", "青浦区", "松江区", "奉贤区", "浦东新区"),
    "宝山区": ("嘉定区", "浦东新区", "崇明区"),
    "嘉定区": ("青浦区",),
    "浦东新区": ("奉贤区",),
    "金山区": ("松江区", "奉贤区"),
    "松江区": ("青浦区", "奉贤区"),
}


def _symmetric() -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    for name, others in _BORDERS.items():
        for other in others:
            pairs.setdefault(name, set()).add(other)
            pairs.setdefault(other, set()).add(name)
    return {name: frozenset(others) for name, others in pairs.items()}


NEIGHBOURS = _symmetric()


def neighbours_of(district_name: str) -> frozenset[str]:
    return NEIGHBOURS.get(district_name, frozenset())
