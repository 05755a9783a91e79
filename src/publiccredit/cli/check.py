"""``publiccredit check CODE…``: may these subjects do this? — failing closed.

Every code is parsed before anything is decided (``identifiers.subject_code``,
the same gate as the API and the portal): full-width forms, spaces and lower
case fold to the same code; a code that is neither a valid unified social
credit code nor a valid resident ID number stops the command with its reason
(exit 3, nothing decided). A resident ID number is looked up in the file by
the number, in the store by its keyed hash (and, as the API does, through
the entities whose registration names the person: their measures that bind
the person count), and shown masked. A valid code with
no records is ``unknown`` — never ``allowed``.

Exit codes (docs/engine-cli.md): 0 every answer allowed or incentive; 1 at
least one restricted; 5 none restricted but at least one unknown; 3 invalid
input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import Connection

from publiccredit.cli.engine import (
    AsOfOption,
    DataDirOption,
    DbOption,
    JsonOption,
    PackOption,
    RecordsOption,
    _date,
    _guarded,
    _mode,
    _pack,
    load_file_subjects,
    render_decision,
)
from publiccredit.cli.output import console, print_json_line
from publiccredit.domain.assessment import Decision, MeasureInForce, Outcome
from publiccredit.domain.privacy import mask_id
from publiccredit.domain.subject import Subject
from publiccredit.engine import assess, check_action, decide
from publiccredit.errors import InvalidIdentifier, InvalidInput, Problem
from publiccredit.identifiers import ric
from publiccredit.identifiers.subject_code import parse_entity_code
from publiccredit.policy.model import Pack
from publiccredit.service import assess_stored, load_subjects
from publiccredit.store.config import resolve
from publiccredit.store.personal import PERSONAL_KEYS_FILE, load_personal_keys
from publiccredit.store.responsible import entities_naming
from publiccredit.store.setup import open_store

EXIT_RESTRICTED = 1
EXIT_UNKNOWN = 5


@dataclass(frozen=True, slots=True)
class Asked:
    """One code as understood: how it is shown, and whether it is a person's number."""

    shown: str
    key: str
    person: bool = False


def parse_codes(texts: list[str]) -> list[Asked]:
    """Each code parsed; ``InvalidIdentifier`` naming every bad one (``CODE 2``) and why."""
    asked: list[Asked] = []
    problems: list[Problem] = []
    for index, text in enumerate(texts, start=1):
        field = f"CODE {index}"
        try:
            code = parse_entity_code(text, field)
        except InvalidInput as error:
            if ric.is_valid(text):
                number = ric.compact(text)
                asked.append(Asked(mask_id(number), number, person=True))
            else:
                problems.extend(error.problems)
            continue
        asked.append(Asked(code, code))
    if problems:
        raise InvalidIdentifier(
            "not a valid unified social credit code (nor a resident ID number); nothing decided",
            tuple(problems),
        )
    return asked


def unknown(asked: Asked, action: str, day: date, policy: Pack) -> Decision:
    """The answer for a valid code with no records: ``unknown``."""
    return Decision(asked.shown, action, Outcome.UNKNOWN, day, policy.version, (), (), ())


def _from_file(
    path: Path, asked: list[Asked], action: str, day: date, policy: Pack
) -> list[Decision]:
    grouped = load_file_subjects(path, policy)
    answers = []
    for one in asked:
        found = grouped.get(one.key)
        if found is None:
            answers.append(unknown(one, action, day, policy))
        else:
            subject = Subject.from_records(one.key, found)
            answers.append(decide(assess(subject, found, policy, day), action, policy))
    return answers


def _from_store(
    db: str | None, data_dir: Path | None, asked: list[Asked], action: str, day: date, policy: Pack
) -> list[Decision]:
    config = resolve(db, data_dir)
    keys_file = config.data_dir / PERSONAL_KEYS_FILE
    keys = load_personal_keys(config.data_dir) if keys_file.exists() else None
    engine = open_store(config)
    answers = []
    try:
        with engine.connect() as conn:
            for one in asked:
                key = one.key
                if one.person:
                    key = "" if keys is None else keys.person_key(one.key)
                loaded = load_subjects(conn, [key]) if key else {}
                own = None
                if key in loaded:
                    own = decide(assess_stored(*loaded[key], policy, day), action, policy)
                if one.person and key:
                    own = _with_bound(conn, one, key, own, action, day, policy)
                answers.append(own or unknown(one, action, day, policy))
    finally:
        engine.dispose()
    return answers


def _with_bound(
    conn: Connection,
    one: Asked,
    person_key: str,
    own: Decision | None,
    action: str,
    day: date,
    policy: Pack,
) -> Decision | None:
    """The person's decision with the measures of entities that bind them (as the API's
    ``POST /v1/decisions/persons``: role and masked number must match the measure's
    ``binds``); ``None`` if no record names the person."""
    masked = mask_id(one.key)
    naming = entities_naming(conn, person_key)
    bound: list[MeasureInForce] = []
    for entity_key, role in naming:
        loaded = load_subjects(conn, [entity_key])
        if entity_key in loaded:
            entity = decide(assess_stored(*loaded[entity_key], policy, day), action, policy)
            bound += [
                m
                for m in entity.measures
                if any(p.role == role and p.id_masked == masked for p in m.binds)
            ]
    if not naming:
        return own
    measures = (*(own.measures if own else ()), *bound)
    if any(measure.effect == "restrict" for measure in measures):
        outcome = Outcome.RESTRICTED
    elif own is not None:
        outcome = own.outcome
    else:
        outcome = Outcome.INCENTIVE if measures else Outcome.ALLOWED
    triggers = (m.trigger for m in measures)
    lists = tuple(dict.fromkeys(t[5:] for t in triggers if t.startswith("list:")))
    bases = tuple(dict.fromkeys(m.legal_basis for m in measures))
    return Decision(one.shown, action, outcome, day, policy.version, measures, lists, bases)


def exit_code(decisions: list[Decision]) -> int:
    """1 if any answer is restricted, else 5 if any is unknown, else 0."""
    outcomes = {decision.outcome for decision in decisions}
    if Outcome.RESTRICTED in outcomes:
        return EXIT_RESTRICTED
    return EXIT_UNKNOWN if Outcome.UNKNOWN in outcomes else 0


def check_command(
    action: Annotated[
        str, typer.Option("--action", help="Action key, e.g. public_procurement_bid.")
    ],
    as_of: AsOfOption,
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="USCCs (or natural persons' resident ID numbers) to check."),
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="One more code to check (as CODE).")
    ] = None,
    records: RecordsOption = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
    pack: PackOption = None,
    as_json: JsonOption = False,
) -> None:
    """May these subjects do this? allowed / restricted / incentive / unknown, with reasons.

    Exit 0 when every answer is allowed or incentive, 1 when any is restricted, 5 when
    none is restricted but some code has no records (unknown), 3 for an invalid code.
    """
    texts = [*(codes or []), *([subject] if subject is not None else [])]

    def run() -> list[Decision]:
        _mode(records, db)
        if not texts:
            problem = Problem("give at least one code (CODE… or --subject)", "CODE")
            raise InvalidInput("nothing to check", (problem,))
        day = _date(as_of, "--as-of")
        policy = _pack(pack)
        check_action(action, policy)
        asked = parse_codes(texts)
        if records is None:
            return _from_store(db, data_dir, asked, action, day, policy)
        return _from_file(records, asked, action, day, policy)

    decisions = _guarded(run)
    for decision in decisions:
        if as_json:
            print_json_line(
                {**decision.to_json(), "known": decision.outcome is not Outcome.UNKNOWN}
            )
        elif decision.outcome is Outcome.UNKNOWN:
            console.print(
                f"{decision.subject_id} {decision.action} as of {decision.as_of}: "
                "[bold yellow]unknown[/] (no records; the platform cannot vouch for it)"
            )
        else:
            render_decision(decision)
    code = exit_code(decisions)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add ``check`` to the app."""
    app.command("check")(check_command)
