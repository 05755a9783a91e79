"""Measuring screening on a labelled set: precision, recall and recall@5.

For every query the results at or above the threshold are the screener's
matches. A match that is the labelled subject is a true positive, any other
match a false positive (a true negative query has no right answer, so every
match it gets is false). ``precision = TP / (TP + FP)``, ``recall = TP /
positives``, ``recall_at_5``: the labelled subject is among the first five
results whatever their score (what a reviewer would see). Per-variant recall
shows which kind of change costs what.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.service.screening import ScreenQuery, screen
from publiccredit.synth.screening_eval import EvalQuery


def evaluate(conn: Connection, queries: Sequence[EvalQuery], threshold: float) -> dict[str, Any]:
    """The figures for ``queries`` at ``threshold`` (and the misses, for reading)."""
    true_pos = false_pos = top5 = 0
    positives = Counter[str]()
    found = Counter[str]()
    misses: list[dict[str, Any]] = []
    for query in queries:
        names = (query.name,) if query.name else ()
        answer = screen(conn, ScreenQuery(names, region=query.region), threshold, limit=5)
        keys = [item.candidate.subject_key for item in answer.results]
        matched = [item.candidate.subject_key for item in answer.matches()]
        hit = query.expected is not None and query.expected in matched
        true_pos += hit
        false_pos += sum(1 for key in matched if key != query.expected)
        if query.expected is not None:
            positives[query.variant] += 1
            found[query.variant] += hit
            top5 += query.expected in keys
        if (query.expected is not None and not hit) or len(matched) > hit:
            best = answer.results[0] if answer.results else None
            misses.append(
                {
                    "variant": query.variant,
                    "query": query.name,
                    "region": query.region,
                    "expected": query.expected,
                    "best": best.candidate.name if best else None,
                    "score": best.score if best else None,
                }
            )
    total = sum(positives.values())
    return {
        "queries": len(queries),
        "positives": total,
        "negatives": len(queries) - total,
        "threshold": threshold,
        "precision": round(true_pos / max(1, true_pos + false_pos), 4),
        "recall": round(true_pos / max(1, total), 4),
        "recall_at_5": round(top5 / max(1, total), 4),
        "recall_by_variant": {
            kind: round(found[kind] / positives[kind], 4) for kind in sorted(positives)
        },
        "false_positives": false_pos,
        "misses": misses,
    }
