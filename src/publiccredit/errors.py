"""The exception hierarchy every layer raises.

Each class says *what kind* of failure happened, never how to present it: the
CLI maps classes to exit codes in ``publiccredit.cli.errors`` and the API maps
them to HTTP statuses in one place of its own. Errors about user input carry
``Problem`` values that name the file, row, field, value and reason, so a
person can fix the input without reading a stack trace.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one piece of input.

    ``row`` counts data rows from 1 (a CSV header is not a row); ``None`` where
    the input has no rows (a single code on the command line).
    """

    reason: str
    field: str | None = None
    value: str | None = None
    row: int | None = None
    file: str | None = None

    def describe(self) -> str:
        """A one-line, human-readable account: where, which field, what, why."""
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        prefix = ", ".join(where)
        value = "" if self.value is None else f" (value {self.value!r})"
        return f"{prefix}: {self.reason}{value}" if prefix else f"{self.reason}{value}"


class PublicCreditError(Exception):
    """Base of every error publiccredit raises on purpose."""


class InvalidInput(PublicCreditError):
    """Input from a person or an agency is wrong; nothing was stored."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message, *("  " + p.describe() for p in self.problems[:50])]
        if len(self.problems) > 50:
            lines.append(f"  … and {len(self.problems) - 50} more")
        return "\n".join(lines)


class InvalidIdentifier(InvalidInput):
    """An identifier (USCC, resident ID number) is malformed or fails its check."""


class PolicyError(PublicCreditError):
    """A policy pack cannot be loaded: malformed, inconsistent, or refused by a guardrail."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join([self.message, *("  " + p.describe() for p in self.problems)])


class GuardrailViolation(PolicyError):
    """A pack breaks a rule-of-law safeguard (DESIGN §8) and is refused."""


class NotFound(PublicCreditError):
    """The thing asked for does not exist (a subject, a record, a case)."""


class Conflict(PublicCreditError):
    """The request contradicts what is stored (different content for a known id)."""


class PermissionDenied(PublicCreditError):
    """The caller's role or competence does not allow this."""


class ProcedureError(PublicCreditError):
    """A procedure step is not allowed in the case's current state or time."""


class Busy(PublicCreditError):
    """Another write held the store longer than a writer may wait; nothing was stored."""
