"""The one place where error classes become exit codes and messages.

Exit codes (documented in ``docs/cli.md``): 0 success; 1 the command ran and
its answer is negative (an invalid code, a failed verification); 2 usage error
(wrong options); 3 invalid input; 4 policy pack refused; 5 not found;
6 conflict; 7 permission denied; 8 procedure step refused; 9 the store was busy
with another write (try again); 70 other.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from rich.console import Console
from rich.markup import escape

from publiccredit import errors

EXIT_CODES: tuple[tuple[type[errors.PublicCreditError], int], ...] = (
    (errors.InvalidInput, 3),
    (errors.PolicyError, 4),
    (errors.NotFound, 5),
    (errors.Conflict, 6),
    (errors.PermissionDenied, 7),
    (errors.ProcedureError, 8),
    (errors.Busy, 9),
    (errors.PublicCreditError, 70),
)


def exit_code_for(error: errors.PublicCreditError) -> int:
    """The exit code for an error: the first class in ``EXIT_CODES`` it belongs to."""
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


def run_guarded(command: Callable[[], object]) -> None:
    """Run the CLI; print a deliberate error as one message on stderr and exit with its code."""
    try:
        command()
    except errors.PublicCreditError as error:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(error))}")
        sys.exit(exit_code_for(error))
