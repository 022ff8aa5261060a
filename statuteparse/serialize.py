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
    out: dict[str, Any] = {"value": value, "unit": q.unit}
    if q.of is not None:
        out["of"] = q.of
    return out


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
        "life": a.life,
        "condition": a.condition,
        "span": span(a.span),
    }


def penalty(p: Penalty) -> dict[str, Any]:
    """One alternative of a sanction."""
    out = {
        "kind": p.kind,
        "min": quantity(p.min),
        "max": quantity(p.max),
        "subject": p.subject,
        "additional": [additional(a) for a in p.additional],
        "condition": p.condition,
        "span": span(p.span),
    }
    if p.not_less_than is not None:
        out["not_less_than"] = quantity(p.not_less_than)
    if p.not_more_than is not None:
        out["not_more_than"] = quantity(p.not_more_than)
    if p.per is not None:
        out["per"] = p.per
    if p.increase is not None:
        out["increase"] = quantity(p.increase)
    return out


def sanction(s: Sanction | None) -> dict[str, Any] | None:
    """The punishment clause."""
    if s is None:
        return None
    return {
        "text": s.text,
        "penalties": [penalty(p) for p in s.penalties],
        "complete": s.complete,
        "span": span(s.span),
    }


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
        "refers_to_points": [{"part": part_no, "point": point} for part_no, point in p.refers_to_points],
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
    """JSON text: pretty (2-space indent) or compact; non-ASCII kept as is.

    orjson writes the same bytes as ``json.dumps(obj, ensure_ascii=False, indent=2)``
    (tested), twenty times faster: with indentation the standard library falls back to
    its pure-Python encoder, which took longer than parsing a whole code.
    """
    try:
        import orjson
    except ImportError:  # pragma: no cover - a declared dependency
        if compact:
            return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        return json.dumps(obj, ensure_ascii=False, indent=2)
    option = 0 if compact else orjson.OPT_INDENT_2
    return orjson.dumps(obj, option=option).decode("utf-8")


def document_outline(doc: Document, lang: str | None = None) -> str:
    """A short readable outline of the parsed tree (``statuteparse parse --format outline``).

    Penalties, units and labels are written as a reader says them (``imprisonment 5 to 7
    years``, ``штраф от 10 до 30 базовых величин``), in ``lang`` (``ru``/``en``), by default
    the language of each article's text.  Diagnostics follow, one line each.
    """
    from . import summary

    lines: list[str] = []
    for a in doc.articles:
        ui = lang or a.language
        t = summary.templates(ui)
        flag = t["outline_repealed"] if a.repealed else ""
        heading = t["outline_article"].format(num=a.number or "?", title=a.title)
        lines.append(f"{heading}{flag} [{a.language}]")
        for p in a.parts:
            head = "  " + t["outline_part"].format(num=p.number if p.number is not None else "-")
            if p.refers_to:
                head += t["outline_refers"].format(refs=", ".join(str(r) for r in p.refers_to))
            if p.repealed:
                head += t["outline_repealed"]
            lines.append(head)
            if p.circumstances:
                labels = " ".join(c.label + ")" for c in p.circumstances)
                lines.append("    " + t["outline_circumstances"].format(labels=labels))
            if p.sanction is not None:
                for pen in p.sanction.penalties:
                    lines.append("    " + _outline_penalty(pen, ui))
                if not p.sanction.penalties:
                    lines.append("    " + t["outline_unread"])
                elif not p.sanction.complete:
                    lines.append("    " + t["outline_partial"])
        for n in a.notes:
            lines.append("  " + t["outline_note"].format(num=n.number if n.number is not None else "-"))
    for d in doc.diagnostics:
        lines.append(f"{d.severity}: line {d.line}, column {d.column}: {d.code}: {d.message}")
    return "\n".join(lines)


def _outline_penalty(pen: Penalty, lang: str) -> str:
    """One alternative in words: kind, range, subject, condition, limits and add-ons."""
    from . import summary

    t = summary.templates(lang)
    text = summary.render_kind(pen.kind, lang)
    rng = summary.render_range(pen.min, pen.max, lang)
    if rng:
        text += " " + rng
    if pen.per:
        text += " " + pen.per
    if pen.not_less_than is not None:
        text += t["outline_floor"].format(q=summary.render_quantity(pen.not_less_than, lang))
    if pen.not_more_than is not None:
        text += t["outline_ceiling"].format(q=summary.render_quantity(pen.not_more_than, lang))
    if pen.subject:
        text += f" [{summary.render_subject(pen.subject, lang)}]"
    if pen.condition:
        text += t["outline_if"].format(condition=pen.condition)
    for add in pen.additional:
        rng = summary.render_range(add.min, add.max, lang)
        life = t["outline_life"] if add.life else ""
        cond = t["outline_if"].format(condition=add.condition) if add.condition else ""
        mode = t["mode_" + add.mode]
        text += f" + {summary.render_kind(add.kind, lang)}{' ' + rng if rng else ''}{life} ({mode}){cond}"
    return text
