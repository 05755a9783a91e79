"""The report's words in Chinese and English (shared by the HTML and the PDF renderer).

Kept beside the report rather than in ``web/i18n.py`` so that the report can
change its wording without touching the rest of the portal. The general
words (code, name, lists…) still come from ``i18n.words``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from publiccredit.web.i18n import language, words
from publiccredit.web.labels import beijing_time, entity_kind_name, region_name, status_name

if TYPE_CHECKING:
    from publiccredit.web.report_data import Report

REPORT_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "report": "公共信用信息报告",
        "report_number": "报告编号",
        "check_number": "扫码或打开此链接核验本报告",
        "check_title": "核验报告编号",
        "check_ok": (
            "报告 $number 与平台现在公示的内容一致：$as_of 当日公示的记录、名单和措施未变。"
        ),
        "check_changed": (
            "报告 $number 与平台现在公示的内容不一致：该报告出具后记录有更正、撤销或新增，"
            "或编号有误。请查看平台现在的报告。"
        ),
        "check_bad": "“$number” 不是报告编号（格式：PCR-年月日-XXXX-XXXX-XXXX-XXXX）。",
        "check_current": "平台现在出具的该日报告（编号 $number）",
        "report_link": "公共信用信息报告（可打印、可验证）",
        "download_pdf": "下载 PDF",
        "download_json": "JSON 数据",
        "as_of": "报告日期",
        "change_date": "换一个日期",
        "show": "生成",
        "generated_at": "生成时间",
        "policy_version": "规则版本",
        "subject": "主体",
        "lists_on": "报告日期所在名单",
        "measures_on": "报告日期实施的措施",
        "record_state": "状态",
        "published_from": "公示起",
        "published_until": "公示止",
        "events": "账本事件",
        "state_published": "公示中",
        "state_under_objection": "异议处理中",
        "head": "签名树头",
        "head_size": "树大小",
        "head_root": "根哈希",
        "head_time": "时间",
        "head_key_id": "密钥编号",
        "head_signature": "签名",
        "public_key": "公钥（Ed25519，原始十六进制）",
        "no_head": "尚无签名树头：本报告的记录暂时无法用包含证明验证。",
        "pending": "以下账本事件晚于最新签名树头，下一个树头签发后可验证：",
        "proofs": "附录：包含证明",
        "proofs_intro": "每个账本事件：序号、叶子索引、树大小、叶子、叶子哈希、"
        "审计路径（自叶至根）。",
        "how_to_verify": "如何验证本报告",
        "verify_steps": (
            "1. 用 /v1/transparency/public-key 取得 Ed25519 公钥，核对其与本报告所列公钥及树头"
            "密钥编号一致；按 docs/ledger.md 重建消息"
            '{"context":"publiccredit/tree-head/v1","root_hex":…,"size":…,"timestamp":…}'
            "（RFC 8785 规范 JSON），验证树头签名。\n"
            "2. 对每个事件计算叶子哈希 SHA-256(0x00 || 叶子)，应等于所列叶子哈希。\n"
            "3. 按 RFC 6962 §2.1.1（RFC 9162 §2.1.3.2 算法）用叶子索引、树大小与审计路径逐级"
            "计算 SHA-256(0x01 || 左 || 右)，所得根哈希应等于签名树头的根哈希。\n"
            "4. 之后任何时候，用 /v1/transparency/consistency?from=树大小 取一致性证明，"
            "确认账本只追加、从未改写；也可在门户“透明度”页面粘贴证明进行核验。"
        ),
        "footer": "第 $page 页",
        "no_records": "该日期没有公示的记录。",
        "invalid_date": "报告日期无效",
    },
    "en": {
        "report": "Public credit report",
        "report_number": "Report number",
        "check_number": "Scan or open this link to check this report",
        "check_title": "Check a report number",
        "check_ok": (
            "Report $number matches what the platform publishes now: the records, lists "
            "and measures public on $as_of are unchanged."
        ),
        "check_changed": (
            "Report $number does not match what the platform publishes now: records were "
            "corrected, revoked or added after it was issued, or the number is wrong. "
            "See the platform's current report."
        ),
        "check_bad": "“$number” is not a report number (form: PCR-YYYYMMDD-XXXX-XXXX-XXXX-XXXX).",
        "check_current": "The platform's report for that day now (number $number)",
        "report_link": "Public credit report (printable, verifiable)",
        "download_pdf": "Download PDF",
        "download_json": "JSON data",
        "as_of": "Report date",
        "change_date": "Another date",
        "show": "Show",
        "generated_at": "Generated at",
        "policy_version": "Policy version",
        "subject": "Subject",
        "lists_on": "Lists on the report date",
        "measures_on": "Measures in force on the report date",
        "record_state": "State",
        "published_from": "Published from",
        "published_until": "Published until",
        "events": "Ledger events",
        "state_published": "published",
        "state_under_objection": "under objection",
        "head": "Signed tree head",
        "head_size": "Tree size",
        "head_root": "Root hash",
        "head_time": "Timestamp",
        "head_key_id": "Key id",
        "head_signature": "Signature",
        "public_key": "Public key (Ed25519, raw hex)",
        "no_head": "No signed tree head yet: this report's records cannot be proved yet.",
        "pending": "These ledger events are newer than the latest signed head; they can be "
        "proved once the next head is signed:",
        "proofs": "Appendix: inclusion proofs",
        "proofs_intro": "For each ledger event: sequence number, leaf index, tree size, leaf, "
        "leaf hash, audit path (leaf to root).",
        "how_to_verify": "How to verify this report",
        "verify_steps": (
            "1. Fetch the Ed25519 public key from /v1/transparency/public-key and check it equals "
            "the key in this report and the head's key id; rebuild the message "
            '{"context":"publiccredit/tree-head/v1","root_hex":…,"size":…,"timestamp":…} '
            "(RFC 8785 canonical JSON, docs/ledger.md) and verify the head's signature.\n"
            "2. For each event compute the leaf hash SHA-256(0x00 || leaf); it must equal the "
            "leaf hash shown.\n"
            "3. Run RFC 6962 §2.1.1 (the RFC 9162 §2.1.3.2 algorithm) with the leaf index, tree "
            "size and audit path, hashing SHA-256(0x01 || left || right) level by level: the "
            "result must equal the signed head's root hash.\n"
            "4. At any later time, /v1/transparency/consistency?from=TREE_SIZE gives a "
            "consistency proof that the ledger was only appended to; or paste a proof into the "
            "form on the portal's Transparency page."
        ),
        "footer": "page $page",
        "no_records": "No records were public on that date.",
        "invalid_date": "Invalid report date",
    },
}


def report_words(lang: str) -> dict[str, str]:
    """The portal's general words of ``lang`` with the report's own on top."""
    return {**words(lang), **REPORT_WORDS[language(lang)]}


def state_name(say: dict[str, str], state: str) -> str:
    """A record state in words (the state itself when the report has no word for it)."""
    return say.get(f"state_{state}", state)


def fact_rows(report: Report) -> list[tuple[str, object]]:
    """The subject's facts and the report's own, labelled, in the order both renderers
    (HTML and PDF) show them."""
    say = report_words(report.lang)
    subject = report.subject
    rows: list[tuple[str, object]] = [
        (say["code"], subject["subject_key"]),
        (say["name"], subject["name"] or ""),
        (say["kind"], say.get(subject["kind"], subject["kind"])),
        (say["entity_kind"], entity_kind_name(subject.get("entity_kind"), report.lang)),
        (say["region"], region_name(subject.get("region"), report.lang)),
    ]
    if "status" in report.registration:
        rows.append((say["status"], status_name(report.registration["status"], report.lang)))
    if "legal_representative" in report.registration:
        rows.append((say["legal_rep"], report.registration["legal_representative"]))
    rows += [
        (say["report_number"], report.number),
        (say["as_of"], report.as_of),
        (say["generated_at"], beijing_time(report.generated_at, report.lang)),
        (say["policy_version"], report.policy_version or ""),
    ]
    return rows
