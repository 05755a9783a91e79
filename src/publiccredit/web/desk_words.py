"""The agency clerk's desk in Chinese and English (``desk_pages``, ``desk_upload``)."""

from __future__ import annotations

from publiccredit.web.i18n import language

DESK_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "desk": "机关工作台",
        "signed_in_as": "已登录：$agency（密钥 $key_id）",
        "open_cases": "待办案件",
        "no_cases": "没有待办案件。",
        "overdue": "已超期的办理期限",
        "no_overdue": "没有超期的办理期限。",
        "case": "案件",
        "case_kind": "类型",
        "subject": "主体",
        "state": "状态",
        "opened_at": "立案时间",
        "step": "步骤",
        "due_on": "期限",
        "days_late": "超期工作日",
        "upload": "上传记录文件",
        "upload_intro": (
            "CSV、JSON Lines 或 Parquet 文件，每行一条记录，机关须为本机关。整份文件一并入库："
            "任何一行有误，全部不入库，并列出每一行的问题。"
        ),
        "file": "文件",
        "send": "上传",
        "no_file": "请选择一个 .csv、.jsonl 或 .parquet 文件。",
        "too_large": "文件超过 50 MB：请用命令行 publiccredit ingest 入库。",
        "stored": (
            "已入库 $stored 条记录（未变 $unchanged 条，更正 $corrected 条），"
            "重新评价 $assessed 个主体。"
        ),
        "refused": "文件未入库：$n 行有误。请改正后重新上传整份文件。",
        "row": "行",
        "field": "字段",
        "value": "值",
        "reason": "原因",
        "propose": "提出列入名单",
        "list": "名单",
        "facts": "事实",
        "ground": "列入事由",
        "legal_basis": "法律依据",
        "refers_to": "所依据的处罚记录编号",
        "open": "立案",
        "actions": "办理",
        "decide": "作出决定",
        "outcome": "决定",
        "reasons": "理由",
        "do": "执行",
        "done": "已办理：案件 $case 现在的状态是 $state。",
        "problems": "未能办理：",
        "history": "办理记录",
        "back": "返回工作台",
        "not_yours": "该案件不由本机关办理。",
    },
    "en": {
        "desk": "Agency desk",
        "signed_in_as": "Signed in: $agency (key $key_id)",
        "open_cases": "Open cases",
        "no_cases": "No open cases.",
        "overdue": "Deadlines missed",
        "no_overdue": "No deadline is overdue.",
        "case": "Case",
        "case_kind": "Kind",
        "subject": "Subject",
        "state": "State",
        "opened_at": "Opened",
        "step": "Step",
        "due_on": "Due",
        "days_late": "Working days late",
        "upload": "Upload a record file",
        "upload_intro": (
            "A CSV, JSON Lines or Parquet file, one record a row, your agency's own. The whole "
            "file is stored or nothing: if any row is wrong nothing is stored and every row's "
            "problem is listed."
        ),
        "file": "File",
        "send": "Upload",
        "no_file": "Choose a .csv, .jsonl or .parquet file.",
        "too_large": "The file is over 50 MB: store it with the command line, publiccredit ingest.",
        "stored": (
            "Stored $stored records ($unchanged unchanged, $corrected corrected); "
            "$assessed subjects re-assessed."
        ),
        "refused": (
            "The file was not stored: $n row(s) are wrong. Correct them and upload the whole "
            "file again."
        ),
        "row": "Row",
        "field": "Field",
        "value": "Value",
        "reason": "Reason",
        "propose": "Propose a listing",
        "list": "List",
        "facts": "Facts",
        "ground": "Ground for listing",
        "legal_basis": "Legal basis",
        "refers_to": "Penalty record it rests on (source id)",
        "open": "Open the case",
        "actions": "Steps",
        "decide": "Decide",
        "outcome": "Outcome",
        "reasons": "Reasons",
        "do": "Do it",
        "done": "Done: case $case is now $state.",
        "problems": "Could not do it:",
        "history": "History",
        "back": "Back to the desk",
        "not_yours": "This case is not your agency's.",
    },
}


def desk_words(lang: str) -> dict[str, str]:
    """The desk's words in ``lang``."""
    return DESK_WORDS[language(lang)]
