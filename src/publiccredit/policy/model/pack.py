"""A whole pack: the five rule files and the metadata that names it."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cached_property
from typing import Any, Self

import rfc8785

from publiccredit.policy.model.common import Frozen
from publiccredit.policy.model.directory import Directory, RecordType
from publiccredit.policy.model.evaluation import Evaluation
from publiccredit.policy.model.instruments import Instrument
from publiccredit.policy.model.lists import ListDefinition
from publiccredit.policy.model.measures import Action, Measure
from publiccredit.policy.model.procedures import Procedures
from publiccredit.policy.model.publication import PublicationRule


class PackInfo(Frozen):
    """pack.yaml: who the pack is for and what it is."""

    id: str
    name: str
    jurisdiction: str
    description: str = ""
    maintainers: tuple[str, ...] = ()


class Pack(Frozen):
    """A validated pack; ``version`` is the loader's content hash (``policy_version``)."""

    info: PackInfo
    directory: Directory
    publication: tuple[PublicationRule, ...]
    lists: tuple[ListDefinition, ...]
    actions: tuple[Action, ...]
    measures: tuple[Measure, ...]
    evaluation: Evaluation
    procedures: Procedures
    instruments: tuple[Instrument, ...] = ()
    version: str = ""

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with ``update`` applied; look-up tables and version are never carried over.

        pydantic copies the instance dictionary, where ``cached_property``
        keeps its values: without this, a copy with other lists would still
        answer ``lists_by_id`` from the original.
        """
        copy = super().model_copy(update=update, deep=deep)
        for name in _LOOKUPS:
            copy.__dict__.pop(name, None)
        if update and "version" not in update:
            copy.__dict__["version"] = copy.content_version()
        return copy

    def content_version(self) -> str:
        """The content hash every assessment carries: ``<pack id>-<first 16 hex of SHA-256>``.

        SHA-256 over the RFC 8785 canonical JSON of the pack without its
        version: YAML formatting does not change it, any rule change does.
        """
        canonical: bytes = rfc8785.dumps(self.model_dump(mode="json", exclude={"version"}))
        return f"{self.info.id}-{hashlib.sha256(canonical).hexdigest()[:16]}"

    @cached_property
    def record_types(self) -> dict[str, RecordType]:
        """Record types by id."""
        return {record_type.id: record_type for record_type in self.directory.record_types}

    @cached_property
    def lists_by_id(self) -> dict[str, ListDefinition]:
        """Lists by id."""
        return {definition.id: definition for definition in self.lists}

    @cached_property
    def instruments_by_id(self) -> dict[str, Instrument]:
        """The instrument registry by id."""
        return {instrument.id: instrument for instrument in self.instruments}

    @cached_property
    def actions_by_id(self) -> dict[str, Action]:
        """Action keys by id."""
        return {action.id: action for action in self.actions}


_LOOKUPS = ("record_types", "lists_by_id", "actions_by_id", "instruments_by_id")
"""The cached look-up tables of ``Pack``, dropped from every copy."""
