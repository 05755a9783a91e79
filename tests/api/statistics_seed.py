"""Cases for the statistics tests: objections and repairs decided on time, late, and still open.

Added to a seeded store (tests/api/conftest.py ``seed``) through the case
services, exactly as the CLI and the API run them, so every event carries its
case snapshot as in production. Dates are fixed in 2026 (the official calendar
of that year is packaged), so the deadlines are known:

* ``OBJ on time``: filed 2026-09-14 on P-1, rejected 2026-09-21 (20 working days allowed);
* ``OBJ late``: filed 2026-03-02 on P-2, rejected 2026-06-30;
* ``OBJ upheld``: filed 2026-04-01 on P-3, upheld 2026-04-08 (P-3 is revoked, so it counts
  nowhere);
* ``OBJ open``: filed 2026-10-08 on LIC-1, not decided (overdue after its 20 working days);
* ``REP on time``: repair of P-1 applied 2026-10-21 through the portal, forwarded
  2026-10-22, granted 2026-10-26 (SAMR: 7 working days).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from publiccredit.domain.record import parse_record
from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import BEIJING, default_calendar
from publiccredit.service import Submission
from publiccredit.service import cases as service
from publiccredit.service.case_commit import CaseDesk
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.personal import load_personal_keys

SAMR = "samr-440300"


def _uscc(body: str) -> str:
    first17 = "91440300" + body + calc_inner_check_char(body)
    return first17 + calc_check_char(first17)


COMPANY = _uscc("MA5TJT01")


def _row(source_id: str, record_type: str, decided_on: str, **more: Any) -> dict[str, Any]:
    return {"agency": SAMR, "source_record_id": source_id, "record_type": record_type,
            "subject_kind": "entity", "subject_id": COMPANY, "decided_on": decided_on,
            **more}  # fmt: skip


ROWS = [
    _row("ST-REG", "registration", "2015-01-05",
         extra={"name": "统计测试有限公司", "legal_representative_name": "张测试",
                "legal_representative_id": "440301199001011234", "status": "active"}),
    _row("ST-P-1", "admin_penalty", "2025-10-10", severity="serious", amount="200000",
         legal_basis="Product Quality Law Art. 50", facts="Counterfeit goods",
         extra={"penalty_kinds": ["fine"], "procedure": "ordinary"}),
    _row("ST-P-2", "admin_penalty", "2026-01-12", severity="general", amount="5000",
         legal_basis="Product Quality Law Art. 49", facts="Labels",
         extra={"penalty_kinds": ["fine"], "procedure": "ordinary"}),
    _row("ST-P-3", "admin_penalty", "2026-02-10", severity="serious", amount="9000",
         legal_basis="Product Quality Law Art. 49", facts="Wrong company",
         extra={"penalty_kinds": ["fine"], "procedure": "ordinary"}),
    _row("ST-OP-1", "obligation_performed", "2026-10-20", refers_to="ST-P-1",
         extra={"what": "fine_paid"}),
]  # fmt: skip


def at(day: date) -> datetime:
    """Ten o'clock Beijing time on ``day``."""
    return datetime.combine(day, time(10), BEIJING)


def add_cases(config: StoreConfig) -> dict[str, str]:
    """Store the records and the four cases above; their ids by name."""
    pack, calendar = default_pack(), default_calendar()
    keys = load_personal_keys(config.data_dir)
    engine = make_engine(config.db_url)
    try:
        with engine.begin() as conn:
            on = date(2026, 10, 20)
            submission = Submission(conn, pack, keys, on, datetime.combine(on, time(), UTC))
            rows = [(i, parse_record(row), ()) for i, row in enumerate(ROWS)]
            assert submission.add(rows) == []
            submission.finish()
        ids: dict[str, str] = {}
        with engine.begin() as conn:
            desk = CaseDesk(conn, pack, calendar, keys)
            late = service.open_objection(
                desk, "Wrong amount", ["a.pdf"], at(date(2026, 3, 2)), record=(SAMR, "ST-P-2")
            ).case.id
            service.decide(desk, late, SAMR, "rejected", at(date(2026, 6, 30)), reasons="Checked")
            upheld = service.open_objection(
                desk, "Not us at all", ["d.pdf"], at(date(2026, 4, 1)), record=(SAMR, "ST-P-3")
            ).case.id
            service.decide(desk, upheld, SAMR, "upheld", at(date(2026, 4, 8)),
                           reasons="Identity mix-up", remedy="revoke")  # fmt: skip
            kept = service.open_objection(
                desk, "Wrong company", ["b.pdf"], at(date(2026, 9, 14)), record=(SAMR, "ST-P-1")
            ).case.id
            service.decide(desk, kept, SAMR, "rejected", at(date(2026, 9, 21)), reasons="Checked")
            still = service.open_objection(
                desk, "Not us", ["c.pdf"], at(date(2026, 10, 8)), record=(SAMR, "ST-P-2")
            ).case.id
            repair = service.open_repair(
                desk, COMPANY, [(SAMR, "ST-P-1")], ["receipt.pdf"], "I commit",
                at(date(2026, 10, 21)),
            ).case.id  # fmt: skip
            service.act(desk, repair, "forward", "system", at(date(2026, 10, 22)))
            service.decide(desk, repair, SAMR, "granted", at(date(2026, 10, 26)))
        ids.update({"late": late, "upheld": upheld, "kept": kept, "open": still,
                    "repair": repair})  # fmt: skip
        return ids
    finally:
        engine.dispose()
