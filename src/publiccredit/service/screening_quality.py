"""Measuring screening on a labelled set: precision, recall and recall@5.

For every query the results at or above the threshold are the screener's
matches. A match that is the labelled subject is a true positive, any other
match a false positive (a true negative query has no right answer, so every
match it gets is false). ``precision = TP / (TP + FP)``, ``recall = TP /
positives``, ``recall_at_5``: the labelled subject is among the first five
results whatever their score (what a reviewer would see). Per-variant recall
shows which kind of change costs what.

The synthetic names draw trade names from 4,000 words, so at 180,000 subjects about
45 entities share each trade name (real registers are far more varied): a short name
(region + trade name) often names two stored entities at once. Such a match is reported
apart (``indistinguishable_matches``) and ``precision_distinguishable`` leaves it out.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.service.screening import ScreenQuery, screen
from publiccredit.synth.screening_eval import EvalQuery, variant


def indistinguishable(query: EvalQuery, name: str) -> bool:
    """True when ``name`` written as ``query`` was would give exactly the query: two stored
    entities that an abbreviation (or any change but a random typo) makes identical, so
    no screener could tell which one a list meant (南充斯达利 for 南充市斯达利服装有限责任公司
    and for 南充市斯达利贸易有限公司)."""
    if query.variant == "typo":
        return False
    return variant(random.Random(0), query.variant, name) == (query.name, query.region)


def evaluate(conn: Connection, queries: Sequence[EvalQuery], threshold: float) -> dict[str, Any]:
    """The figures for ``queries`` at ``threshold`` (and the misses, for reading).

    ``precision`` counts every match that is not the labelled subject as false;
    ``precision_distinguishable`` does not count a match the query cannot tell from the
    labelled subject (``indistinguishable``), and says how many there were;
    ``ambiguous_misses`` counts the positives whose labelled subject reached the threshold
    but was not a match because other entities fit the query equally well."""
    true_pos = false_pos = top5 = same = ambiguous = 0
    positives = Counter[str]()
    found = Counter[str]()
    false_by_variant = Counter[str]()
    misses: list[dict[str, Any]] = []
    for query in queries:
        names = (query.name,) if query.name else ()
        answer = screen(conn, ScreenQuery(names, region=query.region), threshold, limit=5)
        keys = [item.candidate.subject_key for item in answer.results]
        matched = [item.candidate.subject_key for item in answer.matches()]
        hit = query.expected is not None and query.expected in matched
        ambiguous += any(
            item.ambiguous and item.candidate.subject_key == query.expected
            for item in answer.results
        )
        true_pos += hit
        wrong = [item for item in answer.matches() if item.candidate.subject_key != query.expected]
        false_pos += len(wrong)
        false_by_variant[query.variant] += len(wrong)
        same += sum(1 for item in wrong if indistinguishable(query, item.candidate.name))
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
        "precision_distinguishable": round(true_pos / max(1, true_pos + false_pos - same), 4),
        "indistinguishable_matches": same,
        "recall": round(true_pos / max(1, total), 4),
        "recall_at_5": round(top5 / max(1, total), 4),
        "ambiguous_misses": ambiguous,
        "recall_by_variant": {
            kind: round(found[kind] / positives[kind], 4) for kind in sorted(positives)
        },
        "false_positives": false_pos,
        "false_positives_by_variant": dict(sorted(false_by_variant.items())),
        "misses": misses,
    }
