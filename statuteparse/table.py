"""Tables for analysts: one row per penalty of a document, one row per change of a diff.

``statuteparse table PATH… -o sanctions.csv|sanctions.parquet`` writes the rows of
:func:`penalty_rows` for every input; ``statuteparse diff --format csv`` writes those of
:func:`diff_rows`.  No I/O here beyond writing to a stream the caller opened.

Guarantees to the writer: every row is a tuple in the order of :data:`COLUMNS` (or
:data:`DIFF_COLUMNS`), each cell of its column's type or None; rows come in document
order (article, part, alternative).  A part whose sanction was not read at all gives one
row with an empty ``kind`` and ``complete`` false, so that the gap is visible.

Amounts are given as written (``min_value``/``min_unit``) and in a base unit
(``min_base``/``base_unit``): years for terms (a month is 1/12 year, a day 1/30 month,
as the differ counts them), months of income for income, the unit itself for money and
hours, ``multiple:bribe`` for a multiple of a bribe.
"""

from __future__ import annotations

import csv
import io
from typing import IO, TYPE_CHECKING, Any

from .model import Document, Note, Penalty, Quantity

if TYPE_CHECKING:  # the differ (and rapidfuzz) load only when a diff is written
    from .diff import Diff

__all__ = [
    "COLUMNS",
    "DIFF_COLUMNS",
    "arrow_schema",
    "base_amount",
    "csv_text",
    "diff_rows",
    "penalty_rows",
    "write_csv",
    "write_parquet",
]

#: The columns of the sanctions table and their types (Arrow type names).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "string"),
    ("code", "string"),
    ("language", "string"),
    ("article", "string"),
    ("title", "string"),
    ("part", "string"),
    ("circumstances", "int32"),
    ("alternative", "int32"),
    ("kind", "string"),
    ("min_value", "float64"),
    ("min_unit", "string"),
    ("max_value", "float64"),
    ("max_unit", "string"),
    ("min_base", "float64"),
    ("max_base", "float64"),
    ("base_unit", "string"),
    ("subject", "string"),
    ("condition", "string"),
    ("additional", "string"),
    ("complete", "bool"),
    ("span_start", "int64"),
    ("span_end", "int64"),
)

#: The columns of ``statuteparse diff --format csv``: one row per change.
DIFF_COLUMNS: tuple[str, ...] = ("article", "part", "what", "item", "old", "new", "direction")

Row = tuple[Any, ...]

_TIME = {"year": 1.0, "month": 1.0 / 12.0, "day": 1.0 / 360.0}


def base_amount(q: Quantity | None) -> tuple[float | None, str | None]:
    """``(value, unit)`` of ``q`` in its base unit: years for terms, months of income for
    income, ``unit:of`` for a multiple or share of something, else the unit itself."""
    if q is None:
        return None, None
    if q.unit in _TIME:
        return float(q.value) * _TIME[q.unit], "year"
    if q.unit == "income_year":
        return float(q.value) * 12.0, "income_month"
    if q.of is not None:
        return float(q.value), f"{q.unit}:{q.of}"
    return float(q.value), q.unit


def _num(value: float | None) -> float | None:
    return None if value is None else float(value)


def _penalty_cells(p: Penalty) -> tuple[Any, ...]:
    min_base, min_unit = base_amount(p.min)
    max_base, max_unit = base_amount(p.max)
    unit = max_unit or min_unit
    if min_unit is not None and min_unit != unit:
        min_base = None  # not comparable with the maximum
    return (
        p.kind,
        _num(p.min.value) if p.min else None,
        p.min.unit if p.min else None,
        _num(p.max.value) if p.max else None,
        p.max.unit if p.max else None,
        min_base,
        max_base,
        unit,
        p.subject,
        p.condition,
        "; ".join(f"{a.kind}:{a.mode}" for a in p.additional) or None,
    )


def penalty_rows(doc: Document) -> list[Row]:
    """One row per penalty (alternative) of every sanction of ``doc``, in :data:`COLUMNS` order."""
    rows: list[Row] = []
    for article in doc.articles:
        head = (doc.source, doc.code, article.language, article.number, article.title)
        for part in article.parts:
            sanction = part.sanction
            if sanction is None:
                continue
            label = part.label or (None if part.number is None else str(part.number))
            where = (*head, label, len(part.circumstances))
            if not sanction.penalties:
                empty = (None,) * 11
                rows.append((*where, None, *empty, False, sanction.span.start, sanction.span.end))
            for n, pen in enumerate(sanction.penalties, start=1):
                span = pen.span or sanction.span
                rows.append((*where, n, *_penalty_cells(pen), sanction.complete, span.start, span.end))
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(rows: list[Row], out: IO[str], header: tuple[str, ...] | bool | None = None) -> None:
    """``rows`` as CSV (RFC 4180 quoting, ``\\n`` line ends; None is empty), after a header
    line: ``header``, by default the names of :data:`COLUMNS`; none when ``header`` is False."""
    writer = csv.writer(out, lineterminator="\n")
    if header is not False:
        writer.writerow(header if isinstance(header, tuple) else tuple(name for name, _ in COLUMNS))
    for row in rows:
        writer.writerow([_cell(v) for v in row])


def csv_text(rows: list[Row], header: tuple[str, ...] | bool | None = None) -> str:
    """:func:`write_csv` into a string."""
    buffer = io.StringIO()
    write_csv(rows, buffer, header)
    return buffer.getvalue()


def arrow_schema() -> Any:
    """The sanctions table's ``pyarrow.Schema`` (pyarrow is the ``parquet`` extra)."""
    pa = _pyarrow()
    types = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "float64": pa.float64()}
    types["bool"] = pa.bool_()
    return pa.schema([pa.field(name, types[kind]) for name, kind in COLUMNS])


def write_parquet(rows: list[Row], out: Any) -> None:
    """``rows`` as one Parquet file with :func:`arrow_schema` (``out``: a path or a binary file)."""
    import importlib

    schema = arrow_schema()
    columns = [[row[i] for row in rows] for i in range(len(COLUMNS))]
    pa = _pyarrow()
    arrays = [pa.array(col, type=schema.field(i).type) for i, col in enumerate(columns)]
    importlib.import_module("pyarrow.parquet").write_table(pa.table(arrays, schema=schema), out)


def _pyarrow() -> Any:
    import importlib

    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        from .errors import StatuteParseError

        raise StatuteParseError(
            "Parquet needs pyarrow: pip install 'statuteparse[parquet]' (or write .csv)"
        ) from None


def _range(lo: Quantity | None, hi: Quantity | None) -> str:
    def q(x: Quantity) -> str:
        v = int(x.value) if float(x.value).is_integer() else x.value
        return f"{v} {x.unit}" + (f" of {x.of}" if x.of else "")

    if lo is None and hi is None:
        return ""
    if lo is None:
        return f"up to {q(hi)}" if hi is not None else ""
    if hi is None or lo == hi:
        return q(lo)
    return f"{q(lo)} to {q(hi)}"


_MODE = {None: 0, "optional": 1, "mandatory": 2}


def diff_rows(d: Diff) -> list[tuple[str, ...]]:
    """One row per change of the :class:`~statuteparse.diff.Diff` ``d``, in :data:`DIFF_COLUMNS` order.

    ``what`` is one of ``article_added``, ``article_removed``, ``article_repealed``,
    ``title``, ``part_added``, ``part_removed``, ``wording``, ``circumstance_added``,
    ``circumstance_removed``, ``circumstance_changed``, ``circumstance_moved_in``,
    ``circumstance_moved_out``, ``penalty_added``, ``penalty_removed``, ``penalty_changed``,
    ``addon``, ``gravity``, ``note_added``, ``note_removed``, ``note_changed``.  ``item``
    names the penalty or add-on kind (with its subject), the circumstance label or the
    note number; ``direction`` is ``harsher``, ``milder``, ``mixed`` or empty.
    """
    rows: list[tuple[str, ...]] = []
    for ad in d.articles:
        if ad.status == "unchanged":
            continue
        art_side = ad.new or ad.old
        art = "" if art_side is None else art_side.number
        old_title = ad.old.title if ad.old else ""
        new_title = ad.new.title if ad.new else ""
        if ad.status in ("added", "removed", "repealed"):
            rows.append((art, "", f"article_{ad.status}", "", old_title, new_title, ""))
        elif ad.title_changed:
            rows.append((art, "", "title", "", old_title, new_title, ""))
        for pd in ad.parts:
            if pd.status == "unchanged":
                continue
            side = pd.new or pd.old
            part = "" if side is None else side.label or ("" if side.number is None else str(side.number))
            old_text = pd.old.text if pd.old else ""
            new_text = pd.new.text if pd.new else ""

            def row(what: str, item: str, old: str, new: str, direction: str = "") -> None:
                rows.append((art, part, what, item, old, new, direction))  # noqa: B023 - used at once

            if pd.status in ("added", "removed"):
                row(f"part_{pd.status}", "", old_text, new_text)
                continue
            if pd.text_changed:
                row("wording", "", old_text, new_text)
            c = pd.circumstances
            for x in c.added:
                row("circumstance_added", x.label, "", x.text)
            for x in c.removed:
                row("circumstance_removed", x.label, x.text, "")
            for o, n in c.changed:
                row("circumstance_changed", n.label, o.text, n.text)
            for m in c.moved_in:
                row("circumstance_moved_in", m.circumstance.label, f"part {m.part}", m.circumstance.text)
            for m in c.moved_out:
                row("circumstance_moved_out", m.circumstance.label, m.circumstance.text, f"part {m.part}")
            for pc in pd.penalties:
                item = pc.kind + (f" [{pc.subject}]" if pc.subject else "")
                item += f" [if: {pc.condition}]" if pc.condition else ""
                old = _range(pc.old.min, pc.old.max) if pc.old else ""
                new = _range(pc.new.min, pc.new.max) if pc.new else ""
                row(f"penalty_{pc.change}", item, old, new, pc.direction or "")
            for ac in pd.additional:
                way = _MODE[ac.new] - _MODE[ac.old]
                direction = "harsher" if way > 0 else "milder" if way < 0 else ""
                old = " ".join(x for x in (ac.old or "", _range(None, ac.old_max)) if x)
                new = " ".join(x for x in (ac.new or "", _range(None, ac.new_max)) if x)
                row("addon", ac.kind, old, new, direction)
            if pd.gravity is not None and pd.gravity.changed:
                g = pd.gravity
                row(
                    "gravity",
                    "",
                    "" if g.old is None else g.old.category or g.old.kind,
                    "" if g.new is None else g.new.category or g.new.kind,
                )
        for note in ad.notes.added:
            rows.append((art, "", "note_added", _note(note), "", note.text, ""))
        for note in ad.notes.removed:
            rows.append((art, "", "note_removed", _note(note), note.text, "", ""))
        for o_note, n_note in ad.notes.changed:
            rows.append((art, "", "note_changed", _note(n_note), o_note.text, n_note.text, ""))
    return rows


def _note(note: Note) -> str:
    return "" if note.number is None else str(note.number)
