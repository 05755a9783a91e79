"""The words of the watch list page (kept with the feature, as account_words does)."""

from __future__ import annotations

from publiccredit.web.i18n import language

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "watch": "关注名单",
        "watch_intro": "关注企业的公开信用信息一有变化（新公示记录、列入或移出名单、"
        "惩戒措施、信用修复、公示期届满），这里就会显示提醒，并注明法律依据和可申请修复的日期。"
        "同样的提醒也可通过接口 GET /v1/changes 或 webhook 获取。",
        "watched": "已关注的企业",
        "none_watched": "尚未关注任何企业。",
        "alerts": "最近的提醒",
        "no_alerts": "暂无提醒。",
        "add_title": "添加关注",
        "subjects_label": "统一社会信用代码（每行一个）",
        "add": "添加",
        "remove": "取消关注",
        "added": "已添加 $n 家企业。",
        "removed": "已取消关注。",
        "code": "统一社会信用代码",
        "name": "名称",
        "since": "关注时间",
        "when": "时间",
        "subject": "企业",
        "change": "变化",
        "item": "对象",
        "legal_basis": "法律依据",
        "effective_on": "生效日期",
        "repair_possible_on": "可申请修复日期",
        "record_published": "新公示记录",
        "publication_ended": "停止公示",
        "repaired": "已修复",
        "repair_date_changed": "可修复日期变化",
        "listed": "列入名单",
        "delisted": "移出名单",
        "measure_added": "新增措施",
        "measure_ended": "措施结束",
        "subjects": "统一社会信用代码",
        "subject_field": "统一社会信用代码",
        "form": "表单",
    },
    "en": {
        "watch": "Watch list",
        "watch_intro": "Whenever the public credit information of a company you watch changes "
        "(a record published, a listing or delisting, a measure, a repair, the end of "
        "publication) an alert appears here with its legal basis and the date repair becomes "
        "possible. The same alerts come from GET /v1/changes and webhooks.",
        "watched": "Companies you watch",
        "none_watched": "You do not watch any company yet.",
        "alerts": "Recent alerts",
        "no_alerts": "No alerts yet.",
        "add_title": "Watch more companies",
        "subjects_label": "Unified social credit codes (one a line)",
        "add": "Add",
        "remove": "Stop watching",
        "added": "$n company(ies) added.",
        "removed": "The company is no longer watched.",
        "code": "Unified social credit code",
        "name": "Name",
        "since": "Watched since",
        "when": "When",
        "subject": "Company",
        "change": "Change",
        "item": "What",
        "legal_basis": "Legal basis",
        "effective_on": "Effective on",
        "repair_possible_on": "Repair possible on",
        "record_published": "Record published",
        "publication_ended": "Publication ended",
        "repaired": "Repaired",
        "repair_date_changed": "Repair date changed",
        "listed": "Listed",
        "delisted": "Delisted",
        "measure_added": "Measure added",
        "measure_ended": "Measure ended",
        "subjects": "Unified social credit codes",
        "subject_field": "Unified social credit code",
        "form": "Form",
    },
}


def watch_words(lang: str) -> dict[str, str]:
    """The page's words in ``lang`` (Chinese unless English is asked for)."""
    return WORDS[language(lang)]
