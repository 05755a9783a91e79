"""Mutation score of the engine's period and list code: run mutmut, count, judge.

``make mutation`` (not part of ``make test``: it takes minutes on two cores)
runs mutmut with the configuration in ``pyproject.toml`` (``[tool.mutmut]``:
``engine/publication.py``, ``engine/lists.py``, ``engine/timeline.py`` and the
pack's periods in ``policy/model/common.py``, against a fast selection of the
engine tests), then reads every mutant's outcome and prints the score:

    score = killed / (mutants - equivalent)

where *equivalent* are the surviving mutants judged to behave exactly like
the original, each listed with why in ``docs/testing.md`` (section "Mutation
testing": lines ``- `<mutant name>`: <why>``). A listed mutant that is
killed, or no longer exists, is reported so the list stays honest. The
result goes to ``bench/results/mutation.json``; the exit code is 1 when the
score is below ``--minimum`` (default 90 %).

    python bench/mutation.py [--max-children 2] [--minimum 90] [--no-run]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).with_name("mutmut")
DOCS = ROOT / "docs" / "testing.md"
RESULTS = ROOT / "bench" / "results" / "mutation.json"
LISTED = re.compile(r"^- `(publiccredit\.[^`]+__mutmut_\d+)`: (.+)$", re.MULTILINE)
CAUGHT = ("killed", "timeout")
OUTCOME = re.compile(r"^\s*(\S+__mutmut_\d+): (.+)$", re.MULTILINE)


def equivalent_mutants() -> dict[str, str]:
    """The mutants ``docs/testing.md`` judges equivalent, with why."""
    return dict(LISTED.findall(DOCS.read_text("utf-8")))


def outcomes() -> dict[str, str]:
    """Every mutant's outcome as ``mutmut results --all true`` prints it."""
    printed = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(OUTCOME.findall(printed))


def main() -> int:
    """Run (unless ``--no-run``), score, print, save; 1 when below the minimum."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--minimum", type=float, default=90.0)
    parser.add_argument("--no-run", action="store_true", help="Score the last run only.")
    args = parser.parse_args()
    if not args.no_run:
        command = [str(MUTMUT), "run", "--max-children", str(args.max_children)]
        subprocess.run(command, cwd=ROOT, check=True)
    found = outcomes()
    judged = equivalent_mutants()
    counts = Counter(found.values())
    survivors = sorted(name for name, outcome in found.items() if outcome not in CAUGHT)
    unjudged = [name for name in survivors if name not in judged]
    stale = sorted(name for name in judged if found.get(name, "killed") in CAUGHT)
    relevant = len(found) - len(set(judged) & set(survivors))
    killed = counts["killed"] + counts["timeout"]  # a mutant that hangs the tests is caught
    score = 100.0 * killed / relevant if relevant else 100.0
    report = {
        "mutants": len(found),
        "outcomes": dict(counts),
        "equivalent": len(set(judged) & set(survivors)),
        "score_percent": round(score, 1),
        "not_killed_and_not_judged_equivalent": unjudged,
        "listed_equivalent_but_killed_or_gone": stale,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))
    return 0 if score >= args.minimum else 1


if __name__ == "__main__":
    sys.exit(main())
