"""Synthetic entity names, built the way real ones are.

A Chinese entity name is administrative region + trade name (字号) + industry +
organisational form (企业名称登记管理规定): 深圳市 + 腾讯 + 计算机系统 + 有限公司.
Individual businesses carry a shop word instead of a legal form, cooperatives
end in 专业合作社, organs and public institutions are named after their region
and function. Trade names come from the packaged brand-word subset (``data/``).
"""

from __future__ import annotations

import random
from functools import cache
from importlib import resources

from publiccredit.identifiers.regions import Region

_INDUSTRIES = (
    "科技",
    "贸易",
    "实业",
    "建筑工程",
    "餐饮管理",
    "电子",
    "物流",
    "信息技术",
    "文化传媒",
    "商贸",
    "房地产开发",
    "机械设备",
    "服装",
    "食品",
    "医疗器械",
    "新能源",
    "环保科技",
    "企业管理咨询",
    "供应链管理",
    "网络科技",
    "生物科技",
    "汽车服务",
    "装饰工程",
    "教育科技",
    "农业开发",
    "化工",
    "印刷",
    "家具",
    "广告",
    "电子商务",
)
_FORMS = ("有限公司", "有限责任公司", "股份有限公司", "合伙企业")
_FORM_SHARES = (0.82, 0.12, 0.04, 0.02)
_SHOPS = (
    "便利店",
    "餐馆",
    "理发店",
    "五金店",
    "服装店",
    "水果店",
    "小吃店",
    "汽车修理部",
    "建材经营部",
    "日用品商行",
    "副食店",
    "美容店",
    "烟酒店",
    "电动车行",
    "手机店",
)
_COOPS = ("种植", "养殖", "蔬菜", "果业", "茶叶", "农机", "中药材", "水产")
_ORGANS = ("人民政府办公室", "交通运输局", "教育局", "自然资源局", "住房和城乡建设局", "财政局")
_INSTITUTIONS = ("人民医院", "第一中学", "疾病预防控制中心", "图书馆", "中心小学", "广播电视台")
_SOCIAL = ("商会", "行业协会", "慈善会", "书法家协会", "企业家联合会")
_NON_ENTERPRISE = ("幼儿园", "职业培训学校", "养老院", "社会工作服务中心", "康复中心")


@cache
def brand_words() -> tuple[str, ...]:
    """The packaged trade-name words (see ``data/README.md`` for what the subset is)."""
    text = (
        resources.files(__package__).joinpath("data", "brand-words.txt").read_text(encoding="utf-8")
    )
    return tuple(line for line in text.splitlines() if line)


def city_prefix(region: Region) -> str:
    """The region part of a company name: the prefecture-level city, else the province."""
    if region.prefecture.endswith("市") and region.prefecture != "市辖区":
        return region.prefecture
    return region.province


def _county(region: Region) -> str:
    return city_prefix(region) + (region.name if region.name != city_prefix(region) else "")


def entity_name(rng: random.Random, kind: str, region: Region) -> str:
    """A plausible name for an entity of USCC kind ``kind`` registered in ``region``."""
    brand = rng.choice(brand_words())
    if kind == "91":
        form = rng.choices(_FORMS, _FORM_SHARES)[0]
        return city_prefix(region) + brand + rng.choice(_INDUSTRIES) + form
    if kind == "92":
        return _county(region) + brand + rng.choice(_SHOPS)
    if kind == "93":
        return _county(region) + brand + rng.choice(_COOPS) + "专业合作社"
    if kind == "11":
        return _county(region) + rng.choice(_ORGANS)
    if kind == "12":
        return _county(region) + rng.choice(_INSTITUTIONS)
    if kind == "51":
        return city_prefix(region) + brand + rng.choice(_SOCIAL)
    return city_prefix(region) + brand + rng.choice(_NON_ENTERPRISE)
