"""The document model: frozen value classes for a parsed statute.

This module is the hub of statuteparse. Every other stage either produces these
objects (``transform``), consumes them (``diff``, ``serialize``, ``report``) or both.
It depends on nothing but :mod:`attrs`: no JSON, no Lark, no I/O.

Offsets in every :class:`Span` are character offsets into the *normalised* text of
the document (``Document.text``); :meth:`Document.original_offset` maps them back to
the input as it was read.
"""

from __future__ import annotations

import bisect
from typing import Any, Literal

import attrs

Language = Literal["ru", "en"]
Severity = Literal["warning", "error"]

#: Penalty kinds of the JSON contract, in a stable order (also used for sorting).
PENALTY_KINDS: tuple[str, ...] = (
    "death_penalty",
    "life_imprisonment",
    "imprisonment",
    "disciplinary_military_unit",
    "arrest",
    "restriction_of_liberty",
    "restriction_of_military_service",
    "correctional_labor",
    "forced_labor",
    "compulsory_work",
    "community_service",
    "deprivation_of_right",
    "fine",
    "confiscation",
    "expulsion",
    "deportation",
    "warning",
)

#: Units of the JSON contract; currencies beyond ``rub`` are ISO 4217 codes in lower case.
UNITS: tuple[str, ...] = (
    "year",
    "month",
    "day",
    "hour",
    "mci",
    "income_month",
    "income_year",
    "rub",
    "min_wage",
    "base_amount",
    "percent",
    "multiple",
    "kzt",
    "kgs",
    "tjs",
    "uzs",
    "amd",
    "azn",
    "tmt",
    "mdl",
    "uah",
    "gel",
    "byn",
    "unspecified",
)

#: Kinds of editorial annotation.
EDITORIAL_KINDS: tuple[str, ...] = ("amended", "added", "repealed", "footnote")


@attrs.frozen(order=True)
class Span:
    """Half-open range ``[start, end)`` of character offsets into the normalised text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        """The piece of ``text`` this span covers."""
        return text[self.start : self.end]


@attrs.frozen
class Quantity:
    """An amount with its unit, as written (``пяти месяцев`` is ``Quantity(5, "month")``)."""

    value: float
    unit: str
    of: str | None = None
    """For a ``multiple`` (or a ``percent``): what it is a multiple of (``bribe``, ``damage`` …)."""

    def in_base_unit(self) -> float | None:
        """The amount converted to the base of its dimension (months for time), or None.

        Time is compared in months (``1 year`` = ``12 months``; days and hours have
        no sensible month equivalent for a custodial range and stay apart); income in
        months of income; everything else is returned unchanged.
        """
        factor = _BASE_FACTORS.get(self.unit)
        return None if factor is None else self.value * factor[1]

    def dimension(self) -> str:
        """The dimension this unit belongs to (``time``, ``income``, ``hours``, ``mci`` …).

        A multiple is only comparable with a multiple of the same thing: its dimension is
        ``multiple:bribe``, ``multiple:damage`` ….
        """
        if self.of is not None:
            return f"{self.unit}:{self.of}"
        factor = _BASE_FACTORS.get(self.unit)
        return factor[0] if factor else self.unit


# unit -> (dimension, factor to the dimension's base unit)
_BASE_FACTORS: dict[str, tuple[str, float]] = {
    "year": ("time", 12.0),
    "month": ("time", 1.0),
    "day": ("time", 1.0 / 30.0),
    "hour": ("hours", 1.0),
    "income_month": ("income", 1.0),
    "income_year": ("income", 12.0),
    "mci": ("mci", 1.0),
    "rub": ("rub", 1.0),
    "min_wage": ("min_wage", 1.0),
    "base_amount": ("base_amount", 1.0),
}


@attrs.frozen
class LawRef:
    """A law cited by an editorial annotation: its date (ISO) and number, as far as given."""

    date: str | None
    number: str | None


@attrs.frozen
class Editorial:
    """A publisher's annotation (``(В редакции …)``, ``Сноска. …``); not statute text."""

    text: str
    kind: str
    span: Span
    laws: tuple[LawRef, ...] = ()


@attrs.frozen
class Additional:
    """An add-on penalty attached to one alternative (``с конфискацией имущества или без таковой``)."""

    kind: str
    mode: Literal["mandatory", "optional"]
    max: Quantity | None = None
    min: Quantity | None = None
    span: Span | None = None
    detail: str | None = None
    """For a deprivation of a right: which right, as written (``права занимать определенные должности``)."""
    life: bool = False
    """A lifelong add-on (``с пожизненным лишением права …``)."""
    condition: str | None = None
    """When the add-on applies only in some case (``в случаях, предусмотренных пунктом 2)``)."""
    shared: bool = attrs.field(default=False, eq=False, repr=False)
    """Set off by a comma after the last alternative, so it applies to every alternative."""


@attrs.frozen
class Penalty:
    """One alternative of a sanction: its kind, range, subject and add-ons."""

    kind: str
    min: Quantity | None
    max: Quantity | None
    subject: str | None = None
    additional: tuple[Additional, ...] = ()
    span: Span | None = None
    condition: str | None = None
    """When the alternative applies only in some case (``в военное время``), that case."""
    not_less_than: Quantity | None = None
    """A floor of the amount (``…, но не менее двух базовых величин``)."""
    not_more_than: Quantity | None = None
    """A ceiling of the amount (``…, но не более двадцати базовых величин``)."""
    per: str | None = None
    """The period an amount is for, as written (``за каждый полный месяц просрочки``)."""
    increase: Quantity | None = None
    """What the amount grows by for each such period (``с увеличением его на две базовые величины``)."""


@attrs.frozen
class Sanction:
    """The punishment clause of a part: its text and the alternative penalties it lists."""

    text: str
    penalties: tuple[Penalty, ...]
    span: Span
    complete: bool = True
    """False when some words of the clause were not read (there is always a diagnostic then)."""


@attrs.frozen
class Circumstance:
    """A lettered or numbered item of a part (``а) группой лиц …``)."""

    label: str
    text: str
    span: Span
    repealed: bool = False
    editorial: tuple[Editorial, ...] = ()


@attrs.frozen
class Part:
    """A numbered part of an article (``number`` is None for an article without parts)."""

    number: int | None
    text: str
    span: Span
    refers_to: tuple[int, ...] = ()
    circumstances: tuple[Circumstance, ...] = ()
    sanction: Sanction | None = None
    repealed: bool = False
    editorial: tuple[Editorial, ...] = ()
    label: str | None = None
    """The part number as written when it is not a plain integer (``4-1``)."""
    refers_to_points: tuple[tuple[int, str], ...] = ()
    """Points of other parts this part builds on (``пунктом "а" части третьей`` → ``((3, "а"),)``)."""


@attrs.frozen
class Note:
    """A note closing an article (``Примечание.`` / ``Notes:`` items)."""

    number: int | None
    text: str
    span: Span
    editorial: tuple[Editorial, ...] = ()
    repealed: bool = False


@attrs.frozen
class Article:
    """One article: number, title, parts, notes."""

    number: str
    title: str
    language: Language
    parts: tuple[Part, ...]
    notes: tuple[Note, ...]
    span: Span
    repealed: bool = False
    editorial: tuple[Editorial, ...] = ()
    heading: tuple[str, ...] = ()
    """Path of structural headings above the article (``Раздел I``, ``Глава 1.`` …)."""

    def part(self, number: int) -> Part | None:
        """The part numbered ``number``, or None."""
        for p in self.parts:
            if p.number == number:
                return p
        return None


@attrs.frozen
class Diagnostic:
    """Something the parser could not read or had to guess; the text itself is kept."""

    severity: Severity
    code: str
    message: str
    span: Span
    line: int
    column: int


@attrs.frozen
class Block:
    """A top-level piece of the input that is not an article (heading, table of contents, stray text)."""

    kind: Literal["heading", "toc", "text", "editorial"]
    text: str
    span: Span
    level: str | None = None
    """For headings: ``code``, ``division``, ``section``, ``chapter`` or ``title``."""


@attrs.frozen
class Document:
    """A parsed input: its articles, its other top-level blocks and diagnostics."""

    source: str | None
    language: Language
    articles: tuple[Article, ...]
    diagnostics: tuple[Diagnostic, ...]
    text: str = attrs.field(repr=False)
    """The normalised text all spans point into."""
    blocks: tuple[Block, ...] = ()
    code: str | None = None
    """Identifier of the code, when recognised or given (``kz-cc1997``, ``kz-cc2014``)."""
    offset_points: tuple[tuple[int, int], ...] = attrs.field(default=(), repr=False, eq=False)
    """Breakpoints ``(normalised, original)`` of the map from normalised offsets to input offsets."""

    def article(self, number: str) -> Article | None:
        """The (last) article numbered ``number``, or None."""
        found = None
        for a in self.articles:
            if a.number == number:
                found = a
        return found

    def original_offset(self, offset: int) -> int:
        """Map an offset in the normalised text back to the original input."""
        pts = self.offset_points
        if not pts:
            return offset
        i = bisect.bisect_right(pts, (offset, float("inf"))) - 1
        if i < 0:
            return offset
        norm, orig = pts[i]
        return orig + (offset - norm)

    def to_dict(self) -> dict[str, Any]:
        """The document as the JSON contract's ``statuteparse/document/1`` object."""
        from .serialize import document_to_dict

        return document_to_dict(self)
