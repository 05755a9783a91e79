"""The store's working-day schedules: the official calendar every entry point counts in.

An operator adds a newly published year (``publiccredit calendar add FILE``);
the file is checked and kept in the data directory (``calendar/``), so the
CLI, the API, the portal and the sweep all load the same schedules without
anyone having to pass ``--schedule`` to each command. Files load in name
order; a later file's year replaces an earlier one's (a correction is given
whole, as ``procedures.calendar.load_calendar`` says).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from publiccredit.procedures.calendar import WorkingCalendar, load_calendar
from publiccredit.procedures.calendar_files import read_schedule_file

SCHEDULE_DIR = "calendar"


def schedule_paths(data_dir: Path) -> list[Path]:
    """The schedule files kept in the store's data directory, in load order."""
    folder = data_dir / SCHEDULE_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def schedule_stamp(data_dir: Path) -> tuple[tuple[str, int], ...]:
    """The store's schedule files with their modification times: changes when one does."""
    return tuple((path.name, path.stat().st_mtime_ns) for path in schedule_paths(data_dir))


def store_calendar(data_dir: Path, extra: Sequence[Path] = ()) -> WorkingCalendar:
    """The package's years, then the store's schedule files, then ``extra`` files."""
    return load_calendar([*schedule_paths(data_dir), *extra])


def add_schedule(data_dir: Path, source: Path) -> tuple[Path, tuple[int, ...]]:
    """Check ``source`` (``InvalidInput`` naming file, field and value) and keep a copy in
    the store; the stored path and the years it gives."""
    years, lunar = read_schedule_file(source)
    covered = tuple(sorted(set(years) | set(lunar)))
    folder = data_dir / SCHEDULE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    index = len(schedule_paths(data_dir)) + 1
    span = f"{covered[0]}-{covered[-1]}" if covered else "empty"
    target = folder / f"{index:04d}-{span}.yaml"
    shutil.copyfile(source, target)
    return target, covered
