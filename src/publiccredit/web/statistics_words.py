"""The statistics page's words in Chinese and English (a dict per language)."""

from __future__ import annotations

from publiccredit.web.i18n import language

ZH: dict[str, str] = {
    "statistics": "统计",
    "intro": "以下数字均由本平台按公开记录类型和公开名单实时汇总，图表由本站自行绘制；"
    "每张图下方附有数据表。",
    "read_at": "读取时账本大小 $size，统计日期 $day（北京时间）。",
    "from": "起始月份",
    "to": "截止月份",
    "apply": "筛选",
    "month": "月份",
    "count": "数量",
    "total": "合计",
    "other": "其他",
    "no_data": "所选期间没有数据。",
    "data_table": "数据表",
    "invalid": "输入有误：",
    "lists_title": "各名单每月新列入数",
    "lists_desc": "按月份统计的列入名单记录数（按生效日期），每条线代表一个名单。",
    "agencies_title": "各类机关每月报送的记录数",
    "agencies_desc": "按决定日期所在月份统计的记录数，按机关类别分线"
    "（记录最多的几类，其余合并为“其他”）。",
    "agency": "机关类别",
    "provinces_title": "各省份记录数",
    "provinces_desc": "按统一社会信用代码第3-4位（登记管理机关所在省份）统计的记录总数。",
    "province": "省份",
    "unknown_province": "无代码（自然人）",
    "severity_title": "按严重程度统计的记录数",
    "severity_desc": "按记录所标注的严重程度（轻微、一般、严重）统计；未标注的单列。",
    "severity": "严重程度",
    "category_title": "按信息类别统计的记录数",
    "category_desc": "按全国公共信用信息基础目录的类别统计。",
    "category": "信息类别",
    "cases_title": "异议与信用修复的办理时限",
    "cases_intro": "每月受理和作出决定的案件数；决定是否在政策包规定的期限内作出。",
    "objection": "异议",
    "repair": "信用修复",
    "opened": "受理",
    "decided": "作出决定",
    "on_time": "按期",
    "late": "逾期",
    "no_deadline": "无期限",
    "open_now": "待机关办理",
    "overdue_now": "其中已逾期",
    "kind": "案件类型",
    "decided_desc": "每月作出的决定，分为按期、逾期和无期限三部分。",
    "minor": "轻微",
    "general": "一般",
    "serious": "严重",
    "unknown": "未标注",
}

EN: dict[str, str] = {
    "statistics": "Statistics",
    "intro": "These numbers are counted by the platform from public record types and public "
    "lists; the charts are drawn by this site. Each chart has a data table below it.",
    "read_at": "Read at ledger size $size, as of $day (Beijing time).",
    "from": "From month",
    "to": "To month",
    "apply": "Filter",
    "month": "Month",
    "count": "Count",
    "total": "Total",
    "other": "Other",
    "no_data": "No data in the period chosen.",
    "data_table": "Data table",
    "invalid": "Please check your input: ",
    "lists_title": "New list entries per month",
    "lists_desc": "Records that put a subject on a list, by the month the listing takes effect; "
    "one line per list.",
    "agencies_title": "Records per month by kind of agency",
    "agencies_desc": "Records by the month of the decision, one line per kind of agency (the "
    "largest few; the rest together as Other).",
    "agency": "Kind of agency",
    "provinces_title": "Records by province",
    "provinces_desc": "All records by province, from positions 3-4 of the unified social credit "
    "code (where the registering authority sits).",
    "province": "Province",
    "unknown_province": "No code (natural persons)",
    "severity_title": "Records by severity",
    "severity_desc": "Records by the severity class they carry (minor, general, serious); "
    "records without one are shown apart.",
    "severity": "Severity",
    "category_title": "Records by category",
    "category_desc": "Records by category of the national directory of public credit information.",
    "category": "Category",
    "cases_title": "Objections and credit repair: deadlines kept",
    "cases_intro": "Cases opened and decided each month, and whether the decision came within "
    "the deadline the policy pack sets.",
    "objection": "Objections",
    "repair": "Credit repair",
    "opened": "Opened",
    "decided": "Decided",
    "on_time": "On time",
    "late": "Late",
    "no_deadline": "No deadline",
    "open_now": "Waiting on the agency",
    "overdue_now": "of which overdue",
    "kind": "Kind of case",
    "decided_desc": "Decisions each month, split into on time, late and without a deadline.",
    "minor": "Minor",
    "general": "General",
    "serious": "Serious",
    "unknown": "Not given",
}

WORDS = {"zh": ZH, "en": EN}


def say(lang: str) -> dict[str, str]:
    """The words of ``lang`` (Chinese for anything the portal does not have)."""
    return WORDS[language(lang)]
