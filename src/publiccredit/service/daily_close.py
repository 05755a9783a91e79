"""The daily close of the ledger: commit the ended days' access logs, sign a tree head.

DESIGN §6: each day's access log is committed to the ledger as one leaf, and
tree heads are signed and published. Neither happened unless an operator ran
it by hand, so reports and the transparency page of a running store carried
no proof newer than the last manual signature. The sweep (``publiccredit
sweep``), ``publiccredit ledger close-day`` and the demo build run this:

* every ended official day not yet committed (``store.access_log.days_to_commit``)
  is committed, each in its own unit of work, so readers wait at most for one;
* then, if the tree grew since the latest signed head (or none was signed),
  a head is signed for the current size. An unchanged tree gets no new head:
  a head says "this is the tree now", and repeating it says nothing new.

Running it twice is harmless: committed days and an unmoved tree are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from publiccredit.domain.official_time import official_day
from publiccredit.ledger.heads import TreeHead
from publiccredit.store.access_log import commit_access_log, days_to_commit
from publiccredit.store.heads import latest_head, sign_current_head
from publiccredit.store.nodestore import ledger_size
from publiccredit.store.unit import write_unit


@dataclass(frozen=True, slots=True)
class DailyClose:
    """What the close did: the days committed (with their events' seqs) and the new head."""

    committed: list[tuple[date, int]] = field(default_factory=list)
    head: TreeHead | None = None

    def to_json(self) -> dict[str, object]:
        """The result as ``--json`` prints it."""
        return {
            "access_log_days": [{"day": d.isoformat(), "seq": seq} for d, seq in self.committed],
            "signed_head": None if self.head is None else self.head.to_json(),
        }


def commit_ended_days(engine: Engine, now: datetime) -> list[tuple[date, int]]:
    """Commit every ended official day's access log not committed yet; ``(day, seq)`` each."""
    with write_unit(engine) as conn:
        days = days_to_commit(conn, official_day(now))
    done: list[tuple[date, int]] = []
    for day in days:
        with write_unit(engine) as conn:
            if day in days_to_commit(conn, official_day(now)):  # another close may have run
                done.append((day, commit_access_log(conn, day, now)))
    return done


def sign_if_moved(engine: Engine, key: Ed25519PrivateKey, now: datetime) -> TreeHead | None:
    """Sign a head for the current size unless the latest head already has it; the new head."""
    with write_unit(engine) as conn:
        latest = latest_head(conn)
        if latest is not None and latest.size == ledger_size(conn):
            return None
        return sign_current_head(conn, key, now)


def close_day(engine: Engine, key: Ed25519PrivateKey, now: datetime) -> DailyClose:
    """Commit the ended access-log days, then sign a head if the tree moved (see above)."""
    committed = commit_ended_days(engine, now)
    return DailyClose(committed, sign_if_moved(engine, key, now))
