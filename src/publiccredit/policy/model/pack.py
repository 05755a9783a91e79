"""A whole pack: the five rule files and the metadata that names it."""

from __future__ import annotations

from functools import cached_property

from publiccredit.policy.model.common import Frozen
from publiccredit.policy.model.directory import Directory, RecordType
from publiccredit.policy.model.evaluation import Evaluation
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
    version: str = ""

    @cached_property
    def record_types(self) -> dict[str, RecordType]:
        """Record types by id."""
        return {record_type.id: record_type for record_type in self.directory.record_types}

    @cached_property
    def lists_by_id(self) -> dict[str, ListDefinition]:
        """Lists by id."""
        return {definition.id: definition for definition in self.lists}

    @cached_property
    def actions_by_id(self) -> dict[str, Action]:
        """Action keys by id."""
        return {action.id: action for action in self.actions}
