"""The statistics answers of this process, kept per ledger size and refreshed in the background.

Counting a large store takes a while (every record is read; seconds per
hundred thousand on SQLite), and the ledger grows with every event, so a
cache keyed only by ledger size would make the first visitor after each event
wait. The rule is therefore:

* an answer read at the current ledger size is served as it is;
* an answer read at an older size but younger than ``max_stale`` seconds
  (``PUBLICCREDIT_STATISTICS_MAX_STALE``, default 300; 0 turns this off) is
  served at once, and one background thread counts again; the answer always
  says the ledger size it was read at (``tree_size``), so it is never passed
  off as newer than it is;
* otherwise the request counts, and requests for the same key that arrive
  meanwhile wait for that one count instead of starting their own.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

MAX_STALE_ENV = "PUBLICCREDIT_STATISTICS_MAX_STALE"
DEFAULT_MAX_STALE = 300.0
SIZE = 64

T = TypeVar("T")


def max_stale() -> float:
    """Seconds an answer read at an older ledger size may still be served."""
    value = os.environ.get(MAX_STALE_ENV, "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_MAX_STALE
    except ValueError:
        return DEFAULT_MAX_STALE


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    tree_size: int
    made_at: float
    answer: T


class StaleWhileRefreshing(Generic[T]):
    """The last ``SIZE`` answers by key, each with the ledger size it was read at."""

    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, _Entry[T]] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._refreshing: set[Hashable] = set()
        self._guard = threading.Lock()

    def _lock(self, key: Hashable) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def _get(self, key: Hashable) -> _Entry[T] | None:
        with self._guard:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def _put(self, key: Hashable, entry: _Entry[T]) -> None:
        with self._guard:
            old = self._entries.get(key)
            if old is None or old.tree_size <= entry.tree_size:
                self._entries[key] = entry
                self._entries.move_to_end(key)
            while len(self._entries) > SIZE:
                dropped, _ = self._entries.popitem(last=False)
                self._locks.pop(dropped, None)

    def _count(self, key: Hashable, compute: Callable[[], tuple[int, T]]) -> _Entry[T]:
        size, answer = compute()
        entry = _Entry(size, time.monotonic(), answer)
        self._put(key, entry)
        return entry

    def _refresh(self, key: Hashable, compute: Callable[[], tuple[int, T]]) -> None:
        with self._guard:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def run() -> None:
            try:
                with self._lock(key):
                    self._count(key, compute)
            finally:
                with self._guard:
                    self._refreshing.discard(key)

        threading.Thread(target=run, name="statistics-refresh", daemon=True).start()

    def get(self, key: Hashable, size: int, compute: Callable[[], tuple[int, T]]) -> T:
        """The answer for ``key`` at ledger size ``size`` (see the module docstring);
        ``compute`` counts and returns ``(tree size read at, answer)``."""
        entry = self._get(key)
        if entry is not None and entry.tree_size >= size:
            return entry.answer
        if entry is not None and time.monotonic() - entry.made_at < max_stale():
            self._refresh(key, compute)
            return entry.answer
        with self._lock(key):
            entry = self._get(key)  # another request may have counted meanwhile
            if entry is not None and entry.tree_size >= size:
                return entry.answer
            return self._count(key, compute).answer
