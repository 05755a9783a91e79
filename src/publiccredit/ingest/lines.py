"""Reading a byte stream line by line, with bounded memory and byte offsets.

The text readers decode each physical line on its own, so a line of invalid
UTF-8 spoils only its own row: the reader reports the byte offset of the first
bad byte and goes on with the next row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from publiccredit.errors import Problem

MAX_LINE_BYTES = 1 << 20
"""Longest line read whole (1 MiB); a longer line is reported and skipped."""

_CHUNK = 1 << 16


def physical_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes, bool]]:
    """(byte offset, line bytes with its line end, whether it was read whole)."""
    offset = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield offset, line, True
            offset += len(line)
            continue
        start = offset
        offset += len(line)
        while not line.endswith(b"\n"):  # skip the rest of an overlong line
            line = stream.readline(_CHUNK)
            if not line:
                break
            offset += len(line)
        yield start, b"", False


class LineFeed:
    """Decoded lines for ``csv.reader``, remembering what went wrong in the current row.

    ``csv.reader`` pulls as many lines as one row needs (more than one when a
    quoted cell holds a line break); the problems of those lines belong to
    that row. ``start_row`` forgets the problems of the row before.
    """

    def __init__(self, lines: Iterator[tuple[int, bytes, bool]]) -> None:
        self._lines = lines
        self.problems: list[Problem] = []
        self._first = True

    def start_row(self) -> None:
        """Begin a new row: earlier lines' problems are already reported."""
        self.problems = []

    def __iter__(self) -> LineFeed:
        return self

    def __next__(self) -> str:
        offset, raw, complete = next(self._lines)
        if self._first:
            self._first = False
            if raw.startswith(b"\xef\xbb\xbf"):
                raw, offset = raw[3:], offset + 3
        if not complete:
            reason = f"line longer than {MAX_LINE_BYTES} bytes at byte offset {offset}"
            self.problems.append(Problem(reason))
            return "\n"
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            reason = f"invalid UTF-8 at byte offset {offset + error.start}"
            self.problems.append(Problem(reason))
            return raw.decode("utf-8", "replace")
