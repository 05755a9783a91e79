"""Which entities named a natural person as a responsible person, by keyed hash.

Registrations name a legal representative and an actual controller; their ID
numbers are sealed and masked in the stored record (``service.protect``), so
they cannot be searched. When a registration is stored, each named person's
keyed hash (``PersonalDataKeys.person_key``) is linked here to the entity and
the role. An authorised check by ID number (``POST /v1/decisions/persons``)
hashes the number and finds the entities; the entity's current assessment then
says whether a measure in force binds that person (its ``binds``).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.store.schema import responsible_persons

Link = tuple[str, str, str]
"""(person_key, subject_key, role)."""


def link_persons(conn: Connection, links: Iterable[Link]) -> None:
    """Record each link once (a resubmission or correction links nothing twice)."""
    wanted = set(links)
    if not wanted:
        return
    table = responsible_persons
    keys = {person for person, _, _ in wanted}
    found = conn.execute(
        sa.select(table.c.person_key, table.c.subject_key, table.c.role).where(
            table.c.person_key.in_(keys)
        )
    )
    missing = wanted - {tuple(row) for row in found}
    if missing:
        conn.execute(
            sa.insert(table),
            [{"person_key": p, "subject_key": s, "role": r} for p, s, r in sorted(missing)],
        )


def entities_naming(conn: Connection, person_key: str) -> list[tuple[str, str]]:
    """(subject_key, role) of every entity whose registration named the person."""
    table = responsible_persons
    query = (
        sa.select(table.c.subject_key, table.c.role)
        .where(table.c.person_key == person_key)
        .order_by(table.c.subject_key, table.c.role)
    )
    return [(row.subject_key, row.role) for row in conn.execute(query)]
