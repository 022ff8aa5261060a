"""Model -> plain dicts in the shape of the JSON contract (``statuteparse/document/1``).

Guarantees: the output is JSON-serialisable, deterministic (key order fixed here, lists
in document order) and valid against ``schemas/document.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from .model import (
    Additional,
    Article,
    Block,
    Circumstance,
    Diagnostic,
    Document,
    Editorial,
    Note,
    Part,
    Penalty,
    Quantity,
    Sanction,
    Span,
)

DOCUMENT_SCHEMA_ID = "statuteparse/document/1"


def span(s: Span | None) -> list[int] | None:
    """A span as the contract's ``[start, end]``."""
    return None if s is None else [s.start, s.end]


def quantity(q: Quantity | None) -> dict[str, Any] | None:
    """``{"value": 5, "unit": "year"}``; whole numbers are written as integers."""
    if q is None:
        return None
    value: float | int = q.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return {"value": value, "unit": q.unit}


def editorial(e: Editorial) -> dict[str, Any]:
    """An editorial annotation."""
    return {
        "text": e.text,
        "kind": e.kind,
        "laws": [{"date": law.date, "number": law.number} for law in e.laws],
        "span": span(e.span),
    }


def additional(a: Additional) -> dict[str, Any]:
    """An add-on penalty."""
    return {
        "kind": a.kind,
        "mode": a.mode,
        "max": quantity(a.max),
        "min": quantity(a.min),
        "detail": a.detail,
        "span": span(a.span),
    }


def penalty(p: Penalty) -> dict[str, Any]:
    """One alternative of a sanction."""
    return {
        "kind": p.kind,
        "min": quantity(p.min),
        "max": quantity(p.max),
        "subject": p.subject,
        "additional": [additional(a) for a in p.additional],
        "condition": p.condition,
        "span": span(p.span),
    }


def sanction(s: Sanction | None) -> dict[str, Any] | None:
    """The punishment clause."""
    if s is None:
        return None
    return {"text": s.text, "penalties": [penalty(p) for p in s.penalties], "span": span(s.span)}


def circumstance(c: Circumstance) -> dict[str, Any]:
    """A lettered or numbered item."""
    return {
        "label": c.label,
        "text": c.text,
        "span": span(c.span),
        "repealed": c.repealed,
        "editorial": [editorial(e) for e in c.editorial],
    }


def part(p: Part) -> dict[str, Any]:
    """A part."""
    return {
        "number": p.number,
        "label": p.label,
        "text": p.text,
        "refers_to": list(p.refers_to),
        "circumstances": [circumstance(c) for c in p.circumstances],
        "sanction": sanction(p.sanction),
        "span": span(p.span),
        "repealed": p.repealed,
        "editorial": [editorial(e) for e in p.editorial],
    }


def note(n: Note) -> dict[str, Any]:
    """A note."""
    return {
        "number": n.number,
        "text": n.text,
        "span": span(n.span),
        "repealed": n.repealed,
        "editorial": [editorial(e) for e in n.editorial],
    }


def article(a: Article) -> dict[str, Any]:
    """An article."""
    return {
        "number": a.number,
        "title": a.title,
        "language": a.language,
        "parts": [part(p) for p in a.parts],
        "notes": [note(n) for n in a.notes],
        "span": span(a.span),
        "repealed": a.repealed,
        "editorial": [editorial(e) for e in a.editorial],
        "heading": list(a.heading),
    }


def diagnostic(d: Diagnostic) -> dict[str, Any]:
    """A diagnostic."""
    return {
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "span": span(d.span),
        "line": d.line,
        "column": d.column,
    }


def block(b: Block) -> dict[str, Any]:
    """A top-level non-article block."""
    return {"kind": b.kind, "text": b.text, "span": span(b.span), "level": b.level}


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The whole document as the contract's JSON object."""
    return {
        "schema": DOCUMENT_SCHEMA_ID,
        "source": doc.source,
        "language": doc.language,
        "code": doc.code,
        "articles": [article(a) for a in doc.articles],
        "blocks": [block(b) for b in doc.blocks],
        "diagnostics": [diagnostic(d) for d in doc.diagnostics],
        "text_length": len(doc.text),
    }


def dumps(obj: dict[str, Any], *, compact: bool = False) -> str:
    """JSON text: pretty (2-space indent) or compact; non-ASCII kept as is."""
    if compact:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(obj, ensure_ascii=False, indent=2)
