"""Read an amending law into amendment instructions (the model of ``statuteparse amendments``).

An amending law is long prose around a list of instructions::

    Статья 1. Внести изменения и дополнения в следующие законодательные акты …:
    1. В Уголовный кодекс Республики Казахстан от 16 июля 1997 года (…):
    1) в статье 11:
    часть вторую исключить;
    часть третью изложить в следующей редакции:
    "3. Преступление не признается …";
    …
    2. В Уголовно-процессуальный кодекс …

A Russian federal law addresses one act per article of the law::

    Статья 1
    Внести в Федеральный закон от 22 апреля 1996 года № 39-ФЗ "…" (Собрание …) следующие изменения:
    2) в статье 20:
    а) в пункте 2:
    абзац второй изложить в следующей редакции: "…";
    …
    Статья 10
    Настоящий Федеральный закон вступает в силу с 1 марта 2026 года.

Stages and what each guarantees to the next:

* **pre-parse** (:func:`mask_quotes`): every quotation (``"…"``, ``«…»``, ``“…”``; one
  line or many paragraphs; with quotations nested inside) is found and its inside is
  replaced by U+E000 in a *masked* copy of the same length.  Offsets in the masked
  copy are offsets in the law; no ``1)``, ``;`` or ``Статья`` inside a quotation can
  be taken for structure afterwards.  A quotation that spans lines ends only at a
  closing quote followed by ``;``/``.``/``,`` and the end of its line.  The pass is
  linear in the length of the law however many quotes never close.  A *work* copy
  (same length) also blanks words that carry no instruction (``и в нем``, ``его``,
  ``в соответствующем падеже``) and, once read, act names and publication lists.
* **the law** (:meth:`_Reader.read`): its title, its own date and number (signature
  block or a heading naming it, never an act it cites), and its articles
  (``Статья N``), each read on its own: an article addresses acts by heads
  (``Внести в … следующие изменения:``, ``1. В Уголовный кодекс …:``, ``Внести в статью 5
  … изменение, изложив …``), names its act inside the instruction (``Статью 38
  Федерального закона … изложить …``), repeals whole acts (``Признать утратившими силу:``)
  or amends nothing (kept as :class:`NonAmending`).  Instructions to different acts
  never mix.
* **lines and scopes** (:meth:`_Reader.walk`): an act's instructions are read line by
  line (a quotation on the next line belongs to its line); each level of markers
  (``1)``, ``а)``, ``1.``, none) keeps a scope on a stack, refined by ``в статье 20:``
  lines; the next marker of a level closes the deeper levels.
* **grammar** (``grammars/amend.lark`` + ``amend.<lang>.lark``, LALR): each line is
  parsed into clauses; several clauses on one line share its target; when a line does
  not parse, its clauses are tried alone, and what still does not parse is kept as
  an ``unparsed`` instruction with a diagnostic (line, column, what the grammar
  expected).  A verb (``изложить``, ``дополнить``, …) found in no instruction gets an
  ``instruction-not-read`` diagnostic.  Parsing never raises for any input text.
* **model**: frozen attrs classes with spans (character offsets into the law text),
  serialised by :meth:`AmendingLaw.to_dict` as ``statuteparse/amendments/1``
  (``schemas/amendments.schema.json``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import attrs
import regex
from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import TerminalDef

from . import numbers
from .grammar import read_grammar
from .lang import detect_language
from .model import Diagnostic, Language, Span

__all__ = [
    "AMENDMENTS_SCHEMA_ID",
    "INSTRUCTION_KINDS",
    "UNIT_KINDS",
    "ActAmendments",
    "AmendingLaw",
    "Instruction",
    "Item",
    "NonAmending",
    "Quote",
    "Ref",
    "Target",
    "amend_parser",
    "mask_quotes",
    "parse_amendments",
]

AMENDMENTS_SCHEMA_ID = "statuteparse/amendments/1"

#: What an instruction does.
INSTRUCTION_KINDS: tuple[str, ...] = (
    "restate",  # изложить в следующей редакции / shall be amended to read as follows
    "repeal",  # исключить / признать утратившей силу / shall be excluded
    "replace_words",  # слова "…" заменить словами "…"
    "delete_words",  # слова "…" исключить
    "insert_words",  # [после слов "…"] дополнить словами "…"
    "insert",  # дополнить частью 4-1 следующего содержания: "…"
    "renumber",  # считать частью …
    "no_change",  # изменения только в тексте на государственном языке
    "unparsed",  # the grammar could not read it (see the diagnostics)
)

#: Units a target path is made of, outermost first.
UNIT_KINDS: tuple[str, ...] = (
    "contents", "preamble", "annex", "section", "chapter", "article", "heading", "text", "part", "item",
    "notes", "note", "subitem", "paragraph", "sentence",
)

InstructionKind = Literal[
    "restate", "repeal", "replace_words", "delete_words", "insert_words", "insert", "renumber",
    "no_change", "unparsed",
]

# Rank of each unit in a path (outer < inner); units of equal rank keep the order
# the law gives them (a code's часть holds пункты, a law's пункт holds части).
_RANK: dict[str, int] = {
    "contents": 0, "section": 0, "preamble": 1, "annex": 1, "chapter": 1, "article": 2, "heading": 3,
    "text": 3, "body": 3, "part": 3, "item": 3, "notes": 3, "note": 4, "subitem": 4, "paragraph": 5,
    "sentence": 6,
}

_MASK = "\ue000"


# ---------------------------------------------------------------------------------------
# model
# ---------------------------------------------------------------------------------------


@attrs.frozen
class Quote:
    """A quotation of the law: new text, words to find or to insert (without the quote marks)."""

    text: str
    span: Span
    """Span of the text inside the quote marks."""


@attrs.frozen
class Ref:
    """One step of a target path: a unit kind and its label as a string (``part``, ``"2"``)."""

    kind: str
    label: str | None
    """``"270"``, ``"2"``, ``"4-1"``, ``"в"``; None for an unnumbered unit (``примечание``)."""


@attrs.frozen
class Target:
    """Where an instruction applies: a path of units, outermost first."""

    path: tuple[Ref, ...]
    span: Span | None = None
    """The words of the law naming this target in the clause (None when inherited from a scope)."""

    @property
    def article(self) -> str | None:
        """The article number of the path, if it has one."""
        for r in self.path:
            if r.kind == "article":
                return r.label
        return None

    def describe(self) -> str:
        """A short readable form: ``art. 175 / part 3 / item в``."""
        names = {"article": "art.", "part": "part", "item": "item", "subitem": "subitem", "note": "note",
                 "notes": "notes", "paragraph": "paragraph", "sentence": "sentence", "heading": "heading",
                 "chapter": "chapter", "section": "section", "text": "text"}
        return " / ".join(f"{names.get(r.kind, r.kind)} {r.label}" if r.label else names.get(r.kind, r.kind)
                          for r in self.path) or "(the act)"


@attrs.frozen
class Instruction:
    """One operation of the law on one or more targets of an act."""

    kind: InstructionKind
    targets: tuple[Target, ...]
    span: Span
    """The clause of the law that states it."""
    item: str | None
    """Number of the law's item (``"26"``) it belongs to, None for an unnumbered list."""
    new_text: Quote | None = None
    """restate / insert: the new wording."""
    words: tuple[Quote, ...] = ()
    """replace_words / delete_words: the words to find; insert_words: the words to insert."""
    replacements: tuple[Quote, ...] = ()
    """replace_words: the new words, one for each of ``words``."""
    anchor: tuple[Quote, ...] = ()
    """insert_words: the words after (or before) which to insert, one for each of ``words``."""
    anchor_position: Literal["after", "before"] | None = None
    unit: str | None = None
    """insert / renumber: the kind of unit inserted or renumbered to (``part``, ``article``)."""
    labels: tuple[str, ...] = ()
    """insert / renumber: the labels of the inserted units, or the new labels."""
    respectively: bool = False
    """The law says ``соответственно`` / ``respectively``: lists pair up in order."""
    diagnostic: Diagnostic | None = None
    """For ``unparsed``: why the grammar could not read it."""


@attrs.frozen
class Item:
    """A numbered item of an act's instruction list (``26) …``)."""

    number: str | None
    span: Span
    instructions: tuple[Instruction, ...]


@attrs.frozen
class ActAmendments:
    """The instructions a law addresses to one act (``1. В Уголовный кодекс …:``)."""

    name: str
    """The act as the law names it (``Уголовный кодекс Республики Казахстан от 16 июля 1997 года``)."""
    act_id: str | None
    """Identifier when the act is known (``kz-cc1997``, ``kz-cpc1997``), else None."""
    number: int | None
    """The law's own number for this act (``1.``), None when it amends only one act."""
    span: Span
    items: tuple[Item, ...]

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        """Every instruction of every item, in order."""
        return tuple(i for it in self.items for i in it.instructions)


@attrs.frozen
class NonAmending:
    """An article of the law that amends nothing (entry into force, ``Установить, что …``)."""

    article: str | None
    """Its number in the law (``"10"``), None for an unnumbered text."""
    span: Span
    what: str
    """``entry into force``, ``rule`` (``Установить, что …``), ``editorial note`` (``(Утратил силу - …)``
    in place of an item, in a consolidated edition of the law) or ``other``."""


@attrs.frozen
class AmendingLaw:
    """An amending law read into instructions, grouped by the act they address."""

    title: str | None
    source: str | None
    language: Language
    acts: tuple[ActAmendments, ...]
    diagnostics: tuple[Diagnostic, ...]
    text: str = attrs.field(repr=False)
    date: str | None = None
    """ISO date of the law, when printed or given."""
    number: str | None = None
    """The law's number (``227-IV``), when printed or given."""
    in_force: str | None = None
    """ISO date the law takes effect, when it states one (``вводится в действие с 1 января 2010 года``)."""
    non_amending: tuple[NonAmending, ...] = ()
    """The law's articles that amend nothing, kept as such."""

    def act(self, act_id: str) -> ActAmendments | None:
        """The (first) act with identifier ``act_id``, or None."""
        return next((a for a in self.acts if a.act_id == act_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The law as the JSON object ``statuteparse/amendments/1``."""
        return _law_to_dict(self)


# ---------------------------------------------------------------------------------------
# pre-parse: quotations
# ---------------------------------------------------------------------------------------

_OPENERS = "\"«“„"
_CLOSERS = "\"»”“"
_QUOTE_CHARS = frozenset(_OPENERS + _CLOSERS)
_BLOCK_END = regex.compile(r"[.;,]*[ \t]*(?:\n|$)")
_NEXT_INSTRUCTION = regex.compile(
    r"[.;,]*[ \t]*(?:\n[ \t]*)+(?:\d+(?:-\d+)?\)[ \t]|\d+\.[ \t]+В[ \t]|Статья[ \t]+\d+\.[ \t]|Президент|$"
    r"|(?:в|во|после|слова?|часть|части|пункт|подпункт|абзац|дополнить|заголовок|примечани)\w*[ \t])"
)


def _is_opener(text: str, i: int) -> bool:
    """Whether the quote character at ``i`` opens a quotation (else it closes one)."""
    c = text[i]
    if c in "«„":
        return True
    if c in "»”":
        return False
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if c == "“":  # opens in Russian typography („…“ closes with it) and in English
        return not nxt.isspace()
    return (prev.isspace() or prev in "(«“[/") and not nxt.isspace()


def _find_close(text: str, i: int, budget: list[int] | None = None,
                nexts: tuple[list[int], list[int]] | None = None) -> int | None:
    """End (exclusive) of the quotation opening at ``i``, or None if it never closes.

    Quotes nest: an opener raises the depth, a closer lowers it; the quotation ends
    where the depth returns to zero.  A quotation that spans lines must end at a
    closer followed by ``;``/``.``/``,`` and the end of the line; a depth-zero closer
    elsewhere means an inner quote was unbalanced, and the scan goes on.  When the
    depth count never closes such a block, the first closer at a line end that is
    followed by the next instruction (or the end of the text) is taken; failing that,
    the last closer on the opening line (an act's title with an unbalanced inner quote:
    ``"О корпорации "Росатом" (Собрание …)``).

    ``budget`` (characters left to scan, shared by one :func:`mask_quotes` call) keeps
    the whole pass linear: once spent, a quotation ends at the next closer on its line.
    """
    n = len(text)
    if budget is not None and nexts is not None and budget[0] <= 0:
        next_nl, next_closer = nexts
        k = next_closer[i + 1] if i + 1 < n else n
        return k + 1 if k < next_nl[i] else None
    line_end = text.find("\n", i)
    if line_end < 0:
        line_end = n
    depth = 1
    j = i + 1
    fallback: int | None = None
    multi = False
    while j < n:
        c = text[j]
        if c == "\n":
            multi = True
        elif c in _QUOTE_CHARS:
            if _is_opener(text, j):
                depth += 1
            else:
                depth -= 1
                at_eol = bool(_BLOCK_END.match(text, j + 1))
                if fallback is None and multi and at_eol and _NEXT_INSTRUCTION.match(text, j + 1):
                    fallback = j + 1
                if depth <= 0:
                    if not multi or at_eol:
                        if budget is not None:
                            budget[0] -= j - i
                        return j + 1
                    depth = 1
        j += 1
    if budget is not None:
        budget[0] -= j - i
    return fallback if fallback is not None else _last_closer(text, i + 1, line_end)


def _last_closer(text: str, start: int, end: int) -> int | None:
    """End of the last closing quote between ``start`` and ``end``, or None."""
    ks = [text.rfind(c, start, end) for c in "»”\""]
    ks = [k for k in ks if k >= 0 and not _is_opener(text, k)]
    return max(ks) + 1 if ks else None


def _next_tables(text: str) -> tuple[list[int], list[int]]:
    """For each offset: where the next line break is, and where the next closing quote mark is."""
    n = len(text)
    next_nl = [n] * (n + 1)
    next_closer = [n] * (n + 1)
    nl = closer = n
    for k in range(n - 1, -1, -1):
        c = text[k]
        if c == "\n":
            nl = k
        elif c in _CLOSERS and not (c in "\"“" and _is_opener(text, k)):
            closer = k
        next_nl[k] = nl
        next_closer[k] = closer
    return next_nl, next_closer


def mask_quotes(text: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, str]]]:
    """Find every quotation; return the masked text, the quotations and problems.

    The masked text has the same length as ``text``; the inside of each quotation
    (everything between its quote marks, line breaks included) is U+E000.  Each
    quotation is ``(start, end)`` including its quote marks.  Problems are
    ``(offset, message)`` for a quote that never closes (it is left unmasked).
    Linear in the length of the text, however many quotes never close.
    """
    out = list(text)
    quotes: list[tuple[int, int]] = []
    problems: list[tuple[int, str]] = []
    i, n = 0, len(text)
    budget = [8 * n + 200_000]
    nexts = _next_tables(text)
    while i < n:
        c = text[i]
        if c in _OPENERS and _is_opener(text, i):
            end = _find_close(text, i, budget, nexts)
            if end is None:
                problems.append((i, "quotation never closes"))
                i += 1
                continue
            quotes.append((i, end))
            for k in range(i + 1, end - 1):
                out[k] = _MASK
            i = end
        else:
            i += 1
    return "".join(out), quotes, problems


# ---------------------------------------------------------------------------------------
# acts and items
# ---------------------------------------------------------------------------------------

#: Known acts: (pattern on the act's name, identifier).  Data, not code branches.
ACTS: tuple[tuple[regex.Pattern[str], str], ...] = (
    (regex.compile(r"^Уголовно-процессуальн\w+ кодекс\w*.*1997|^the Criminal Procedure Code.*1997", regex.I),
     "kz-cpc1997"),
    (regex.compile(r"^Уголовно-исполнительн\w+ кодекс\w*.*1997", regex.I), "kz-cec1997"),
    (regex.compile(r"^Уголовн\w+ кодекс\w*.*1997|^the Criminal Code.*1997", regex.I), "kz-cc1997"),
    (regex.compile(r"^Уголовн\w+ кодекс\w*.*2014|^the Criminal Code.*2014", regex.I), "kz-cc2014"),
    (regex.compile(r"^Гражданск\w+ процессуальн\w+ кодекс\w*.*1999", regex.I), "kz-civpc1999"),
    (regex.compile(r"^Гражданск\w+ кодекс\w*.*Общая", regex.I), "kz-civil1994"),
    (regex.compile(r"^Кодекс\w* Республики Казахстан об административных правонарушениях.*2001", regex.I),
     "kz-coao2001"),
)

_ACT_HEAD = regex.compile(
    r"(?m)^[ \t\u00a0\ue001]*(?:(?P<num>\d+)\.[ \t]+)?(?:Внести[^\n]*?[ \t])?(?:[Вв]|To|In|Into)[ \t]+"
    r"(?P<name>(?!(?:Стать|Част|Пункт|Подпункт|Абзац|Глав|Article|Part|Paragraph|Item|Sub|Note|Chapter|Se"
    r"ction)\w*\b)"
    r"(?:the[ \t]+)?[A-ZА-ЯЁ][^\n]*)$"
)
# "Статья 1", "Статья 1. Внести …", "Статья 1 ." (a mirror's spacing), "Статья I. — …" (Moldova)
_LAW_ARTICLE = regex.compile(
    r"(?m)^[ \t\u00a0]*(?:#+[ \t]*)?(?:Статья|Article)[ \t]+(?P<num>\d+(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?|[IVXLC]+)[ \t]*"
    r"(?:[.:](?:[ \t\u00a0]*[-–—](?=[ \t\u00a0]))?|(?=[ \t\u00a0]*$))"
)
_CLOSING = regex.compile(r"(?m)^[ \t]*(?:Президент|President)")
_IN_FORCE = regex.compile(
    r"вводится[ \t]+в[ \t]+действие[ \t]+с[ \t]+(?P<d>\d{1,2})[ \t]+(?P<m>\w+)[ \t]+(?P<y>\d{4})"
    r"|(?:shall[ \t]+)?(?:enter|enters|come|comes)[ \t]+into[ \t]+force[ \t]+(?:on|from)[ \t]+"
    r"(?:(?P<d2>\d{1,2})[ \t]+(?P<m2>[A-Za-z]+)|(?P<m3>[A-Za-z]+)[ \t]+(?P<d3>\d{1,2}),?)[ \t]+(?P<y2>\d{4})",
    regex.I,
)
_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12, "january": 1, "february": 2, "march": 3,
    "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10,
    "november": 11, "december": 12,
}



_BLANK = "\ue001"
_BLANKS = " \t\u00a0\ue001\r\n"
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPTS + "⁻", "0123456789-")
_NOISE = {
    "ru": regex.compile(
        r"(?i)(?<!\w)(?:и[ \t\n]+(?=(?:в[ \t\n]+(?:нем|ней|них)|изложить|дополнить|исключить|заменить|считать"
        r"|признать)(?!\w))|в[ \t\n]+(?:нем|ней|них)(?!\w)|(?:его|ее|её|их)(?!\w)"
        r"|в[ \t\n]+соответствующ\w+[ \t\n]+(?:числе|падеже|падежах)"
        r"(?:[ \t\n]+и[ \t\n]+(?:числе|падеже|падежах))?(?!\w)"
        # "приложение к Кодексу": the act, once more; "дополнить Кодекс статьей 9-1" too
        r"|(?<!\w)к[ \t\n]+(?:Кодексу|[Зз]акону|настоящему[ \t\n]+(?:Кодексу|[Зз]акону))(?!\w)"
        # (the word first, then the look back: a look back first scanned every blank run from each blank)
        r"|(?:Кодекс|Закон)(?<=дополнить[ \t\n]+(?:Кодекс|Закон))(?=[ \t\n]+(?:стать|глав|раздел|приложени))"
        r")"
        # "- в части 1 слова …": a dash bullet
        r"|(?<=^|\n)[ \t]*[-–—•](?=[ \t])"
    ),
    "en": regex.compile(r"(?i)(?<!\w)(?:and[ \t\n]+(?=in[ \t\n]+it(?!\w))|in[ \t\n]+it(?!\w))"),
}
_VERB = regex.compile(
    r"(?i)(?<!\w)(?:изложить|дополнить|заменить|исключить|признать[ \t\n]+утратив\w+[ \t\n]+силу|считать"
    r"|изложив|дополнив|заменив|исключив|признав[ \t\n]+утратив\w+[ \t\n]+силу"
    r"|приостановить|shall[ \t\n]+be[ \t\n]+(?:amended|supplemented|added|replaced|excluded|deleted|repealed"
    r"|considered|deemed|renumbered|declared|restated|stated))(?!\w)"
)
_MARK = regex.compile(
    r"[ \t\u00a0\ue001]*(?:(?P<num>\d+(?:[.^]\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*(?:[-⁻](?:\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+))*)\)"
    r"|(?P<letter>[а-яёa-z])\)|(?P<dot>\d+)\.(?!\d))[ \t\u00a0]+"
)
_GERUND_HEAD = regex.compile(
    r"(?i)(?<!\w)изменени[ея](?:[ \t]+и[ \t]+дополнени[ея])?[ \t]*,[ \t]*"
    r"(?=(?:изложив|дополнив|заменив|исключив|признав)(?!\w))"
)
_TAIL_HEAD = regex.compile(
    # (?<![ \t]) … (?![ \t]): the name stops only before a whole blank run (linear on long runs)
    r"[ \t\u00a0\ue001]*(?:(?P<num>\d+)\.[ \t]+)?(?P<name>[А-ЯЁA-Z][^\n:]*?)(?<![ \t])[ \t]*(?![ \t])"
    r"(?:\([^\n]*\)[^\n:]*?)?"
    r"(?:вносятся|внести)[ \t]+следующие[ \t]+(?:изменени[ея]|дополнени[ея])"
    r"(?:[ \t]+и[ \t]+(?:изменени[ея]|дополнени[ея]))?[ \t]*:[ \t]*$"
)
# "Внести в … следующие изменения:", "Внести следующие изменения в …", "Make the following amendments to …:"
_RF_HEAD = regex.compile(
    r"[ \t\u00a0\ue001]*(?:(?P<num>\d+)\.[ \t]+)?"
    r"(?:Внести[ \t]+(?:(?:следующ\w+[ \t]+)?(?:изменени[ея]|дополнени[ея])"
    r"(?:[ \t]+и[ \t]+(?:изменени[ея]|дополнени[ея]))?[ \t]+)?в"
    r"|(?:Make|Introduce)[ \t]+(?:the[ \t]+following[ \t]+)?(?:amendments?|changes?)"
    r"(?:[ \t]+and[ \t]+(?:additions?|supplements?))?[ \t]+(?:to|in(?:to)?))[ \t]+(?P<rest>[^\n]*)"
)
_REPEAL_LIST = regex.compile(
    r"[ \t\u00a0\ue001]*(?:Признать[ \t]+утратившими[ \t]+силу|The[ \t]+following[^\n:]{0,60}repealed)[ \t]*:"
)
# An act named in a sentence (the work copy: no-break spaces are spaces, quotations masked):
# "Федерального закона от 7 мая 1998 года № 75-ФЗ "…"", "Земельного кодекса Российской Федерации",
# "Кодекса Республики Казахстан об административных правонарушениях", "Закона Кыргызской Республики …"
_STATE = r"(?:Российской[ \t]+Федерации|Республики[ \t]+[А-ЯЁ]\w+|[А-ЯЁ]\w+ой[ \t]+Республики|РСФСР|СССР)"
_MENTION = regex.compile(
    r"(?<![\w-])(?:[Фф]едеральн\w+[ \t]+(?:конституционн\w+[ \t]+)?закон\w*|Закон\w*"
    r"|(?P<code>(?:[А-ЯЁ][\w-]+[ \t]+)?(?:[а-яё][\w-]+[ \t]+)?[Кк]одекс\w*[ \t]+" + _STATE
    + r"(?:[ \t]+об?[ \t]+[^\n(:\"«\ue000]{1,80}?"
    r"(?=[ \t]+от[ \t]|[ \t]*[(:]|[ \t]+(?:изложить|дополнить|признать|следующ)))?))"
    r"(?:[ \t]+" + _STATE + r")?"
    r"(?P<date>[ \t]+от[ \t]+(?:\d{1,2}[ \t]+[а-яё]+[ \t]+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})"
    r"(?:[ \t]*(?:года|г\.))?)?"
    r"(?P<no>[ \t]*(?:№|N)[ \t]*\d+(?:-[\wА-ЯЁ]+)*)?"
    r"(?:[ \t]+[\"«“„]\ue000*[\"»”“])?"
)
_LABEL_BEFORE = regex.compile(r"(?i)(?<!\w)(?:подпункт|пункт|част|абзац)\w*[ \t\u00a0]+$")
_LABEL_JOIN = regex.compile(r"[ \t\u00a0]*(?:,|и|или|[-–—])[ \t\u00a0]*")
_JOINED = regex.compile(r"[ \t\u00a0]+и[ \t\u00a0\n]+(?:слов|цифр|букв|после|перед)", regex.I)
_JOINS_AFTER = regex.compile(r"(?:заменить|дополнить)[ \t\u00a0\n]+\w+[ \t\u00a0\n]*$", regex.I)
_EDITORIAL = regex.compile(r"[ \t\u00a0\ue001]*\([^\n]*\)[ \t\u00a0\ue001.;]*")
_COLON_AFTER = regex.compile(r"[ \t\u00a0\ue001]*:")
_SPLIT = regex.compile(
    r"[;:][ \t\u00a0\ue001]*(?:\n|$)|[,;](?=[ \t\ue001]+(?:слов|цифр|после|перед|дополнить|изложить|исклю"
    r"чить|в[ \t]"
    r"|во[ \t]|абзац|пункт|част|подпункт|предложени|примечани|наименовани|the[ \t]+words?|after|in[ \t])\w*)",
    regex.I,
)
_NOMINATIVE = {
    "федерального": "федеральный", "конституционного": "конституционный", "закона": "закон",
    "кодекса": "кодекс", "трудового": "трудовой", "лесного": "лесной",
}


def _quiet(m: regex.Match[str]) -> str:
    """A noise word as spaces; a joining "и" before the next operation as ";" (it ends the one before)."""
    word = m.group(0)
    spaces = regex.sub(r"[^\n]", " ", word)
    if _JOINER.match(word):
        after = m.string[m.end():m.end() + 40]
        if not regex.match(r"(?:в[ \t\n]+(?:нем|ней|них)|in[ \t\n]+it)[ \t\n]*:", after):
            return ";" + spaces[1:]  # "пункт 4 считать пунктом 2 и изложить его …"
    return spaces  # "…, и в нем:": the colon after the first operation makes it the scope


_JOINER = regex.compile(r"(?i)(?:и|and)[ \t\n]")


def _norm_label(raw: str) -> str:
    """A label as the JSON writes it: ``24²⁰`` and ``24^20`` → ``24.20``, ``36¹²⁻¹`` → ``36.12-1``."""
    out: list[str] = []
    sup = False
    for ch in raw:
        if ch in _SUPERSCRIPTS:
            if not sup:
                out.append(".")
            out.append(ch.translate(_SUP_TO_DIGIT))
            sup = True
        elif ch == "⁻":
            out.append("-")
        elif ch == "^":
            out.append(".")
            sup = True
        else:
            out.append(ch)
            sup = False
    return "".join(out)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line between ``start`` and ``end`` (the first may start mid-line)."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        e = end if nl < 0 else nl
        yield pos, e
        pos = e + 1


def _paren_end(text: str, pos: int, end: int) -> int | None:
    """After ``pos`` (spaces skipped), the end of a bracketed publication list, or None."""
    while pos < end and text[pos] in " \t\u00a0":
        pos += 1
    if pos >= end or text[pos] != "(":
        return None
    depth = 0
    for k in range(pos, end):
        if text[k] == "(":
            depth += 1
        elif text[k] == ")":
            depth -= 1
            if depth == 0:
                return k + 1
    return None


def _fold(s: str) -> str:
    return regex.sub(r"[ \t\u00a0\n]+", " ", s).strip()


def _nominative(name: str) -> str:
    """``Федерального закона от … "…"`` → ``Федеральный закон от … "…"`` (the act as a reader names it)."""
    words = regex.sub(r"^(?i:the)[ \t]+", "", name).split(" ")
    for k, w in enumerate(words[:4]):
        low = w.lower()
        new = _NOMINATIVE.get(low)
        if new is None and k + 1 < len(words) and words[k + 1].lower() in ("кодекса", "закона"):
            if low.endswith("ского"):
                new = low[:-5] + "ский"
            elif low.endswith("ого"):
                new = low[:-3] + "ый"
        if new is not None:
            words[k] = new[0].upper() + new[1:] if w[:1].isupper() else new
        if low in ("закона", "кодекса", "закон", "кодекс"):
            break
    return " ".join(words)


def _what(text: str) -> str:
    """What an article that amends nothing does."""
    if regex.search(r"(?i)вступа\w*[ \t\n]+в[ \t\n]+силу|вводится[ \t\n]+в[ \t\n]+действие"
                    r"|into[ \t\n]+force", text):
        return "entry into force"
    if regex.search(r"(?im)^[ \t\u00a0]*(?:\d+\.[ \t]+)?(?:Установить|Establish)\b", text):
        return "rule"
    return "other"


def _ref_path(t: Target) -> list[_RefT]:
    return [_RefT(r.kind, (r.label,) if r.label else (), 0, 0) for r in t.path]


def _container(path: list[_RefT], unit: str | None) -> list[_RefT]:
    """Where units of kind ``unit`` are inserted: ``path`` without its steps of that kind or deeper."""
    if unit is None or unit not in _RANK:
        return path
    rank = _RANK[unit]
    out = list(path)
    while out and (out[-1].kind == unit or _RANK[out[-1].kind] > rank):
        out.pop()
    return out


def _split_clauses(chunk: str) -> list[tuple[int, int]]:
    """Pieces of a line that did not parse whole: at ``;``/``:`` before a line end, at ``, слова …``."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SPLIT.finditer(chunk):
        if m.group(0).startswith(":") and regex.match(r"\s*[\"«“„]", chunk[m.end():m.end() + 8]):
            continue
        out.append((pos, m.start() + 1 if m.group(0)[0] in ";:" else m.start()))
        pos = m.end()
    out.append((pos, len(chunk.rstrip())))
    spans: list[tuple[int, int]] = []
    for s, e in out:
        while s < e and chunk[s] in _BLANKS:
            s += 1
        if s < e:
            spans.append((s, e))
    return spans

def _month(name: str) -> int | None:
    low = name.lower()
    for stem in sorted(_MONTHS, key=len, reverse=True):
        if low.startswith(stem):
            return _MONTHS[stem]
    return None


def _iso(d: str, m: str, y: str) -> str | None:
    month = _month(m)
    return f"{int(y):04d}-{month:02d}-{int(d):02d}" if month else None


def _act_name(masked: str, text: str, start: int, end: int) -> str:
    """The act's name: the header up to the opening bracket of its publication list or the colon."""
    cut = end
    for stop in (" (", "(", ":"):
        k = masked.find(stop, start, end)
        if k >= 0:
            cut = min(cut, k)
    name = text[start:cut].strip()
    return regex.sub(r"[ \t]+следующие[ \t]+\w+$", "", name)


def _act_id(name: str) -> str | None:
    for pattern, ident in ACTS:
        if pattern.search(name):
            return ident
    return None


# ---------------------------------------------------------------------------------------
# grammar
# ---------------------------------------------------------------------------------------

_TENS_RU = r"двадцать|тридцать|сорок|пятьдесят|шестьдесят|семьдесят|восемьдесят|девяносто"


def _edit_terminals(lang: str) -> Any:
    ordinal = numbers.ORDINAL_WORD_PATTERN[lang]
    prefix = rf"(?:(?:{_TENS_RU})[ \t]+)?" if lang == "ru" else ""

    def edit(t: TerminalDef) -> None:
        if t.name == "ORD":
            # words only: a digit label is a NUMBER (``4-1`` must not read as ``4`` ``-`` ``1``)
            t.pattern.value = rf"(?i:(?<![\w-])(?!\d){prefix}(?:{ordinal})(?![\w-]))"
        elif "__ord_start__" in t.pattern.value:
            start = rf"(?!\d){prefix}(?:{ordinal})(?![\w-])"
            t.pattern.value = t.pattern.value.replace("__ord_start__", start)

    return edit


@functools.cache
def amend_parser(lang: str) -> Lark:
    """The LALR parser of amendment instructions in ``lang`` (``ru`` or ``en``)."""
    if lang not in ("ru", "en"):
        raise ValueError(f"no amendment grammar for language {lang!r}")
    text = read_grammar("amend.lark") + "\n" + read_grammar(f"amend.{lang}.lark")
    return Lark(
        text,
        parser="lalr",
        lexer="contextual",
        regex=True,
        maybe_placeholders=False,
        edit_terminals=_edit_terminals(lang),
        cache=False,
    )


# ---------------------------------------------------------------------------------------
# tree -> clauses
# ---------------------------------------------------------------------------------------

_KIND_OF_TERMINAL = {
    "ARTICLE": "article", "PART": "part", "ITEM": "item", "SUBITEM": "subitem", "PARAGRAPH": "paragraph",
    "SENTENCE": "sentence", "NOTES": "notes", "NOTE": "note", "HEADING": "heading", "CHAPTER": "chapter",
    "SECTION": "section", "CONTENTS": "contents", "PREAMBLE": "preamble", "BODY": "body", "ANNEX": "annex",
}
_RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_EN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@attrs.frozen
class _RefT:
    kind: str
    labels: tuple[str, ...]
    start: int
    end: int


@attrs.frozen
class _Words:
    quotes: tuple[tuple[int, int], ...]  # spans of the quote tokens (with marks), in the item


@attrs.frozen
class _Clause:
    scope: bool
    chains: tuple[tuple[_RefT, ...], ...]
    start: int
    end: int
    op: dict[str, Any] = attrs.field(factory=dict)


def _label_value(tok: Token, lang: str) -> str:
    raw = str(tok)
    if tok.type == "ORD":
        words = raw.split()
        last = numbers.ordinal(words[-1], lang) or 0
        tens = numbers.cardinal(words[:-1], lang) if len(words) > 1 else 0
        return str(int(tens or 0) + last)
    if tok.type == "CARD":
        return str(numbers.cardinal([raw], lang))
    if tok.type == "PAREN_LABEL":
        return _norm_label(raw[:-1])
    if tok.type in ("QLABEL", "BRACKET_LABEL"):
        return _norm_label(raw[1:-1])
    return _norm_label(raw)


def _small_int(digits: str | None) -> int | None:
    """``digits`` as an int, or None when absent or past nine digits (not a number anyone numbers by;
    a JSON integer must stay within 64 bits)."""
    if not digits or not digits.isdecimal() or len(digits) > 9:
        return None
    return int(digits)


def _expand_range(a: str, b: str) -> list[str]:
    if len(a) > 12 or len(b) > 12:  # no range of labels is written with numbers this long
        return [a, b]
    if a.isdecimal() and b.isdecimal() and int(a) < int(b) <= int(a) + 50:
        return [str(k) for k in range(int(a), int(b) + 1)]
    if b.startswith(a + ".") and b[len(a) + 1:].isdecimal() and int(b[len(a) + 1:]) <= 50:
        return [a] + [f"{a}.{k}" for k in range(1, int(b[len(a) + 1:]) + 1)]  # "части 2 - 2⁴"
    pa, _, la = a.rpartition(".")
    pb, _, lb = b.rpartition(".")
    if pa and pa == pb and la.isdecimal() and lb.isdecimal() and int(la) < int(lb) <= int(la) + 50:
        return [f"{pa}.{k}" for k in range(int(la), int(lb) + 1)]  # 211¹ - 211³
    for letters in (_RU_LETTERS, _EN_LETTERS):
        if a in letters and b in letters and letters.index(a) < letters.index(b):
            return list(letters[letters.index(a): letters.index(b) + 1])
    return [a, b]


class _ToClauses(Transformer[Token, Any]):
    """Turn the parse tree of one item into clauses (positions relative to the item)."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self._paren = False

    def start(self, children: list[Any]) -> list[_Clause]:
        return list(children)

    def label(self, c: list[Token]) -> Token:
        return c[0]

    def labels(self, c: list[Token]) -> tuple[list[str], int]:
        self._paren = any(t.type == "PAREN_LABEL" for t in c)
        out: list[str] = []
        pending_range = False
        for tok in c:
            if tok.type == "RANGE":
                pending_range = True
                continue
            v = _label_value(tok, self.lang)
            if pending_range and out:
                out.extend(_expand_range(out.pop(), v))
            else:
                out.append(v)
            pending_range = False
        return out, max(t.end_pos or 0 for t in c)

    def kind(self, c: list[Token]) -> Token:
        return c[0]

    def ref(self, c: list[Any]) -> _RefT:
        tok: Token = c[0]
        labels: list[str] = c[1][0] if len(c) > 1 else []
        end = c[1][1] if len(c) > 1 else (tok.end_pos or 0)
        kind = _KIND_OF_TERMINAL[tok.type]
        if kind == "paragraph" and labels and self._paren:
            # English "paragraph c)" / "paragraph 39)" is a пункт; "paragraph two" an абзац
            kind = "item"
        self._paren = False
        return _RefT(kind, tuple(labels), tok.start_pos or 0, end)

    def whole_text(self, c: list[Token]) -> _RefT:
        return _RefT("text", (), c[0].start_pos or 0, c[0].end_pos or 0)

    def unit_ord(self, c: list[Any]) -> _RefT:
        lab: Token = c[0]
        tok: Token = c[1]
        return _RefT(_KIND_OF_TERMINAL[tok.type], (_label_value(lab, self.lang),), lab.start_pos or 0,
                     tok.end_pos or 0)

    def unit(self, c: list[_RefT]) -> _RefT:
        # "заголовками статей 328-2 и 341-1": the unit is the first word, the labels the first given
        labels = next((r.labels for r in c if r.labels), ())
        return _RefT(c[0].kind, labels, c[0].start, c[-1].end)

    def units(self, c: list[_RefT]) -> list[_RefT]:
        return list(c)

    def chain(self, c: list[_RefT]) -> tuple[_RefT, ...]:
        return tuple(c)

    def targets(self, c: list[tuple[_RefT, ...]]) -> tuple[tuple[_RefT, ...], ...]:
        return tuple(c)

    def quotes(self, c: list[Token]) -> tuple[tuple[int, int], ...]:
        return tuple((t.start_pos or 0, t.end_pos or 0) for t in c)

    def words(self, c: list[Any]) -> _Words:
        return _Words(c[-1])

    def after(self, c: list[Any]) -> dict[str, Any]:
        return {"anchor": c[1], "anchor_position": "after"}

    def words_list(self, c: list[_Words]) -> _Words:
        return _Words(tuple(q for w in c for q in w.quotes))

    def after_unit(self, c: list[Any]) -> dict[str, Any]:
        return {"anchor_targets": c[1], "anchor_position": "after"}

    def delete_words_and(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "delete_words", "words": c[0], "also_repeal": c[1], "end": c[-1].end_pos}

    def delete_words_after(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "delete_words", "words": c[2], "anchor_targets": c[1], "anchor_position": "after",
                "end": c[-1].end_pos}

    def before(self, c: list[Any]) -> dict[str, Any]:
        return {"anchor": c[1], "anchor_position": "before"}

    def restate(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "restate", "quotes": c[-1], "end": _end_of(c[-1])}

    def restate_g(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "restate", "quotes": c[-1], "end": _end_of(c[-1]), "own_targets": c[1]}

    def replace_g(self, c: list[Any]) -> dict[str, Any]:
        chains = next((x for x in c if isinstance(x, tuple)), None)
        words = [x for x in c if isinstance(x, _Words)]
        op = {"kind": "replace_words", "words": words[0], "replacements": words[1], "end": _end_of(words[1])}
        if chains:
            op["own_targets"] = chains
        return op

    def repeal_g(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "repeal", "end": c[1][-1][-1].end, "own_targets": c[1]}

    def delete_g(self, c: list[Any]) -> dict[str, Any]:
        chains = next((x for x in c if isinstance(x, tuple)), None)
        op = {"kind": "delete_words", "words": c[-1], "end": _end_of(c[-1])}
        if chains:
            op["own_targets"] = chains
        return op

    def restate_attached(self, c: list[Token]) -> dict[str, Any]:
        return {"kind": "restate", "end": c[-1].end_pos}

    def repeal(self, c: list[Token]) -> dict[str, Any]:
        return {"kind": "repeal", "end": c[0].end_pos}

    def delete_words(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "delete_words", "words": c[0], "end": c[-1].end_pos}

    def replace(self, c: list[Any]) -> dict[str, Any]:
        resp = any(isinstance(x, Token) and x.type == "RESPECTIVELY" for x in c)
        return {"kind": "replace_words", "words": c[0], "replacements": c[-1], "respectively": resp,
                "end": _end_of(c[-1])}

    def insert_words(self, c: list[Any]) -> dict[str, Any]:
        op: dict[str, Any] = {"kind": "insert_words", "words": c[-1], "end": _end_of(c[-1])}
        for x in c:
            if isinstance(x, dict):
                op.update(x)
            elif isinstance(x, Token) and x.type == "RESPECTIVELY":
                op["respectively"] = True
        return op

    def insert(self, c: list[Any]) -> dict[str, Any]:
        units = next(x for x in c if isinstance(x, list))
        op: dict[str, Any] = {"kind": "insert", "units": units, "quotes": c[-1], "end": _end_of(c[-1])}
        for x in c:
            if isinstance(x, dict):  # "статью 3 после части 2 дополнить частью 2.1 …": where it goes
                op.update(x)
        return op

    def renumber(self, c: list[Any]) -> dict[str, Any]:
        resp = any(isinstance(x, Token) and x.type == "RESPECTIVELY" for x in c)
        return {"kind": "renumber", "units": c[-1], "respectively": resp, "end": c[-1][-1].end}

    def no_change(self, c: list[Token]) -> dict[str, Any]:
        return {"kind": "no_change", "end": c[0].end_pos}

    def scope(self, c: list[Any]) -> _Clause:
        chains = c[0]
        return _Clause(True, chains, chains[0][0].start, chains[-1][-1].end)

    def action(self, c: list[Any]) -> _Clause:
        chains: tuple[tuple[_RefT, ...], ...] = ()
        op: dict[str, Any] = {}
        for x in c:
            if isinstance(x, tuple):
                chains = x
            elif isinstance(x, dict):
                op = x
        if not chains and op.get("own_targets"):
            chains = op["own_targets"]  # "изложив часть 2 в следующей редакции": the object after the verb
        if not chains and op.get("anchor_targets"):
            chains = op["anchor_targets"]  # "после статьи 213¹ дополнить строкой …": where it goes
        return _Clause(False, chains, -1, int(op.get("end") or 0), op)


def _end_of(x: Any) -> int:
    if isinstance(x, Token):
        return x.end_pos or 0
    if isinstance(x, _Words):
        return x.quotes[-1][1]
    if isinstance(x, tuple) and x and isinstance(x[-1], tuple):
        return int(x[-1][1])
    if isinstance(x, list) and x:
        return _end_of(x[-1])
    if isinstance(x, _RefT):
        return x.end
    return 0


# ---------------------------------------------------------------------------------------
# clauses -> instructions
# ---------------------------------------------------------------------------------------


def _path_of_chain(chain: Sequence[_RefT]) -> list[_RefT]:
    """Outer-to-inner path of a chain written inner-to-outer (``пункт в) части третьей статьи 96``).

    A chain that is not monotone after reversal (``в статье 248 примечание``: a scope
    and a target run together) is sorted by rank, stably.
    """
    path = list(reversed(chain))
    # "в заголовке и тексте статьи 353": the text of an article is the article
    path = [r for r in path if r.kind != "body"] or [attrs.evolve(r, kind="text") for r in path[:1]]
    ranks = [_RANK[r.kind] for r in path]
    if ranks != sorted(ranks):
        path.sort(key=lambda r: _RANK[r.kind])
    # "части третью и четвертую примечаний", "пункт 2 примечаний": numbered notes
    if any(r.kind in ("notes", "note") for r in path):
        out: list[_RefT] = []
        for r in path:
            if r.kind in ("part", "item") and r.labels:
                out = [x for x in out if x.kind != "notes"]
                out.append(attrs.evolve(r, kind="note"))
            else:
                out.append(r)
        path = out
    return path


def _merge(scope: list[_RefT], own: list[_RefT]) -> list[_RefT]:
    """The scope's path refined by ``own``: scope steps at or below ``own``'s first rank give way."""
    if not own:
        return list(scope)
    head = own[0]
    first = _RANK[head.kind]
    kept: list[_RefT] = []
    if head.kind in ("notes", "note"):
        first = _RANK["part"]  # an article's notes: "в части четвертой: … в примечании:" leaves the part
    for r in scope:
        rank = _RANK[r.kind]
        if r.kind in ("notes", "note") and not r.labels and head.kind in ("part", "item"):
            # "в примечании: пункт 1 …": the numbered notes, as "пункт 1 примечаний" reads
            return kept + [attrs.evolve(head, kind="note")] + list(own[1:])
        if rank < first:
            kept.append(r)
        elif rank == first and r.kind != head.kind and {r.kind, head.kind} <= _NESTING:
            kept.append(r)  # "в части первой: а) пункт 2 …": a часть holds пункты (and a law's пункт части)
        else:
            break
    return kept + list(own)


_NESTING = frozenset({"part", "item"})
_HEADING_LINE = regex.compile(
    r"(?i)[ \t\u00a0]*(глава|раздел|chapter|section)[ \t\u00a0]+(\d+(?:[.^]\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*(?:-\d+)?)"
)


def _expand(path: Sequence[_RefT]) -> Iterator[tuple[Ref, ...]]:
    """Every single-labelled path of a path whose steps may carry several labels."""
    choices = [[Ref(r.kind, lab) for lab in r.labels] or [Ref(r.kind, None)] for r in path]
    for combo in itertools.product(*choices):
        yield tuple(combo)


def _chain_paths(chains: Sequence[Sequence[_RefT]]) -> list[list[_RefT]]:
    """Paths of a list of chains; outer steps named only by the last chain are shared."""
    paths = [_path_of_chain(c) for c in chains]
    if len(paths) > 1:
        last = paths[-1]
        for k, p in enumerate(paths[:-1]):
            if not p:
                continue
            low = _RANK[p[0].kind]
            outer = [r for r in last if _RANK[r.kind] < low and r.kind not in {x.kind for x in p}]
            paths[k] = outer + p
    return paths


# ---------------------------------------------------------------------------------------
# the reader
# ---------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang
        self.masked, self.quotes, problems = mask_quotes(text)
        # the grammar's copy: quotations masked, and words that carry no instruction
        # ("и в нем", "его", "в соответствующем падеже", act names once read) blanked
        plain = list(self.masked.replace("\u00a0", " "))
        label_end = -10
        for qs, qe in self.quotes:
            if qe - qs == 3 and text[qs + 1].isalpha() and (
                    _LABEL_BEFORE.search(self.masked, max(0, qs - 30), qs)
                    or _LABEL_JOIN.fullmatch(self.masked, label_end, qs)):
                plain[qs + 1] = text[qs + 1]  # 'подпункт "а"': a label in quotes, not words
                label_end = qe
            elif _JOINED.match(self.masked, qe) and _JOINS_AFTER.search(self.masked, max(0, qs - 40), qs):
                # 'слова "…" заменить словами "…" и слова "…" заменить …': the "и" ends the first edit
                k = self.masked.index("и", qe)
                plain[k] = ";"
        self.work = _NOISE[lang].sub(_quiet, "".join(plain))
        self.line_starts = [0] + [m.end() for m in regex.finditer(r"\n", text)]
        self.diagnostics: list[Diagnostic] = []
        self.editorial: list[NonAmending] = []
        self.covered: list[tuple[int, int]] = []
        for pos, msg in problems:
            self.diag("error", "unclosed-quote", pos, pos + 1, msg)

    def linecol(self, pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, pos)
        return line, pos - self.line_starts[line - 1] + 1

    def diag(self, severity: Literal["warning", "error"], code: str, start: int, end: int,
             message: str) -> Diagnostic:
        line, col = self.linecol(start)
        d = Diagnostic(severity, code, message, Span(start, end), line, col)
        self.diagnostics.append(d)
        return d

    # -- the law's parts -----------------------------------------------------------------

    def read(self) -> tuple[list[ActAmendments], list[NonAmending]]:
        """Cut the law into its articles (``Статья N``), each into the acts it addresses, and read them."""
        work = self.work
        closing = _CLOSING.search(work)
        end = closing.start() if closing else len(work)
        heads = list(_LAW_ARTICLE.finditer(work, 0, end))
        segments: list[tuple[str | None, int, int, int]] = []
        if heads:
            start0 = heads[0].start()
            if _VERB.search(work, 0, start0) or _ACT_HEAD.search(work, 0, start0):
                segments.append((None, 0, 0, start0))
            for k, m in enumerate(heads):
                nxt = heads[k + 1].start() if k + 1 < len(heads) else end
                segments.append((m.group("num"), m.start(), m.end(), nxt))
        else:
            segments.append((None, 0, 0, end))
        acts: list[ActAmendments] = []
        other: list[NonAmending] = []
        for num, head_start, body, seg_end in segments:
            got = self.segment(body, seg_end)
            if got is None:
                if work[body:seg_end].strip(_BLANKS):
                    other.append(NonAmending(
                        _norm_label(num) if num else None,
                        Span(head_start, _rstrip(self.text, body, seg_end)),
                        _what(self.text[body:seg_end]),
                    ))
                continue
            acts.extend(got)
        other = sorted(other + self.editorial, key=lambda o: o.span.start)
        self.coverage(acts, [(s.span.start, s.span.end) for s in other])
        return acts, other

    def segment(self, start: int, end: int) -> list[ActAmendments] | None:
        """The acts one article of the law (or the whole law) amends; None if it amends nothing."""
        work = self.work
        # (line start, where its instructions start, name, the law's number for the act, scope)
        heads: list[tuple[int, int, str, int | None, list[_RefT]]] = []
        for ls, le in _lines(work, start, end):
            if not work[ls:le].strip(_BLANKS):
                continue
            h = self.act_head(ls, le)
            if h is not None:
                name, num, scope, body = h
                heads.append((ls, body, name, num, scope))
        if not heads and not _VERB.search(work, start, end):
            return None
        if not heads:
            # "Статью 38 Федерального закона … изложить …": the act is named inside the instruction
            first = next(((ls, le) for ls, le in _lines(work, start, end) if work[ls:le].strip(_BLANKS)),
                         None)
            if first is None:
                return None
            fs, fe = first
            if _REPEAL_LIST.match(work, fs):
                self.covered.append((fs, fe))  # "Признать утратившими силу:" heads the list of acts
                return self.repealed_acts(fe, end)
            ment = self.mention(fs, fe)
            if ment is None:
                self.diag("warning", "no-act", fs, fe,
                          "no act named for these instructions "
                          "(expected e.g. 'Внести в … следующие изменения:')")
            name = ment[0] if ment else ""
            items = self.walk(fs, end, [])
            return [ActAmendments(name=name, act_id=_act_id(name), number=None,
                                  span=Span(fs, _rstrip(self.text, fs, end)), items=tuple(items))]
        acts: list[ActAmendments] = []
        for k, (hs, he, name, num, scope) in enumerate(heads):
            body_end = heads[k + 1][0] if k + 1 < len(heads) else end
            items = self.walk(he, body_end, scope)
            acts.append(ActAmendments(name=name, act_id=_act_id(name), number=num,
                                      span=Span(hs, _rstrip(self.text, hs, body_end)), items=tuple(items)))
        return acts

    def act_head(self, start: int, end: int) -> tuple[str, int | None, list[_RefT], int] | None:
        """``1. В Уголовный кодекс …:`` / ``Внести в [статью 5] Федеральный закон … следующие изменения:``.

        Returns the act's name, the law's number for it, the scope of its instructions and
        where they start: the next line, or, for ``Внести в статью 5 … изменение, изложив
        ее …``, the gerund on the same line.
        """
        work = self.work
        line = work[start:end]
        g = _GERUND_HEAD.search(line) if _RF_HEAD.match(line) else None
        if g is not None:
            end = start + g.start()  # the head ends at "изменение,"; the instruction follows
            line = work[start:end]
        body = start + g.end() if g is not None else end
        m = _ACT_HEAD.match(line)
        if m and not self._is_preamble(m):
            name = _act_name(work, self.text, start + m.start("name"), start + m.end("name"))
            self.blank(start, body)
            return _nominative(name), _small_int(m.group("num")), [], body
        m3 = _TAIL_HEAD.match(line)
        if m3 and not _RF_HEAD.match(line):
            # "Уголовный кодекс Республики Молдова № 985/2002 (…) вносятся следующие изменения:"
            name = _act_name(work, self.text, start + m3.start("name"), start + m3.end("name"))
            self.blank(start, body)
            return _nominative(name), None, [], body
        m2 = _RF_HEAD.match(line)
        if not m2:
            return None
        rest_start = start + m2.start("rest")
        if regex.match(r"(?i)следующ|the[ \t]+following", work[rest_start:end]):
            return None  # "Внести изменения в следующие законодательные акты:" (a preamble)
        ment = self.mention(rest_start, end)
        if ment is None:
            name = _act_name(work, self.text, rest_start, end)
            self.blank(start, body)
            return _nominative(name), _small_int(m2.group("num")), [], body
        name, ms = ment
        scope: list[_RefT] = []
        own = work[rest_start:ms]
        if own.strip(_BLANKS):
            # "Внести в статью 24²⁰ Федерального закона …": the article is the scope of every item
            try:
                tree = amend_parser(self.lang).parse("в " + own + ":")
                clauses: list[_Clause] = _ToClauses(self.lang).transform(tree)
                if clauses and clauses[0].scope:
                    scope = _chain_paths(clauses[0].chains)[0]
            except LarkError as exc:
                self.unparsed(None, rest_start, ms, exc)
        self.blank(start, body)
        return name, _small_int(m2.group("num")), scope, body

    def mention(self, start: int, end: int) -> tuple[str, int] | None:
        """The first act named between ``start`` and ``end`` (blanked in the work copy): (name, start)."""
        work = self.work
        for m in _MENTION.finditer(work, start, end):
            if not (m.group("date") or m.group("no") or m.group("code")):
                continue
            ms, me = m.start(), m.end()
            pe = _paren_end(work, me, end)
            self.blank(ms, pe if pe is not None else me)
            return _nominative(_fold(self.text[ms:me])), ms
        return None

    def repealed_acts(self, start: int, end: int) -> list[ActAmendments]:
        """``Признать утратившими силу: 1) Федеральный закон …; 2) …``: each act repealed as a whole."""
        acts: list[ActAmendments] = []
        for ls, le in _lines(self.work, start, end):
            if not self.work[ls:le].strip(_BLANKS):
                continue
            mark = _MARK.match(self.work, ls)
            num = mark.group("num") if mark and mark.group("num") else None
            ment = self.mention(ls, le)
            if ment is None:
                continue
            name, _ms = ment
            span = Span(ls, _rstrip(self.text, ls, le))
            rest = self.work[(mark.end() if mark else ls):le]
            targets: tuple[Target, ...] = ()
            if rest.strip(_BLANKS + ";.,"):
                try:
                    tree = amend_parser(self.lang).parse("в " + rest.rstrip(_BLANKS + ";.,") + ":")
                    cl: list[_Clause] = _ToClauses(self.lang).transform(tree)
                    targets = tuple(Target(p) for p in _expand(_chain_paths(cl[0].chains)[0]))
                except LarkError as exc:
                    self.unparsed(num, ls, le, exc)
            ins = Instruction(kind="repeal", targets=targets, span=span, item=num)
            acts.append(ActAmendments(name=name, act_id=_act_id(name), number=None, span=span,
                                      items=(Item(num, span, (ins,)),)))
        return acts

    def blank(self, start: int, end: int) -> None:
        """Hide words that are not part of an instruction (act names, publication lists) from the grammar."""
        self.work = self.work[:start] + "".join(
            c if c in "\n" else _BLANK for c in self.work[start:end]) + self.work[end:]

    def _is_preamble(self, m: regex.Match[str]) -> bool:
        """``Внести изменения … в следующие законодательные акты:`` names no act."""
        name = m.group("name")
        preamble = regex.match(r"(?i)(?:the[ \t]+)?(?:следующ|following)", name)
        return bool(preamble) or not name.rstrip().endswith(":")

    # -- items: a stack of scopes --------------------------------------------------------

    def walk(self, start: int, end: int, base: list[_RefT]) -> list[Item]:
        """Read an act's instructions line by line, each marker level (``1)``, ``а)``, none) a scope."""
        work = self.work
        lines: list[list[int]] = []
        for ls, le in _lines(work, start, end):
            text = work[ls:le]
            if not text.strip(_BLANKS):
                continue
            if lines and text.lstrip(_BLANKS)[:1] in _OPENERS:
                lines[-1][1] = le  # "… в следующей редакции:" + the new text(s) on the next line(s)
                continue
            lines.append([ls, le])
        stack: list[list[Any]] = []  # [marker kind, label, scope], outermost first
        items: list[list[Any]] = []  # [number, start, end, instructions]
        top_kind: str | None = None
        for ls, le in lines:
            mark = _MARK.match(work, ls)
            kind = "plain"
            label: str | None = None
            body = ls
            if mark:
                kind = "num" if mark.group("num") else "letter" if mark.group("letter") else "dot"
                label = _norm_label(mark.group("num") or mark.group("letter") or mark.group("dot"))
                body = mark.end()
            if _EDITORIAL.fullmatch(work, body, le):
                # "29. (Утратил силу - …)" of a consolidated edition: no instruction, kept as such
                self.editorial.append(
                    NonAmending(label, Span(ls, _rstrip(self.text, ls, le)), "editorial note"))
                continue
            if kind != "plain" and top_kind is None:
                top_kind = kind
            if kind == top_kind or not items:
                items.append([label if kind == top_kind else None, ls, le, []])
            kinds = [e[0] for e in stack]
            if kind != "plain" and kind in kinds:
                del stack[kinds.index(kind):]  # the next item at a level closes the deeper ones
            if kind == "plain" and stack and stack[-1][0] == "plain":
                entry = stack[-1]
            else:
                entry = [kind, label, list(stack[-1][2] if stack else base)]
                stack.append(entry)
            item_no = ".".join(str(e[1]) for e in stack if e[1] is not None) or None
            got, entry[2] = self.line(item_no, body, _rstrip(work, body, le), entry[2])
            items[-1][3].extend(got)
            items[-1][2] = le
        return [Item(n, Span(s, _rstrip(self.text, s, e)), tuple(lst)) for n, s, e, lst in items]

    def line(self, num: str | None, start: int, end: int,
             scope: list[_RefT]) -> tuple[list[Instruction], list[_RefT]]:
        """One line of instructions; returns them and the scope it leaves for the lines below."""
        chunk = self.work[start:end]
        try:
            tree = amend_parser(self.lang).parse(chunk)
            clauses: list[_Clause] = _ToClauses(self.lang).transform(tree)
            return self._instructions(num, clauses, start, scope)
        except LarkError as exc:
            first_exc = exc
        pieces = _split_clauses(chunk)
        if len(pieces) <= 1:
            return [self.unparsed(num, start, end, first_exc)], scope
        out: list[Instruction] = []
        for cs, ce in pieces:
            try:
                tree = amend_parser(self.lang).parse(chunk[cs:ce])
                clauses = _ToClauses(self.lang).transform(tree)
            except LarkError as exc:
                out.append(self.unparsed(num, start + cs, start + ce, exc))
                continue
            got, scope = self._instructions(num, clauses, start + cs, scope, inherit=out)
            out.extend(got)
        return out, scope

    def coverage(self, acts: list[ActAmendments], other: list[tuple[int, int]]) -> None:
        """Every instruction verb of the law is in an instruction, a non-amending article or a diagnostic."""
        spans = sorted([(i.span.start, i.span.end) for a in acts for i in a.instructions]
                       + self.covered + other)
        starts = [s for s, _ in spans]
        closing = _CLOSING.search(self.masked)
        stop = closing.start() if closing else len(self.masked)
        for m in _VERB.finditer(self.masked, 0, stop):
            k = bisect.bisect_right(starts, m.start()) - 1
            covered = any(s <= m.start() < max(e, s + 1) for s, e in spans[max(0, k - 3):k + 1])
            if not covered and not any(s <= m.start() < e for s, e in other):
                self.diag("error", "instruction-not-read", m.start(), m.end(),
                          f"instruction verb {m.group(0)!r} is in no instruction that could be read")


    def unparsed(self, num: str | None, start: int, end: int, exc: LarkError) -> Instruction:
        pos = start
        expected: list[str] = []
        if isinstance(exc, UnexpectedInput):
            pos = start + (exc.pos_in_stream or 0)
            if isinstance(exc, UnexpectedToken):
                expected = sorted(exc.accepts or exc.expected)
            elif isinstance(exc, UnexpectedCharacters):
                expected = sorted(exc.allowed or ())
        shown = self.text[pos:pos + 30].split("\n")[0]
        msg = f"cannot read this instruction at {shown!r}"
        if expected:
            msg += "; expected one of: " + ", ".join(expected[:12])
        d = self.diag("error", "unparsed-instruction", pos, end, msg)
        return Instruction(kind="unparsed", targets=(), span=Span(start, end), item=num, diagnostic=d)

    def _instructions(self, num: str | None, clauses: list[_Clause], base: int, scope: list[_RefT],
                      inherit: list[Instruction] | None = None) -> tuple[list[Instruction], list[_RefT]]:
        out: list[Instruction] = []
        clause_start = base
        # a clause with no target of its own on the line of one that has one shares it
        # ("пункт 1 после слов … дополнить словами …, слова … исключить")
        last = next((i for i in reversed(inherit or []) if i.targets), None)
        prev: list[list[_RefT]] | None = [_ref_path(t) for t in last.targets] if last else None
        for cl in clauses:
            paths = _chain_paths(cl.chains)
            if cl.scope:
                if paths:
                    scope = _merge(scope, paths[0])
                clause_start = base + cl.end
                prev = None
                continue
            first = self._first_pos(cl, base)
            start = first if first is not None else clause_start
            start = _skip_space_and_punct(self.text, start)
            lead = regex.search(r"(?i)(?<!\w)(?:в|во|in)[ \t]+$", self.text[max(0, start - 4):start])
            if lead and first is not None:
                start -= len(lead.group(0))  # the clause starts at its "в" / "in"
            end = base + cl.end
            base_path = prev[0] if prev else scope  # "слова … заменить, второе предложение исключить": in it
            own = [_merge(base_path, p) for p in paths] if paths else (prev if prev else None)
            ins = self._instruction(num, cl, paths, own, scope, base, start, end)
            out.append(ins)
            also = cl.op.get("also_repeal")
            if also:  # "слова «…» и второе предложение исключить": the words, and a whole unit
                where = own[0] if own else scope
                span = Span(base + min(r.start for r in also), base + max(r.end for r in also))
                out.append(Instruction(
                    kind="repeal", item=num, span=Span(span.start, end),
                    targets=tuple(Target(p, span) for p in _expand(_merge(where, _path_of_chain(also))))))
            if paths:
                prev = own
            if own and _COLON_AFTER.match(self.work, end):
                scope = own[0]  # "пункт 3 считать пунктом 2 и в нем:" — the lines below edit it
            clause_start = end
        return out, scope

    def _first_pos(self, cl: _Clause, base: int) -> int | None:
        if cl.op.get("own_targets"):
            return None  # "изложив часть 2 …": the clause starts at its verb, before its object
        if cl.chains:
            return base + min(r.start for c in cl.chains for r in c)
        return None

    def _instruction(self, num: str | None, cl: _Clause, paths: list[list[_RefT]],
                     own: list[list[_RefT]] | None, scope: list[_RefT],
                     base: int, start: int, end: int) -> Instruction:
        op = cl.op
        kind: InstructionKind = op["kind"]
        unit_kind: str | None = op["units"][0].kind if "units" in op else None
        targets: list[Target] = []
        if paths and own:
            for chain, path in zip(cl.chains, own, strict=True):
                span = Span(base + min(r.start for r in chain), base + max(r.end for r in chain))
                for p in _expand(_container(path, unit_kind if kind == "insert" else None)):
                    targets.append(Target(p, span))
        else:
            for path in own or ([scope] if scope else []):
                for p in _expand(_container(path, unit_kind if kind == "insert" else None)):
                    if p:
                        targets.append(Target(p, None))
        fields: dict[str, Any] = {}
        if "quotes" in op:
            fields["new_text"] = self._quote_all(base, op["quotes"])
        if "words" in op:
            fields["words"] = tuple(self._quote(base, q) for q in op["words"].quotes)
        if "replacements" in op:
            fields["replacements"] = tuple(self._quote(base, q) for q in op["replacements"].quotes)
        if "anchor" in op:
            fields["anchor"] = tuple(self._quote(base, q) for q in op["anchor"].quotes)
        if "anchor_position" in op:
            fields["anchor_position"] = op["anchor_position"]
        if "units" in op:
            units: list[_RefT] = op["units"]
            fields["unit"] = units[0].kind
            fields["labels"] = tuple(lab for u in units for lab in u.labels)
        fields["respectively"] = bool(op.get("respectively"))
        if op.get("anchor_targets") and len(fields.get("words", ())) == 1:
            # "после статьи 213¹ дополнить строкой «ГЛАВА 35. …»",
            # "после статьи 215 строку «ГЛАВА 35. …» исключить":
            # a line of the table of contents or of the text that is a chapter's (section's) heading
            line = fields["words"][0]
            m = _HEADING_LINE.match(line.text)
            if m and kind in ("insert_words", "delete_words"):
                unit = "section" if m.group(1).lower().startswith("раздел") else "chapter"
                label = _norm_label(m.group(2))
                if kind == "insert_words":
                    kind = "insert"
                    fields.update(words=(), new_text=line, unit=unit, labels=(label,))
                else:
                    kind = "repeal"
                    targets = [Target((Ref(unit, label), Ref("heading", None)), None)]
        return Instruction(kind=kind, targets=tuple(targets), span=Span(start, end), item=num, **fields)

    def _quote(self, base: int, q: tuple[int, int]) -> Quote:
        s, e = base + q[0] + 1, base + q[1] - 1
        return Quote(self.text[s:e], Span(s, e))

    def _quote_all(self, base: int, qs: tuple[tuple[int, int], ...]) -> Quote:
        if len(qs) == 1:
            return self._quote(base, qs[0])
        s, e = base + qs[0][0] + 1, base + qs[-1][1] - 1
        return Quote(self.text[s:e], Span(s, e))


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _skip_space_and_punct(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos].isspace() or text[pos] in ";:,."):
        pos += 1
    return pos


# ---------------------------------------------------------------------------------------
# public entry
# ---------------------------------------------------------------------------------------


def parse_amendments(
    text: str,
    *,
    source: str | None = None,
    lang: str | None = None,
    date: str | None = None,
    number: str | None = None,
) -> AmendingLaw:
    """Read an amending law into its instructions, grouped by the act each addresses.

    ``lang`` forces ``ru`` or ``en`` (else detected); ``date`` (ISO) and ``number``
    (``227-IV``) identify the law when its text does not print them (they are used
    in the editorial notes that :func:`statuteparse.apply.apply_law` writes).
    Never raises on any text: what cannot be read is kept as ``unparsed``
    instructions with diagnostics.
    """
    from .normalize import replace_surrogates

    text = replace_surrogates(text)  # one for one: spans stay; the JSON can always be written
    language = lang or (detect_language(text) if text.strip() else "ru")
    if language not in ("ru", "en"):
        raise ValueError(f"unsupported language {language!r} (use 'ru' or 'en')")
    reader = _Reader(text, language)
    acts, other = reader.read()
    if not acts and text.strip():
        reader.diag("warning", "no-act", 0, 0, "no act addressed (expected e.g. '1. В Уголовный кодекс …:')")
    title = _title(text)
    in_force = None
    m = _IN_FORCE.search(reader.masked)
    if m:
        if m.group("d"):
            in_force = _iso(m.group("d"), m.group("m"), m.group("y"))
        else:
            in_force = _iso(m.group("d2") or m.group("d3"), m.group("m2") or m.group("m3"), m.group("y2"))
    if date is None or number is None:
        own_date, own_number = _law_id(reader.masked)
        date = date or own_date
        number = number or own_number
    diags = sorted(reader.diagnostics, key=lambda d: (d.span.start, d.code))
    return AmendingLaw(
        title=title, source=source, language=language,  # type: ignore[arg-type]
        acts=tuple(acts), diagnostics=tuple(diags), text=text, date=date, number=number, in_force=in_force,
        non_amending=tuple(other),
    )


_CAPS_LINE = regex.compile(r"[^a-zа-яё]*")
_KIND_LINE = regex.compile(
    r"(?i)(?:федеральный[ \t]+)?(?:конституционный[ \t]+)?закон(?:[ \t]+(?:российской[ \t]+федерации"
    r"|республики[ \t]+\w+|\w+ой[ \t]+республики))?|(?:the[ \t]+)?law(?:[ \t]+of[ \t]+the[ \t]+[\w \t]+)?"
)
_SIGNED = regex.compile(
    r"(?m)^[ \t\u00a0]*(?P<d>\d{1,2})[ \t\u00a0]+(?P<m>[а-яёa-z]+)[ \t\u00a0]+(?P<y>\d{4})(?:[ \t\u00a0]*"
    r"(?:года|г\.))?[ \t\u00a0]*"
    r"(?:\n[ \t\u00a0]*)*(?:№|N|No\.?)[ \t\u00a0]*(?P<n>\d+(?:-[\wА-ЯЁ]+)*)",
    regex.I,
)
_OWN_ID = regex.compile(
    r"(?mi)^[ \t\u00a0#]*(?:Федеральный[ \t\u00a0]+(?:конституционный[ \t\u00a0]+)?закон|Закон[^\n]{0,40}"
    r"?|Law[^\n]{0,40}?)[ \t\u00a0]+от[ \t\u00a0]+"
    r"(?:(?P<d>\d{1,2})[ \t\u00a0]+(?P<m>\w+)[ \t\u00a0]+(?P<y>\d{4})|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.("
    r"?P<y2>\d{4}))"
    r"[ \t\u00a0]*(?:года|г\.)?[ \t\u00a0]*(?:№|N)[ \t\u00a0]*(?P<n>\d+(?:-[\wА-ЯЁ]+)*)"
)


def _title(text: str) -> str | None:
    """The law's title: its first line that is not a heading (``ФЕДЕРАЛЬНЫЙ ЗАКОН``, ``Закон …``)."""
    for line in text.splitlines()[:40]:
        t = line.strip(" \t\u00a0").lstrip("#").strip()
        if t and not _CAPS_LINE.fullmatch(t) and not _KIND_LINE.fullmatch(t):
            return t
    return None


def _law_id(masked: str) -> tuple[str | None, str | None]:
    """The law's own date and number: from its signature (``Москва, Кремль / 29 января 2002 года / № 10-ФЗ``)
    or from a heading line that names the law itself; never from an act it cites."""
    closing = _CLOSING.search(masked)
    if closing:
        m = _SIGNED.search(masked, closing.start(), closing.start() + 400)
        if m:
            return _iso(m.group("d"), m.group("m"), m.group("y")), m.group("n")
    first_article = _LAW_ARTICLE.search(masked)
    head_end = min(first_article.start() if first_article else 800, 800)
    m2 = _OWN_ID.search(masked, 0, head_end)
    if m2:
        if m2.group("d"):
            return _iso(m2.group("d"), m2.group("m"), m2.group("y")), m2.group("n")
        return f"{int(m2.group('y2')):04d}-{int(m2.group('m2')):02d}-{int(m2.group('d2')):02d}", m2.group("n")
    return None, None


# ---------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------


def _span(s: Span | None) -> list[int] | None:
    return None if s is None else [s.start, s.end]


def _quote_dict(q: Quote) -> dict[str, Any]:
    return {"text": q.text, "span": _span(q.span)}


def _diag_dict(d: Diagnostic) -> dict[str, Any]:
    return {"severity": d.severity, "code": d.code, "message": d.message, "span": _span(d.span),
            "line": d.line, "column": d.column}


def _target_dict(t: Target) -> dict[str, Any]:
    return {"path": [{"kind": r.kind, "label": r.label} for r in t.path], "span": _span(t.span)}


def instruction_to_dict(ins: Instruction, text: str) -> dict[str, Any]:
    """One instruction as JSON (``text`` is the law, for the clause's wording and position)."""
    line = text.count("\n", 0, ins.span.start) + 1
    column = ins.span.start - (text.rfind("\n", 0, ins.span.start) + 1) + 1
    return {
        "kind": ins.kind,
        "item": ins.item,
        "targets": [_target_dict(t) for t in ins.targets],
        "new_text": None if ins.new_text is None else _quote_dict(ins.new_text),
        "words": [_quote_dict(q) for q in ins.words],
        "replacements": [_quote_dict(q) for q in ins.replacements],
        "anchor": [_quote_dict(q) for q in ins.anchor],
        "anchor_position": ins.anchor_position,
        "unit": ins.unit,
        "labels": list(ins.labels),
        "respectively": ins.respectively,
        "text": _clause_text(text, ins.span),
        "span": _span(ins.span),
        "line": line,
        "column": column,
        "diagnostic": None if ins.diagnostic is None else _diag_dict(ins.diagnostic),
    }


def _clause_text(text: str, span: Span, limit: int = 240) -> str:
    """The clause as written, with quotations longer than a line shortened to ``"…"``."""
    piece = span.slice(text)
    masked, quotes, _ = mask_quotes(piece)
    out: list[str] = []
    pos = 0
    for s, e in quotes:
        out.append(piece[pos:s])
        inner = piece[s + 1:e - 1]
        out.append(piece[s] + (inner if len(inner) <= 80 and "\n" not in inner else "…") + piece[e - 1])
        pos = e
    out.append(piece[pos:])
    folded = regex.sub(r"\s+", " ", "".join(out)).strip()
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def _law_to_dict(law: AmendingLaw) -> dict[str, Any]:
    return {
        "schema": AMENDMENTS_SCHEMA_ID,
        "source": law.source,
        "language": law.language,
        "title": law.title,
        "date": law.date,
        "number": law.number,
        "in_force": law.in_force,
        "acts": [
            {
                "number": a.number,
                "name": a.name,
                "id": a.act_id,
                "span": _span(a.span),
                "items": [
                    {"number": it.number, "span": _span(it.span),
                     "instructions": [instruction_to_dict(i, law.text) for i in it.instructions]}
                    for it in a.items
                ],
            }
            for a in law.acts
        ],
        "non_amending": [
            {"article": o.article, "what": o.what, "span": _span(o.span),
             "line": law.text.count("\n", 0, o.span.start) + 1}
            for o in law.non_amending
        ],
        "diagnostics": [_diag_dict(d) for d in law.diagnostics],
    }


def iter_instructions(
    law: AmendingLaw, act_id: str | None = None
) -> Iterable[tuple[ActAmendments, Instruction]]:
    """Every (act, instruction) of the law, optionally only those addressed to ``act_id``."""
    for act in law.acts:
        if act_id is None or act.act_id == act_id:
            for ins in act.instructions:
                yield act, ins
