"""Crime-gravity categories of a part's sanction under a code's rules.

The rules are data (``statuteparse/data/gravity.json``), one entry per code
identifier (``kz-cc1997``: art. 10 of the 1997 code; ``kz-cc2014``: arts. 10-11 of
the 2014 code). A category follows from the longest term of imprisonment the
sanction allows: life imprisonment and the death penalty are beyond every term.

Guarantees to :mod:`statuteparse.diff`: :func:`categorize` never raises for a known
code; it returns None when the code is unknown, the part has no sanction or the
sanction cannot be read. statuteparse cannot tell whether an act is intentional or
negligent (the Special Part does not say so in a way the parser reads), so the
*intentional* scale is applied unless ``negligent=True`` is passed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

import attrs

from .model import Part, Penalty

__all__ = ["Gravity", "CATEGORIES", "known_codes", "categorize", "max_imprisonment_months"]

#: Categories, least grave first.
CATEGORIES: tuple[str, ...] = ("small", "medium", "grave", "especially_grave")


@attrs.frozen
class Gravity:
    """The category of one part: ``category`` for a crime, or ``kind`` ``criminal_offence``."""

    category: str | None
    """``small``, ``medium``, ``grave``, ``especially_grave``; None for a criminal offence."""
    kind: str = "crime"
    """``crime`` or, where the code has them (kz-cc2014), ``criminal_offence`` (уголовный проступок)."""
    max_months: float | None = None
    """Longest imprisonment the sanction allows, in months (inf for life/death, 0 for none)."""


@cache
def _rules() -> dict[str, Any]:
    text = (files("statuteparse") / "data" / "gravity.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def known_codes() -> tuple[str, ...]:
    """Identifiers of the codes whose gravity rules are known."""
    return tuple(sorted(_rules()))


def max_imprisonment_months(penalties: tuple[Penalty, ...], unbounded: frozenset[str]) -> float:
    """Longest term of imprisonment among ``penalties`` in months; inf for an unbounded kind, 0 if none."""
    longest = 0.0
    for pen in penalties:
        if pen.kind in unbounded:
            return float("inf")
        if pen.kind != "imprisonment":
            continue
        for q in (pen.max, pen.min):
            if q is not None and q.dimension() == "time":
                months = q.in_base_unit()
                if months is not None:
                    longest = max(longest, months)
    return longest


def categorize(part: Part, code: str | None, *, negligent: bool = False) -> Gravity | None:
    """The gravity of ``part`` under ``code``'s rules, or None when it cannot be told."""
    if code is None or part.repealed or part.sanction is None or not part.sanction.penalties:
        return None
    rules = _rules().get(code)
    if rules is None:
        return None
    penalties = part.sanction.penalties
    kinds = {p.kind for p in penalties}
    offence = rules.get("offence")
    if (
        offence is not None
        and not kinds & set(offence["crime_only_kinds"])
        and kinds <= set(offence["offence_kinds"])
    ):
        return Gravity(category=None, kind=str(offence["class"]), max_months=0.0)
    months = max_imprisonment_months(penalties, frozenset(rules["unbounded_kinds"]))
    scale = rules["negligent" if negligent else "intentional"]
    for step in scale:
        limit = step["max_months"]
        if limit is None or months <= limit:
            return Gravity(category=str(step["category"]), max_months=months)
    return None  # pragma: no cover - every scale ends with an open step
