"""Load a policy pack folder: read, validate, resolve references, apply guardrails, hash.

A pack is refused as a whole, with every problem found at once (file, rule
id, field, reason): a pack author fixes a list, not one error per run.
Refusals by a rule-of-law guardrail (DESIGN §8) raise ``GuardrailViolation``;
malformed or inconsistent packs raise ``PolicyError``.

``policy_version`` is ``<pack id>-<16 hex>``: the first 16 hex digits of the
SHA-256 of the RFC 8785 canonical JSON of the validated pack (without the
version itself). It depends on content only, so reformatting the YAML,
reordering keys or changing comments and anchors leaves it unchanged, while
any change of a rule changes it. Order inside lists is content (rule order is
shown to users), so reordering rules changes the version.

Top-level keys starting with ``x-`` are scratch space for YAML anchors
(shared sources, legal bases) and are ignored.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, NoReturn

import yaml
from pydantic import BaseModel, ValidationError

from publiccredit.errors import GuardrailViolation, PolicyError, Problem
from publiccredit.policy.consistency import check_consistency
from publiccredit.policy.guardrails import check_guardrails, check_raw_guardrails
from publiccredit.policy.legal_basis import with_titles
from publiccredit.policy.model import (
    Action,
    Directory,
    Evaluation,
    Instruments,
    ListDefinition,
    Measure,
    Pack,
    PackInfo,
    Procedures,
    PublicationRule,
)
from publiccredit.policy.model.common import Frozen
from publiccredit.policy.references import check_references
from publiccredit.policy.schema_errors import problems_from_validation

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The C-accelerated safe loader where libyaml is available; same results, faster."""

CN_PACK_PATH = Path(__file__).resolve().parent / "packs" / "cn"
"""The packaged China reference pack."""

PACK_ENV = "PUBLICCREDIT_PACK"
"""Environment variable naming the pack folder the server loads (unset: the cn pack)."""


class _PublicationFile(Frozen):
    rules: tuple[PublicationRule, ...]


class _ListsFile(Frozen):
    lists: tuple[ListDefinition, ...]


class _MeasuresFile(Frozen):
    actions: tuple[Action, ...]
    measures: tuple[Measure, ...]


FILE_MODELS: dict[str, type[BaseModel]] = {
    "pack.yaml": PackInfo,
    "directory.yaml": Directory,
    "publication.yaml": _PublicationFile,
    "lists.yaml": _ListsFile,
    "measures.yaml": _MeasuresFile,
    "evaluation.yaml": Evaluation,
    "procedures.yaml": Procedures,
    "instruments.yaml": Instruments,
}
"""Every file of a pack and the model its content must satisfy."""


def read_pack_files(path: Path) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The parsed YAML of each pack file (``x-`` keys removed) and the problems reading them."""
    raw: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    if not path.is_dir():
        return raw, [Problem("not a pack folder", file=str(path))]
    for name in FILE_MODELS:
        file = path / name
        if not file.is_file():
            problems.append(Problem("file is missing from the pack", file=name))
            continue
        try:
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        except yaml.YAMLError as error:
            problems.append(Problem(f"not valid YAML: {error}", file=name))
            continue
        if not isinstance(data, dict):
            problems.append(Problem("must hold a mapping of keys to values", file=name))
            continue
        raw[name] = {k: v for k, v in data.items() if not str(k).startswith("x-")}
    return raw, problems


def _build(raw: dict[str, dict[str, Any]]) -> tuple[Pack | None, list[Problem]]:
    models: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, model in FILE_MODELS.items():
        if name not in raw:
            continue
        try:
            models[name] = model.model_validate(raw[name])
        except ValidationError as error:
            problems.extend(problems_from_validation(name, raw[name], error))
    if problems or len(models) != len(FILE_MODELS):
        return None, problems
    measures = models["measures.yaml"]
    pack = Pack(
        info=models["pack.yaml"],
        directory=models["directory.yaml"],
        publication=models["publication.yaml"].rules,
        lists=models["lists.yaml"].lists,
        actions=measures.actions,
        measures=measures.measures,
        evaluation=models["evaluation.yaml"],
        procedures=models["procedures.yaml"],
        instruments=models["instruments.yaml"].instruments,
    )
    return pack, problems


def policy_version(pack: Pack) -> str:
    """The content hash every assessment carries (``Pack.content_version``)."""
    return pack.content_version()


def _refuse(path: Path, problems: list[Problem], guardrail: bool) -> NoReturn:
    kind = GuardrailViolation if guardrail else PolicyError
    what = "breaks a guardrail" if guardrail else "is not valid"
    raise kind(f"policy pack {path} {what} ({len(problems)} problems)", tuple(problems))


def load_pack(path: Path) -> Pack:
    """Load and check the pack in folder ``path``; raise with every problem if it is refused."""
    raw, problems = read_pack_files(path)
    guard_problems = check_raw_guardrails(raw)
    pack, schema_problems = _build(raw)
    problems += schema_problems
    if pack is None:
        _refuse(path, guard_problems + problems, guardrail=bool(guard_problems))
    guard_problems += check_guardrails(pack)
    problems += check_references(pack) + check_consistency(pack)
    if guard_problems or problems:
        _refuse(path, guard_problems + problems, guardrail=bool(guard_problems))
    titled = with_titles(pack)
    return titled.model_copy(update={"version": titled.content_version()})


@functools.cache
def default_pack() -> Pack:
    """The packaged ``cn`` reference pack, loaded once per process."""
    return load_pack(CN_PACK_PATH)
