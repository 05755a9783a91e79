"""The portal's words in Chinese and English, and which language a request asks for.

``?lang=zh`` (the default) or ``?lang=en``; anything else falls back to
Chinese. Record types, lists and measures bring their own names from the
policy pack where the pack has them in both languages.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "site": "公共信用信息公示",
        "home": "首页",
        "lists": "名单",
        "transparency": "透明度",
        "statistics": "统计",
        "policy": "规则",
        "me": "我的信用",
        "search": "查询",
        "search_hint": "输入统一社会信用代码或名称",
        "results": "查询结果",
        "no_results": "没有找到匹配的主体。",
        "more": "下一页",
        "kind": "类型",
        "region": "地区",
        "code": "统一社会信用代码",
        "name": "名称",
        "entity_kind": "主体类别",
        "status": "登记状态",
        "legal_rep": "法定代表人",
        "profile": "信用档案",
        "current_lists": "当前列入的名单",
        "none": "无",
        "since": "列入日期",
        "until": "移出日期",
        "open_ended": "未定",
        "legal_basis": "法律依据",
        "measures": "正在实施的措施",
        "rating": "信用评价等级",
        "level": "等级",
        "score": "分数",
        "reasons": "原因代码",
        "not_assessed": "尚未评价。",
        "records": "公示记录",
        "record_type": "记录类型",
        "decided_on": "决定日期",
        "agency": "机关",
        "facts": "事实",
        "details": "详情",
        "record_id": "记录编号",
        "as_of": "评价日期",
        "members": "名单成员",
        "download": "下载",
        "managing_authority": "管理机关",
        "tree_head": "当前签名树头",
        "no_head": "尚无签名树头。",
        "verify": "如何验证",
        "not_found": "未找到",
        "not_found_text": "没有找到您要的页面或主体。请检查代码后重新查询。",
        "too_many": "请求过于频繁",
        "too_many_text": "请稍后再试。",
        "bad_request": "请求无效",
        "bad_request_text": "请求无法处理，请检查输入后重试。",
        "entity": "组织",
        "person": "自然人",
        "api_json": "接口（JSON）",
    },
    "en": {
        "site": "Public credit information",
        "home": "Home",
        "lists": "Lists",
        "transparency": "Transparency",
        "statistics": "Statistics",
        "policy": "Policy",
        "me": "My record",
        "search": "Search",
        "search_hint": "Unified social credit code or name",
        "results": "Results",
        "no_results": "No subject matches.",
        "more": "Next page",
        "kind": "Kind",
        "region": "Region",
        "code": "Unified social credit code",
        "name": "Name",
        "entity_kind": "Entity kind",
        "status": "Registration status",
        "legal_rep": "Legal representative",
        "profile": "Credit profile",
        "current_lists": "Lists the subject is on now",
        "none": "None",
        "since": "Since",
        "until": "Until",
        "open_ended": "open-ended",
        "legal_basis": "Legal basis",
        "measures": "Measures in force",
        "rating": "Credit evaluation level",
        "level": "Level",
        "score": "Score",
        "reasons": "Reason codes",
        "not_assessed": "Not assessed yet.",
        "records": "Published records",
        "record_type": "Record type",
        "decided_on": "Decided on",
        "agency": "Agency",
        "facts": "Facts",
        "details": "Details",
        "record_id": "Record id",
        "as_of": "Assessed for",
        "members": "Members",
        "download": "Download",
        "managing_authority": "Managing authority",
        "tree_head": "Current signed tree head",
        "no_head": "No signed tree head yet.",
        "verify": "How to verify",
        "not_found": "Not found",
        "not_found_text": "The page or subject you asked for does not exist. Check the code "
        "and search again.",
        "too_many": "Too many requests",
        "too_many_text": "Please try again in a moment.",
        "bad_request": "Invalid request",
        "bad_request_text": "The request could not be handled; check what you entered.",
        "entity": "Organisation",
        "person": "Natural person",
        "api_json": "API (JSON)",
    },
}


def language(requested: str | None) -> str:
    """The language to answer in: ``requested`` if the portal has it, else Chinese."""
    return requested if requested in LANGUAGES else DEFAULT


def words(lang: str) -> dict[str, str]:
    """The strings of ``lang``."""
    return STRINGS[language(lang)]
