"""Coverage of a parsed document: how much of its sanctions the parser read completely.

``statuteparse stats FILE…`` prints one row per file; a user runs it on their own corpus
to see where the parser falls short before trusting its output.  The figures come from
the model alone (no I/O here):

* ``articles``, ``parts``, ``with_sanction`` (parts that have a sanction clause);
* ``complete`` (sanctions whose every word was read) and its share of ``with_sanction``;
* ``sanction_verbs``: sanction verbs set off by a dash in the text (``– наказывается``,
  ``–\\nвлечет``), the genre's marker of a sanction, as a check that no sanction was
  missed (``with_sanction`` should be close to it);
* ``diagnostics`` by code.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import attrs

from .model import Document
from .programs import lazy_re

#: A sanction verb after the dash that sets a sanction off (same line or the line before).
_DASHED_VERB = lazy_re(
    r"[-–—][ \t\u00a0]*(?:\n[ \t\u00a0]*){0,3}(?:наказыва(?:е|ю)тся|карае?тся|караются|влеч[её]т|влекут"
    r"|shall[ \t]+be[ \t]+(?:punished|penalized|penalised|punishable|sentenced|liable)"
    r"|(?:is|are)[ \t]+punish(?:able|ed)|shall[ \t]+entail|entails?)(?!\w)",
    re.IGNORECASE,
)


@attrs.frozen
class Coverage:
    """The coverage figures of one document."""

    source: str | None
    articles: int
    parts: int
    with_sanction: int
    complete: int
    sanction_verbs: int
    diagnostics: dict[str, int]

    @property
    def complete_share(self) -> float | None:
        """``complete / with_sanction`` (None when there is no sanction)."""
        return self.complete / self.with_sanction if self.with_sanction else None

    def to_dict(self) -> dict[str, Any]:
        """The figures as a JSON object."""
        share = self.complete_share
        return {
            "source": self.source,
            "articles": self.articles,
            "parts": self.parts,
            "with_sanction": self.with_sanction,
            "complete": self.complete,
            "complete_share": None if share is None else round(share, 4),
            "sanction_verbs": self.sanction_verbs,
            "diagnostics": dict(sorted(self.diagnostics.items())),
        }


def coverage(doc: Document) -> Coverage:
    """The coverage figures of ``doc``."""
    parts = [p for a in doc.articles for p in a.parts]
    sanctions = [p.sanction for p in parts if p.sanction is not None]
    return Coverage(
        source=doc.source,
        articles=len(doc.articles),
        parts=len(parts),
        with_sanction=len(sanctions),
        complete=sum(1 for s in sanctions if s.complete),
        sanction_verbs=len(_DASHED_VERB.findall(doc.text)),
        diagnostics=dict(Counter(d.code for d in doc.diagnostics)),
    )


def coverage_table(rows: list[Coverage]) -> str:
    """The figures as a plain-text table, one row per file and a total row when there are several."""
    head = ("file", "articles", "parts", "sanctions", "complete", "%", "verbs", "diagnostics")
    lines: list[tuple[str, ...]] = [head]

    def row(name: str, c: Coverage) -> tuple[str, ...]:
        share = c.complete_share
        diags = ", ".join(f"{k} {v}" for k, v in sorted(c.diagnostics.items())) or "-"
        return (
            name,
            str(c.articles),
            str(c.parts),
            str(c.with_sanction),
            str(c.complete),
            "-" if share is None else f"{100 * share:.1f}",
            str(c.sanction_verbs),
            diags,
        )

    for c in rows:
        lines.append(row(c.source or "-", c))
    if len(rows) > 1:
        total: Counter[str] = Counter()
        for c in rows:
            total.update(c.diagnostics)
        lines.append(
            row(
                "total",
                Coverage(
                    source="total",
                    articles=sum(c.articles for c in rows),
                    parts=sum(c.parts for c in rows),
                    with_sanction=sum(c.with_sanction for c in rows),
                    complete=sum(c.complete for c in rows),
                    sanction_verbs=sum(c.sanction_verbs for c in rows),
                    diagnostics=dict(total),
                ),
            )
        )
    widths = [max(len(r[i]) for r in lines) for i in range(len(head) - 1)]
    out = []
    for r in lines:
        cells = [r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in range(1, len(head) - 1)] + [r[-1]]
        out.append("  ".join(cells))
    return "\n".join(out)
