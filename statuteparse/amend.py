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

Stages and what each guarantees to the next:

* **pre-parse** (:func:`mask_quotes`): every quotation (``"…"``, ``«…»``, ``“…”``; one
  line or many paragraphs; with quotations nested inside) is found and its inside is
  replaced by U+E000 in a *masked* copy of the same length.  Offsets in the masked
  copy are offsets in the law; no ``1)``, ``;`` or ``Статья`` inside a quotation can
  be taken for structure afterwards.  A quotation that spans lines ends only at a
  closing quote followed by ``;``/``.``/``,`` and the end of its line.
* **acts** (:func:`parse_amendments`): the text is cut into the acts it addresses
  (``1. В Уголовный кодекс …:``), each labelled with its name as written and, when
  known, an identifier (``kz-cc1997``); instructions to different acts never mix.
* **items**: an act's list is cut into numbered items (``26)``) at line starts.
* **grammar** (``grammars/amend.lark`` + ``amend.<lang>.lark``, LALR): each item is
  parsed into clauses; when an item does not parse, each of its clauses is tried
  alone, and what still does not parse is kept as an ``unparsed`` instruction with a
  diagnostic (line, column, what the grammar expected).  Parsing never raises for
  any input text; every item of the law appears in the output.
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
    "contents", "section", "chapter", "article", "heading", "text", "part", "item", "notes",
    "note", "subitem", "paragraph", "sentence",
)

InstructionKind = Literal[
    "restate", "repeal", "replace_words", "delete_words", "insert_words", "insert", "renumber",
    "no_change", "unparsed",
]

# Rank of each unit in a path (outer < inner); units of equal rank keep the order
# the law gives them (a code's часть holds пункты, a law's пункт holds части).
_RANK: dict[str, int] = {
    "contents": 0, "section": 0, "chapter": 1, "article": 2, "heading": 3, "text": 3, "part": 3, "item": 3,
    "notes": 3, "note": 4, "subitem": 4, "paragraph": 5, "sentence": 6,
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


def _find_close(text: str, i: int) -> int | None:
    """End (exclusive) of the quotation opening at ``i``, or None if it never closes.

    Quotes nest: an opener raises the depth, a closer lowers it; the quotation ends
    where the depth returns to zero.  A quotation that spans lines must end at a
    closer followed by ``;``/``.``/``,`` and the end of the line; a depth-zero closer
    elsewhere means an inner quote was unbalanced, and the scan goes on.  When the
    depth count never closes such a block, the first closer at a line end that is
    followed by the next instruction (or the end of the text) is taken.
    """
    n = len(text)
    depth = 1
    j = i + 1
    fallback: int | None = None
    while j < n:
        c = text[j]
        if c in _QUOTE_CHARS:
            if _is_opener(text, j):
                depth += 1
            else:
                depth -= 1
                multi = "\n" in text[i:j]
                at_eol = bool(_BLOCK_END.match(text, j + 1))
                if fallback is None and multi and at_eol and _NEXT_INSTRUCTION.match(text, j + 1):
                    fallback = j + 1
                if depth <= 0:
                    if not multi or at_eol:
                        return j + 1
                    depth = 1
        elif c == "\n" and depth >= 1 and "\n" not in text[i:j] and j + 1 < n and text[j + 1] == "\n":
            pass
        j += 1
    return fallback


def mask_quotes(text: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, str]]]:
    """Find every quotation; return the masked text, the quotations and problems.

    The masked text has the same length as ``text``; the inside of each quotation
    (everything between its quote marks, line breaks included) is U+E000.  Each
    quotation is ``(start, end)`` including its quote marks.  Problems are
    ``(offset, message)`` for a quote that never closes (it is left unmasked).
    """
    out = list(text)
    quotes: list[tuple[int, int]] = []
    problems: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _OPENERS and _is_opener(text, i):
            end = _find_close(text, i)
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
    r"(?m)^[ \t]*(?:(?P<num>\d+)\.[ \t]+)?(?:Внести[^\n]*?[ \t])?(?:[Вв]|To|In|Into)[ \t]+"
    r"(?P<name>(?!(?:Стать|Част|Пункт|Подпункт|Абзац|Глав|Article|Part|Paragraph|Item|Sub|Note|Chapter|Section)\w*\b)"
    r"(?:the[ \t]+)?[A-ZА-ЯЁ][^\n]*)$"
)
_LAW_ARTICLE = regex.compile(r"(?m)^[ \t]*(?:#+[ \t]*)?(?:Статья|Article)[ \t]+\d+[.:][ \t]")
_CLOSING = regex.compile(r"(?m)^[ \t]*(?:Президент|President)")
_ITEM = regex.compile(r"(?m)^[ \t]*(?P<num>\d+(?:-\d+)?)\)[ \t]+")
_IN_FORCE = regex.compile(
    r"вводится[ \t]+в[ \t]+действие[ \t]+с[ \t]+(?P<d>\d{1,2})[ \t]+(?P<m>\w+)[ \t]+(?P<y>\d{4})"
    r"|(?:shall[ \t]+)?(?:enter|enters|come|comes)[ \t]+into[ \t]+force[ \t]+(?:on|from)[ \t]+"
    r"(?:(?P<d2>\d{1,2})[ \t]+(?P<m2>[A-Za-z]+)|(?P<m3>[A-Za-z]+)[ \t]+(?P<d3>\d{1,2}),?)[ \t]+(?P<y2>\d{4})",
    regex.I,
)
_LAW_ID = regex.compile(
    r"(?:Закон\w*|Law)[^\n]{0,40}?\bот[ \t]+(?P<d>\d{1,2})[ \t]+(?P<m>\w+)[ \t]+(?P<y>\d{4})"
    r"[ \t]*(?:года|г\.)?"
    r"[ \t]*(?:№|N)[ \t]*(?P<n>\d+(?:-[IVXІ]+)?)"
)
_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12, "january": 1, "february": 2, "march": 3,
    "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10,
    "november": 11, "december": 12,
}


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
    "SECTION": "section", "CONTENTS": "contents",
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
        return raw[:-1]
    return raw


def _expand_range(a: str, b: str) -> list[str]:
    if a.isdigit() and b.isdigit() and int(a) < int(b) <= int(a) + 50:
        return [str(k) for k in range(int(a), int(b) + 1)]
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
        return _Words(c[1])

    def after(self, c: list[Any]) -> dict[str, Any]:
        return {"anchor": c[1], "anchor_position": "after"}

    def before(self, c: list[Any]) -> dict[str, Any]:
        return {"anchor": c[1], "anchor_position": "before"}

    def restate(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "restate", "quotes": c[-1], "end": _end_of(c[-1])}

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
        return {"kind": "insert", "units": units, "quotes": c[-1], "end": _end_of(c[-1])}

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
    first = _RANK[own[0].kind]
    return [r for r in scope if _RANK[r.kind] < first] + own


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
        self.line_starts = [0] + [m.end() for m in regex.finditer(r"\n", text)]
        self.diagnostics: list[Diagnostic] = []
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

    # -- acts ----------------------------------------------------------------------------

    def acts(self) -> list[ActAmendments]:
        masked = self.masked
        heads = [m for m in _ACT_HEAD.finditer(masked) if not self._is_preamble(m)]
        stops = sorted({m.start() for m in _LAW_ARTICLE.finditer(masked)}
                       | {m.start() for m in _CLOSING.finditer(masked)} | {len(masked)})
        acts: list[ActAmendments] = []
        for k, m in enumerate(heads):
            body_start = m.end()
            nxt = heads[k + 1].start() if k + 1 < len(heads) else len(masked)
            stop = next((s for s in stops if s > body_start), len(masked))
            body_end = min(nxt, stop)
            name = _act_name(masked, self.text, m.start("name"), m.end("name"))
            items = self.items(body_start, body_end)
            acts.append(ActAmendments(
                name=name, act_id=_act_id(name), number=int(m.group("num")) if m.group("num") else None,
                span=Span(m.start(), _rstrip(self.text, body_start, body_end)), items=tuple(items),
            ))
        return acts

    def _is_preamble(self, m: regex.Match[str]) -> bool:
        """``Внести изменения … в следующие законодательные акты:`` names no act."""
        name = m.group("name")
        preamble = regex.match(r"(?i)(?:the[ \t]+)?(?:следующ|following)", name)
        return bool(preamble) or not name.rstrip().endswith(":")

    # -- items ---------------------------------------------------------------------------

    def items(self, start: int, end: int) -> list[Item]:
        marks = [m for m in _ITEM.finditer(self.masked, start, end)]
        pieces: list[tuple[str | None, int, int]] = []
        head_end = marks[0].start() if marks else end
        if self.masked[start:head_end].strip():
            s = start + len(self.masked[start:head_end]) - len(self.masked[start:head_end].lstrip())
            pieces.append((None, s, head_end))
        for k, m in enumerate(marks):
            e = marks[k + 1].start() if k + 1 < len(marks) else end
            pieces.append((m.group("num"), m.end(), e))
        items: list[Item] = []
        for num, s, e in pieces:
            e = _rstrip(self.text, s, e)
            item_start = s
            if num is not None:
                item_start = self.masked.rfind(num + ")", start, s)
            items.append(Item(num, Span(item_start, e), tuple(self.item(num, s, e))))
        return items

    def item(self, num: str | None, start: int, end: int) -> list[Instruction]:
        chunk = self.masked[start:end]
        try:
            tree = amend_parser(self.lang).parse(chunk)
            clauses: list[_Clause] = _ToClauses(self.lang).transform(tree)
            return self.instructions(num, clauses, start)
        except LarkError:
            pass
        # Clause by clause: a clause ends at ";" or ":" at a line end, outside quotations.
        out: list[Instruction] = []
        scope: list[_RefT] = []
        for cs, ce in _clause_spans(chunk):
            piece = chunk[cs:ce]
            try:
                tree = amend_parser(self.lang).parse(piece)
                clauses = _ToClauses(self.lang).transform(tree)
            except LarkError as exc:
                out.append(self.unparsed(num, start + cs, start + ce, exc))
                continue
            got, scope = self._instructions(num, clauses, start + cs, scope)
            out.extend(got)
        return out

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

    def instructions(self, num: str | None, clauses: list[_Clause], base: int) -> list[Instruction]:
        return self._instructions(num, clauses, base, [])[0]

    def _instructions(self, num: str | None, clauses: list[_Clause], base: int,
                      scope: list[_RefT]) -> tuple[list[Instruction], list[_RefT]]:
        out: list[Instruction] = []
        clause_start = base
        for cl in clauses:
            paths = _chain_paths(cl.chains)
            if cl.scope:
                if paths:
                    scope = _merge(scope, paths[0])
                clause_start = base + cl.end
                continue
            first = self._first_pos(cl, base)
            start = first if first is not None else clause_start
            start = _skip_space_and_punct(self.text, start)
            lead = regex.search(r"(?i)(?<!\w)(?:в|во|in)[ \t]+$", self.text[max(0, start - 4):start])
            if lead and first is not None:
                start -= len(lead.group(0))  # the clause starts at its "в" / "in"
            end = base + cl.end
            out.append(self._instruction(num, cl, paths, scope, base, start, end))
            clause_start = end
        return out, scope

    def _first_pos(self, cl: _Clause, base: int) -> int | None:
        if cl.chains:
            return base + min(r.start for c in cl.chains for r in c)
        return None

    def _instruction(self, num: str | None, cl: _Clause, paths: list[list[_RefT]], scope: list[_RefT],
                     base: int, start: int, end: int) -> Instruction:
        op = cl.op
        targets: list[Target] = []
        for chain, path in zip(cl.chains, paths, strict=True):
            span = Span(base + min(r.start for r in chain), base + max(r.end for r in chain))
            for p in _expand(_merge(scope, path)):
                targets.append(Target(p, span))
        if not paths and scope:
            for p in _expand(scope):
                targets.append(Target(p, None))
        # "в статье 11 … исключить" with the scope on the article only: the target is the scope
        kind: InstructionKind = op["kind"]
        fields: dict[str, Any] = {}
        if "quotes" in op:
            fields["new_text"] = self._quote_all(base, op["quotes"])
        if "words" in op:
            fields["words"] = tuple(self._quote(base, q) for q in op["words"].quotes)
        if "replacements" in op:
            fields["replacements"] = tuple(self._quote(base, q) for q in op["replacements"].quotes)
        if "anchor" in op:
            fields["anchor"] = tuple(self._quote(base, q) for q in op["anchor"].quotes)
            fields["anchor_position"] = op["anchor_position"]
        if "units" in op:
            units: list[_RefT] = op["units"]
            fields["unit"] = units[0].kind
            fields["labels"] = tuple(lab for u in units for lab in u.labels)
        fields["respectively"] = bool(op.get("respectively"))
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


_CLAUSE_END = regex.compile(r"[;:][ \t]*(?:\n|$)")


def _clause_spans(chunk: str) -> list[tuple[int, int]]:
    """Clauses of a masked item: pieces ending at ``;`` or ``:`` at a line end."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE_END.finditer(chunk):
        # "изложить в следующей редакции:" + quote on the next line: one clause
        if m.group(0).startswith(":") and regex.match(r"\s*[\"«“„]", chunk[m.end():]):
            continue
        out.append((pos, m.start() + 1))
        pos = m.end()
    if chunk[pos:].strip():
        out.append((pos, len(chunk.rstrip())))
    spans: list[tuple[int, int]] = []
    for s, e in out:
        while s < e and chunk[s].isspace():
            s += 1
        if s < e:
            spans.append((s, e))
    return spans


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
    language = lang or (detect_language(text) if text.strip() else "ru")
    if language not in ("ru", "en"):
        raise ValueError(f"unsupported language {language!r} (use 'ru' or 'en')")
    reader = _Reader(text, language)
    acts = reader.acts()
    if not acts and text.strip():
        reader.diag("warning", "no-act", 0, 0, "no act addressed (expected e.g. '1. В Уголовный кодекс …:')")
    title = None
    for line in text.splitlines():
        if line.strip():
            title = line.strip().lstrip("#").strip()
            break
    in_force = None
    m = _IN_FORCE.search(reader.masked)
    if m:
        if m.group("d"):
            in_force = _iso(m.group("d"), m.group("m"), m.group("y"))
        else:
            in_force = _iso(m.group("d2") or m.group("d3"), m.group("m2") or m.group("m3"), m.group("y2"))
    if date is None or number is None:
        head = reader.masked[:600]
        mid = _LAW_ID.search(head)
        if mid:
            date = date or _iso(mid.group("d"), mid.group("m"), mid.group("y"))
            number = number or mid.group("n")
    diags = sorted(reader.diagnostics, key=lambda d: (d.span.start, d.code))
    return AmendingLaw(
        title=title, source=source, language=language,  # type: ignore[arg-type]
        acts=tuple(acts), diagnostics=tuple(diags), text=text, date=date, number=number, in_force=in_force,
    )


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
