"""What every request needs: the settings, the database engine, the active pack.

Built once by the app factory and kept on ``app.state.api``; endpoints reach
it through the ``api_state`` dependency, never through module globals, so
tests can run several apps (databases) in one process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine

from publiccredit.api.profiles import SummaryCache
from publiccredit.api.ratelimit import TokenBucket
from publiccredit.clock import Clock, clock_from_env, today
from publiccredit.policy.model import Pack
from publiccredit.procedures.calendar import WorkingCalendar
from publiccredit.store.personal import PersonalDataKeys, load_personal_keys
from publiccredit.store.schedules import schedule_stamp, store_calendar

RATE_ENV = "PUBLICCREDIT_API_RATE"
BURST_ENV = "PUBLICCREDIT_API_BURST"
MAX_BODY_ENV = "PUBLICCREDIT_API_MAX_BODY"
WARM_ENV = "PUBLICCREDIT_WARM_STATISTICS"
WEBHOOKS_PRIVATE_ENV = "PUBLICCREDIT_WEBHOOKS_PRIVATE"


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """Tunables: anonymous rate (requests/s) and burst per client, largest request body,
    and whether to count the statistics once at start-up (a served app does, unless
    ``PUBLICCREDIT_WARM_STATISTICS=0``: the first count of a big store takes a while), and
    whether API keys may register webhooks on loopback and private addresses
    (``PUBLICCREDIT_WEBHOOKS_PRIVATE=1``; off: the server would POST into its own network)."""

    rate: float = 20.0
    burst: int = 60
    max_body_bytes: int = 8 * 1024 * 1024
    warm_statistics: bool = False
    webhooks_private: bool = False

    @classmethod
    def from_env(cls) -> ApiSettings:
        """Defaults overridden by ``PUBLICCREDIT_API_RATE`` / ``_BURST`` / ``_MAX_BODY``."""
        default = cls()
        return cls(
            rate=float(os.environ.get(RATE_ENV) or default.rate),
            burst=int(os.environ.get(BURST_ENV) or default.burst),
            max_body_bytes=int(os.environ.get(MAX_BODY_ENV) or default.max_body_bytes),
            warm_statistics=os.environ.get(WARM_ENV, "1") != "0",
            webhooks_private=os.environ.get(WEBHOOKS_PRIVATE_ENV, "") == "1",
        )


@dataclass
class ApiState:
    """The per-app context shared by all requests."""

    engine: Engine
    pack: Pack
    data_dir: Path
    settings: ApiSettings
    clock: Clock = field(default_factory=clock_from_env)
    limiter: TokenBucket = field(init=False)
    summaries: SummaryCache = field(default_factory=SummaryCache, init=False)
    _personal: PersonalDataKeys | None = field(default=None, init=False)
    _calendar: WorkingCalendar | None = field(default=None, init=False)
    _calendar_stamp: tuple[tuple[str, int], ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        self.limiter = TokenBucket(self.settings.rate, self.settings.burst)

    def personal_keys(self) -> PersonalDataKeys:
        """The personal-data keys of the data directory (read once, when first needed)."""
        if self._personal is None:
            self._personal = load_personal_keys(self.data_dir)
        return self._personal

    def calendar(self) -> WorkingCalendar:
        """The official working-day calendar deadlines count in: the package's years and the
        store's schedule files (built again only when those files change, so a year an
        operator adds counts at once, without a restart)."""
        stamp = schedule_stamp(self.data_dir)
        if self._calendar is None or stamp != self._calendar_stamp:
            self._calendar = store_calendar(self.data_dir)
            self._calendar_stamp = stamp
        return self._calendar

    def now(self) -> datetime:
        """The current instant, from the app's one clock."""
        return self.clock.now()

    def today(self) -> date:
        """The official (Beijing) day now, from the app's one clock."""
        return today(self.clock)


async def api_state(request: Request) -> ApiState:
    """The app's ``ApiState`` (a FastAPI dependency; ``async`` so that FastAPI runs it on
    the event loop instead of handing it to the thread pool: it does no I/O)."""
    state: ApiState = request.app.state.api
    return state


StateDep = Annotated[ApiState, Depends(api_state)]
"""An endpoint parameter receiving the ``ApiState``."""
