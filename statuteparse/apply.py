"""Apply an amending law's instructions to the text of the act they address.

:func:`apply_law` takes the instructions that :func:`statuteparse.amend.parse_amendments`
read and the plain text of the base act (a whole code in the corpus layout:
``#### Статья N. Title`` headings, paragraphs indented by six spaces, blank lines
between them) and returns the consolidated text with a report.

Guarantees:

* Only instructions addressed to the base's act are applied (the act is given, or
  recognised from the base, e.g. ``kz-cc1997``); the others are listed as skipped.
* Targets are located with the parser's own structure: the base is cut into articles
  with :func:`statuteparse.parse.parse_text`, and each article is parsed again before
  every instruction that touches it, so parts, items, notes and sanctions are found by
  their spans, never by guessing in the raw text.
* An instruction that cannot be applied (target not found; words to replace not found
  exactly once; new text that does not split into the units it should restate) changes
  nothing and is reported with its reason; the others still apply.  An edit after which
  the article no longer parses is undone and reported.
* The result keeps the base's layout: text outside the edited units is copied byte for
  byte, new paragraphs get the indentation and blank lines of their neighbours, and the
  result parses again with :func:`~statuteparse.parse.parse_text`.
* Repealed numbered units keep their place and label, as the official consolidated
  texts do (``2. Исключен Законом РК от 10.12.2009 № 227-IV (вводится в действие с
  01.01.2010).``, the law's date and number when known); an unnumbered note is removed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import attrs
import regex

from .amend import ActAmendments, AmendingLaw, Instruction, Quote, Ref, Target, _clause_text, _norm_label
from .errors import StatuteParseError
from .model import Article, Circumstance, Document, Note, Part, Span
from .parse import parse_text

__all__ = [
    "APPLY_SCHEMA_ID", "ActNotAddressed", "ApplyResult", "Outcome", "apply_law", "base_title", "select_acts",
]

APPLY_SCHEMA_ID = "statuteparse/apply/1"

Status = Literal["applied", "not_applied", "skipped"]


@attrs.frozen
class Outcome:
    """What became of one instruction on one target."""

    item: str | None
    """The law's item number (``"26"``)."""
    kind: str
    target: str
    """Readable target (``art. 270 / part 2``)."""
    path: tuple[Ref, ...]
    status: Status
    reason: str | None
    """Why it was not applied (or a remark on how it was)."""
    law_span: Span
    """The instruction's clause in the law."""
    clause: str
    """The clause as written (long quotations shortened)."""


@attrs.frozen
class ApplyResult:
    """The consolidated text and the report of what was (not) applied."""

    text: str
    act: str | None
    """The act the instructions were taken for (``kz-cc1997``), as recognised or given."""
    outcomes: tuple[Outcome, ...]
    skipped_acts: tuple[tuple[str, str | None, int], ...]
    """Acts of the law not applied: (name, id, number of instructions)."""
    law_source: str | None = None

    @property
    def applied(self) -> tuple[Outcome, ...]:
        """Outcomes that changed (or, for ``no_change``, confirmed) the text."""
        return tuple(o for o in self.outcomes if o.status == "applied")

    @property
    def not_applied(self) -> tuple[Outcome, ...]:
        """Outcomes that could not be applied, each with its reason."""
        return tuple(o for o in self.outcomes if o.status == "not_applied")

    def to_dict(self) -> dict[str, Any]:
        """The report as the JSON object ``statuteparse/apply/1``."""

        def one(o: Outcome) -> dict[str, Any]:
            return {
                "item": o.item, "kind": o.kind, "target": o.target,
                "path": [{"kind": r.kind, "label": r.label} for r in o.path],
                "status": o.status, "reason": o.reason, "law_span": [o.law_span.start, o.law_span.end],
                "clause": o.clause,
            }

        return {
            "schema": APPLY_SCHEMA_ID,
            "law": self.law_source,
            "act": self.act,
            "summary": {"applied": len(self.applied), "not_applied": len(self.not_applied)},
            "applied": [one(o) for o in self.applied],
            "not_applied": [one(o) for o in self.not_applied],
            "skipped_acts": [{"name": n, "id": i, "instructions": c} for n, i, c in self.skipped_acts],
        }


class _NotApplied(StatuteParseError):
    """An instruction cannot be applied; the message says why."""


# ---------------------------------------------------------------------------------------
# text helpers
# ---------------------------------------------------------------------------------------

INDENT = "      "
_TAIL_EDITORIAL = regex.compile(r"(?:\n[ \t]*)+(?:Сноска|Примечание РЦПИ|Footnote)[^\n]*(?:\n[^\n]*)*$")
_NOTES_HEAD = regex.compile(r"(?m)^[ \t]*(?:Примечани[ея]|Notes?)[ \t]*[.:]?[^\n]*$")
_SENTENCE_END = regex.compile(r"(?<=[.!?])[ \t]+(?=[А-ЯЁA-Z«\"])")
_ENDING = regex.compile(r"(?:[ \t]*(?:<\*>))?[ \t]*(?:,[ \t]*[-–—]|[-–—]|[.;:,])?[ \t]*$")
# labels as the law prints them: 4-1, 24²⁰ (superscripts), 24^20, 127.1; compared as the parser writes them
_LABEL = r"(?P<label>\d+(?:[.^]\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*(?:[-⁻](?:\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+))*)"
_PART_START = regex.compile(r"(?m)^[ \t]*" + _LABEL + r"\.[ \t]")
_ARTICLE_START = regex.compile(r"(?m)^[ \t]*(?:#+[ \t]*)?(?:Статья|Article)[ \t]+" + _LABEL)
_RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _layout(text: str, indent: str = INDENT, sep: str = "\n\n") -> str:
    """New text in the base layout: paragraphs one per line, separated and indented as the base's."""
    paras = [regex.sub(r"[ \t]+", " ", p).strip() for p in regex.split(r"\n", text.strip())]
    paras = [p for p in paras if p]
    return (sep + indent).join(paras)


def _base_layout(base: str, spans: list[tuple[int, int]]) -> tuple[str, str]:
    """The indentation of the base's paragraphs and what separates them (a blank line or not)."""
    indents: dict[str, int] = {}
    blank = single = 0
    for s, e in spans[:400]:
        lines = base[s:e].split("\n")
        for k, line in enumerate(lines[1:], 1):
            if not line.strip():
                continue
            ind = line[: len(line) - len(line.lstrip(" \t"))]
            indents[ind] = indents.get(ind, 0) + 1
            if lines[k - 1].strip():
                single += 1
            else:
                blank += 1
    if not indents:
        return INDENT, "\n\n"
    indent = max(indents.items(), key=lambda kv: kv[1])[0]
    return indent, "\n\n" if blank >= single else "\n"


def _own_end(text: str, start: int, end: int) -> int:
    """End of a unit's own text: before trailing footnote lines that the parser attached to it."""
    m = _TAIL_EDITORIAL.search(text, start, end)
    if m:
        end = m.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _label_key(label: str) -> tuple[Any, ...]:
    """Sort key of a label: ``4`` < ``4-1`` < ``4-2`` < ``5``; letters in alphabet order."""
    parts: list[Any] = []
    for piece in label.split("-"):
        if piece.isdecimal() and len(piece) <= 18:  # (``²`` is a digit int() refuses; 5,000 digits too)
            parts.append((0, int(piece)))
        elif piece in _RU_LETTERS:
            parts.append((1, _RU_LETTERS.index(piece)))
        else:
            parts.append((2, piece))
    return tuple(parts)


def _fmt_date(iso: str | None) -> str | None:
    if not iso:
        return None
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


@attrs.frozen
class _Parsed:
    article: Article
    doc: Document

    def off(self, pos: int) -> int:
        return self.doc.original_offset(pos)


def _parse_article(text: str, lang: str) -> _Parsed:
    doc = parse_text(text, lang=lang)
    if len(doc.articles) != 1:
        raise _NotApplied(f"the article text parses as {len(doc.articles)} articles")
    return _Parsed(doc.articles[0], doc)


# ---------------------------------------------------------------------------------------
# the applier
# ---------------------------------------------------------------------------------------


class _Applier:
    def __init__(self, law: AmendingLaw, base: str, lang: str, doc: Document) -> None:
        self.law = law
        self.base = base
        self.lang = lang
        self.order: list[str] = []
        self.spans: dict[str, tuple[int, int]] = {}
        for a in doc.articles:
            if a.number and a.number not in self.spans:
                s, e = doc.original_offset(a.span.start), doc.original_offset(a.span.end)
                self.spans[a.number] = (s, e)
                self.order.append(a.number)
        self.current: dict[str, str] = {n: base[s:e] for n, (s, e) in self.spans.items()}
        self.added: dict[str, list[tuple[str, str]]] = {}  # after article -> [(number, text)]
        heading = regex.search(r"(?m)^(#+[ \t]*)(?:Статья|Article)[ \t]+\d", base)
        self.heading_prefix = heading.group(1) if heading else ""
        # the base's own layout, for new paragraphs: their indentation, blank lines between them or not
        self.indent, self.sep = _base_layout(base, list(self.spans.values()))
        self.br = self.sep + self.indent

    def layout(self, text: str) -> str:
        return _layout(text, self.indent, self.sep)

    # -- placeholders -----------------------------------------------------------------

    def repealed_words(self, capital: bool, feminine: bool = False) -> str:
        word = "Исключена" if feminine else "Исключен"
        if self.lang == "en":
            word = "Excluded"
        if not capital:
            word = word.lower()
        if self.law.date and self.law.number and self.lang == "ru":
            word += f" Законом РК от {_fmt_date(self.law.date)} № {self.law.number}"
            if self.law.in_force:
                word += f" (вводится в действие с {_fmt_date(self.law.in_force)})"
        return word

    # -- result -------------------------------------------------------------------------

    def result(self) -> str:
        out: list[str] = []
        pos = 0
        for n in self.order:
            s, e = self.spans[n]
            out.append(self.base[pos:s])
            out.append(self.current[n])
            for _num, text in self.added.get(n, []):
                out.append(self.sep + text)
            pos = e
        out.append(self.base[pos:])
        return "".join(out)

    def article_text(self, number: str) -> str:
        if number in self.current:
            return self.current[number]
        for after, lst in self.added.items():
            for num, text in lst:
                if num == number:
                    return text
            del after
        raise _NotApplied(f"article {number} not found in the base text")

    def set_article(self, number: str, text: str) -> None:
        # the edited article must still read as one article
        _parse_article(text, self.lang)
        if number in self.current:
            self.current[number] = text
            return
        for lst in self.added.values():
            for k, (num, _old) in enumerate(lst):
                if num == number:
                    lst[k] = (num, text)
                    return
        raise _NotApplied(f"article {number} not found in the base text")

    # -- dispatch -----------------------------------------------------------------------

    def apply(self, ins: Instruction) -> list[Outcome]:
        clause = _clause_text(self.law.text, ins.span)
        outcomes: list[Outcome] = []

        def record(target: Target | None, status: Status, reason: str | None) -> None:
            outcomes.append(Outcome(
                item=ins.item, kind=ins.kind, target=target.describe() if target else "(the act)",
                path=target.path if target else (), status=status, reason=reason, law_span=ins.span,
                clause=clause,
            ))

        if ins.kind == "unparsed":
            record(None, "not_applied", "the instruction could not be read: "
                   + (ins.diagnostic.message if ins.diagnostic else "unparsed"))
            return outcomes
        if ins.kind == "no_change":
            record(None, "applied", "no change to the text in this language")
            return outcomes
        if ins.kind == "insert" and ins.unit == "article":
            target = ins.targets[0] if ins.targets else None
            try:
                self.insert_articles(ins)
                record(target, "applied", None)
            except _NotApplied as exc:
                record(target, "not_applied", str(exc))
            return outcomes
        pieces: list[str | None] = [None] * len(ins.targets)
        if ins.kind == "restate" and len(ins.targets) > 1 and ins.new_text is not None:
            try:
                pieces = list(self.split_new_text(ins.new_text, ins.targets))
            except _NotApplied as exc:
                for t in ins.targets:
                    record(t, "not_applied", str(exc))
                return outcomes
        if not ins.targets:
            record(None, "not_applied", "the instruction names no target")
            return outcomes
        for target, piece in zip(ins.targets, pieces, strict=True):
            number = target.article
            if number is None:
                record(target, "not_applied", "the target names no article")
                continue
            try:
                old = self.article_text(number)
                new, remark = self.edit(old, ins, target, piece)
                self.set_article(number, new)
                record(target, "applied", remark)
            except _NotApplied as exc:
                record(target, "not_applied", str(exc))
            except StatuteParseError as exc:
                record(target, "not_applied", f"the edited article does not parse: {exc}")
        return outcomes

    def split_new_text(self, quote: Quote, targets: tuple[Target, ...]) -> list[str | None]:
        kinds = {t.path[-1].kind for t in targets}
        if kinds == {"article"}:
            pattern = _ARTICLE_START
        elif kinds == {"part"}:
            pattern = _PART_START
        else:
            raise _NotApplied("one new text for several targets of different kinds")
        marks = list(pattern.finditer(quote.text))
        labels = [t.path[-1].label for t in targets]
        found = [_norm_label(m.group("label")) for m in marks]
        if found != labels:
            raise _NotApplied(f"the new text holds units {found}, the targets are {labels}")
        out: list[str | None] = []
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(quote.text)
            out.append(quote.text[m.start():end].strip())
        return out

    # -- editing one article ------------------------------------------------------------

    def edit(self, text: str, ins: Instruction, target: Target, piece: str | None) -> tuple[str, str | None]:
        parsed = _parse_article(text, self.lang)
        path = [r for r in target.path if r.kind not in ("section", "chapter")]
        if not path or path[0].kind != "article":
            raise _NotApplied("the target is not inside an article")
        inner = path[1:]
        new_text = piece if piece is not None else (ins.new_text.text if ins.new_text else None)
        if ins.kind in ("restate", "insert") and new_text is None:
            raise _NotApplied("the new text is not in the law ('изложить в новой редакции (прилагается)')")
        if ins.kind == "restate":
            assert new_text is not None
            return self.restate(text, parsed, inner, new_text), None
        if ins.kind == "repeal":
            return self.repeal(text, parsed, inner), None
        if ins.kind in ("replace_words", "delete_words", "insert_words"):
            s, e, whole = self.scope_span(text, parsed, inner)
            return self.words(text, s, e, ins, whole)
        if ins.kind == "insert":
            assert new_text is not None
            return self.insert(text, parsed, inner, ins, new_text), None
        if ins.kind == "renumber":
            return self.renumber(text, parsed, inner, ins), None
        raise _NotApplied(f"applying {ins.kind} is not supported")

    # locating ------------------------------------------------------------------------

    def part(self, parsed: _Parsed, label: str | None) -> Part:
        for p in parsed.article.parts:
            if (p.label or (str(p.number) if p.number is not None else None)) == label:
                return p
        if label is None and len(parsed.article.parts) == 1:
            return parsed.article.parts[0]
        raise _NotApplied(f"part {label} not found in article {parsed.article.number}")

    def item(self, parsed: _Parsed, part: Part | None, label: str | None) -> tuple[Circumstance, Part]:
        parts = [part] if part is not None else list(parsed.article.parts)
        for p in parts:
            for c in p.circumstances:
                if c.label == label:
                    return c, p
        where = f"part {part.label or part.number}" if part else "the article"
        raise _NotApplied(f"item {label}) not found in {where} of article {parsed.article.number}")

    def note(self, parsed: _Parsed, label: str | None) -> Note:
        for n in parsed.article.notes:
            if (str(n.number) if n.number is not None else None) == label:
                return n
        if label is None and len(parsed.article.notes) == 1:
            return parsed.article.notes[0]
        name = f"note {label}" if label else "the note"
        raise _NotApplied(f"{name} not found in article {parsed.article.number}")

    def notes_block(self, text: str, parsed: _Parsed) -> tuple[int, int]:
        notes = parsed.article.notes
        if not notes:
            raise _NotApplied(f"article {parsed.article.number} has no notes")
        first = parsed.off(notes[0].span.start)
        head = None
        for m in _NOTES_HEAD.finditer(text, 0, first + 1):
            head = m
        start = head.start() if head else first
        end = _own_end(text, first, parsed.off(notes[-1].span.end))
        return start, end

    def unit_span(self, text: str, parsed: _Parsed, inner: list[Ref]) -> tuple[int, int, str, Any]:
        """Span (start, end) in ``text`` of the unit named by ``inner``, its kind and the model node."""
        if not inner:
            a = parsed.article
            return parsed.off(a.span.start), _own_end(text, 0, parsed.off(a.span.end)), "article", a
        part: Part | None = None
        node: Any = None
        kind = ""
        s = e = 0
        for k, ref in enumerate(inner):
            if ref.kind == "part":
                part = self.part(parsed, ref.label)
                s, e = parsed.off(part.span.start), _own_end(text, 0, parsed.off(part.span.end))
                node, kind = part, "part"
            elif ref.kind in ("item", "subitem"):
                circ, part = self.item(parsed, part, ref.label)
                s, e = parsed.off(circ.span.start), parsed.off(circ.span.end)
                node, kind = circ, "item"
            elif ref.kind == "note":
                n = self.note(parsed, ref.label)
                s, e = parsed.off(n.span.start), _own_end(text, 0, parsed.off(n.span.end))
                node, kind = n, "note"
            elif ref.kind == "notes":
                s, e = self.notes_block(text, parsed)
                node, kind = parsed.article.notes, "notes"
            elif ref.kind == "heading":
                m = regex.match(r"[ \t]*(?:#+[ \t]*)?(?:Статья|Article)[ \t]+[\d-]+[.:]?[ \t]*", text)
                if not m:
                    raise _NotApplied("article heading not found")
                s, e = m.end(), text.find("\n") if "\n" in text else len(text)
                node, kind = None, "heading"
            elif ref.kind == "text":
                a = parsed.article
                s, e = parsed.off(a.span.start), _own_end(text, 0, parsed.off(a.span.end))
                node, kind = a, "text"
            elif ref.kind in ("paragraph", "sentence"):
                if k == 0:
                    a = parsed.article
                    s, e = parsed.off(a.span.start), _own_end(text, 0, parsed.off(a.span.end))
                s, e = self.sub_span(text, s, e, ref)
                node, kind = None, ref.kind
            else:
                raise _NotApplied(f"targets of kind {ref.kind} are not supported")
        return s, e, kind, node

    def sub_span(self, text: str, s: int, e: int, ref: Ref) -> tuple[int, int]:
        label = ref.label or "0"
        n = int(label) if label.isdecimal() and len(label) <= 9 else 0
        if ref.kind == "paragraph":
            lines = [m.span(1) for m in regex.finditer(r"(?m)^[ \t]*(\S[^\n]*?)[ \t]*$", text[s:e])]
            if not 1 <= n <= len(lines):
                raise _NotApplied(f"paragraph {n} not found (the unit has {len(lines)})")
            a, b = lines[n - 1]
            return s + a, s + b
        body = text[s:e]
        bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(body)]
        if not 1 <= n <= len(bounds):
            raise _NotApplied(f"sentence {n} not found (the unit has {len(bounds)})")
        a = bounds[n - 1]
        b = bounds[n] if n < len(bounds) else len(body)
        while b > a and body[b - 1].isspace():
            b -= 1
        return s + a, s + b

    def scope_span(self, text: str, parsed: _Parsed, inner: list[Ref]) -> tuple[int, int, bool]:
        if any(r.kind == "text" for r in inner):
            a = parsed.article
            return 0, _own_end(text, 0, parsed.off(a.span.end)), True
        s, e, _kind, _node = self.unit_span(text, parsed, inner)
        return s, e, False

    # operations -----------------------------------------------------------------------

    def restate(self, text: str, parsed: _Parsed, inner: list[Ref], new: str) -> str:
        s, e, kind, node = self.unit_span(text, parsed, inner)
        if kind == "article":
            lines = new.strip().split("\n", 1)
            head = self.heading_prefix + lines[0].strip()
            body = self.layout(lines[1]) if len(lines) > 1 else ""
            replacement = head + (self.br + body if body else "")
            return replacement + text[e:]
        if kind == "part":
            label = node.label or str(node.number)
            body = new.strip()
            if not regex.match(rf"{regex.escape(label)}\.\s", body):
                body = f"{label}. {body}"
            return text[:s] + self.layout(body) + text[e:]
        if kind == "item":
            body = new.strip()
            if not regex.match(rf"{regex.escape(node.label)}\)", body):
                body = f"{node.label}) {body}"
            return text[:s] + self.layout(body) + text[e:]
        return text[:s] + self.layout(new) + text[e:]

    def repeal(self, text: str, parsed: _Parsed, inner: list[Ref]) -> str:
        if not inner:
            a = parsed.article
            head = f"{self.heading_prefix}Статья {a.number}. {self.repealed_words(True, feminine=True)}."
            return head + text[_own_end(text, 0, parsed.off(a.span.end)):]
        s, e, kind, node = self.unit_span(text, parsed, inner)
        if kind == "part":
            label = node.label or str(node.number)
            return text[:s] + f"{label}. {self.repealed_words(True)}." + text[e:]
        if kind == "note" and node.number is not None:
            return text[:s] + f"{node.number}. {self.repealed_words(True)}." + text[e:]
        if kind in ("notes", "note"):
            if kind == "note" and len(parsed.article.notes) > 1:
                raise _NotApplied("an unnumbered note among several notes")
            s, e = self.notes_block(text, parsed)
            # remove the block with the blank lines before it
            ls = s
            while ls > 0 and text[ls - 1] in " \t\n":
                ls -= 1
            return text[:ls] + text[e:]
        if kind == "item":
            return self.repeal_item(text, parsed, node, s, e)
        if kind in ("sentence", "paragraph"):
            ls = s
            while ls > 0 and text[ls - 1] in " \t" + ("\n" if kind == "paragraph" else ""):
                ls -= 1
            return text[:ls] + text[e:]
        raise _NotApplied(f"repealing a {kind} is not supported")

    def repeal_item(self, text: str, parsed: _Parsed, circ: Circumstance, s: int, e: int) -> str:
        own = text[s:e]
        part = next(p for p in parsed.article.parts if circ in p.circumstances)
        items = list(part.circumstances)
        idx = items.index(circ)
        last = idx == len(items) - 1
        lead_in = regex.search(r",?[ \t]*[-–—][ \t]*$", own)
        end_mark = "." if last else ";"
        placeholder = f"{circ.label}) {self.repealed_words(False)}{end_mark}"
        new = text[:s] + placeholder + text[e:]
        if last and lead_in:
            # the repealed item led into the sanction (", -"): the previous live item takes it over
            prev = next((c for c in reversed(items[:idx]) if not c.repealed), None)
            if prev is not None:
                ps, pe = parsed.off(prev.span.start), parsed.off(prev.span.end)
                ptext = text[ps:pe]
                m = regex.search(r"[ \t]*[;,.]?[ \t]*$", ptext)
                assert m is not None
                ptext = ptext[: m.start()] + ", -"
                new = new[:ps] + ptext + new[pe:]
        return new

    def words(self, text: str, s: int, e: int, ins: Instruction, whole: bool) -> tuple[str, str | None]:
        scope = text[s:e]
        if ins.kind in ("replace_words", "delete_words"):
            olds = [q.text for q in ins.words]
            if ins.kind == "delete_words":
                news = [""] * len(olds)
            elif len(ins.replacements) == len(olds):
                news = [q.text for q in ins.replacements]
            elif len(ins.replacements) == 1:
                news = [ins.replacements[0].text] * len(olds)
            else:
                raise _NotApplied(f"{len(olds)} words to replace but {len(ins.replacements)} replacements")
            for old, new in zip(olds, news, strict=True):
                scope = self.replace_once(scope, old, new, every=whole)
            return text[:s] + scope + text[e:], None
        # insert_words
        words = [q.text for q in ins.words]
        if ins.anchor:
            anchors = [q.text for q in ins.anchor]
            if len(words) == 1 and len(anchors) > 1:
                words = words * len(anchors)
            if len(words) != len(anchors):
                raise _NotApplied(f"{len(anchors)} anchors but {len(words)} insertions")
            for anchor, w in zip(anchors, words, strict=True):
                pos = self.find_once(scope, anchor)
                if ins.anchor_position == "before":
                    ins_text = _join_words(w, scope[pos:], before=True)
                    scope = scope[:pos] + ins_text + scope[pos:]
                else:
                    end = pos + len(anchor)
                    scope = scope[:end] + _join_words(w, scope[end:]) + scope[end:]
            return text[:s] + scope + text[e:], None
        if len(words) != 1:
            raise _NotApplied("several words to add at the end of one unit")
        m = _ENDING.search(scope)
        cut = m.start() if m else len(scope)
        ending = scope[cut:]
        return text[:s] + scope[:cut] + _join_words(words[0], ending, at_end=True) + ending + text[e:], None

    def find_once(self, scope: str, words: str) -> int:
        count = scope.count(words)
        if count == 1:
            return scope.index(words)
        if count > 1:
            raise _NotApplied(f"the words {_short(words)!r} occur {count} times in the target, not once")
        raise _NotApplied(f"the words {_short(words)!r} are not in the target")

    def replace_once(self, scope: str, old: str, new: str, *, every: bool) -> str:
        count = scope.count(old)
        if count == 0:
            # the same words with other spacing or line breaks
            pattern = r"\s+".join(regex.escape(w) for w in old.split())
            found = list(regex.finditer(pattern, scope))
            if len(found) == 1:
                m = found[0]
                return _tidy_join(scope[: m.start()], new, scope[m.end():])
            raise _NotApplied(f"the words {_short(old)!r} are not in the target")
        if count > 1 and not every:
            raise _NotApplied(f"the words {_short(old)!r} occur {count} times in the target, not once")
        if every:
            return scope.replace(old, new)
        k = scope.index(old)
        return _tidy_join(scope[:k], new, scope[k + len(old):])

    def insert(self, text: str, parsed: _Parsed, inner: list[Ref], ins: Instruction, new: str) -> str:
        unit = ins.unit
        labels = list(ins.labels)
        if unit == "part":
            pieces = _split_units(new, _PART_START, labels)
            for label, piece in zip(labels, pieces, strict=True):
                parsed = _parse_article(text, self.lang)
                text = self.insert_part(text, parsed, label, piece)
            return text
        if unit in ("item", "subitem"):
            s, e, kind, node = self.unit_span(text, parsed, inner)
            if kind != "part":
                raise _NotApplied("new items can only be added to a part")
            return self.insert_item(text, parsed, node, labels, new)
        if unit == "sentence":
            s, e, _kind, _node = self.unit_span(text, parsed, inner)
            return text[:e] + " " + " ".join(new.split()) + text[e:]
        if unit == "paragraph":
            s, e, _kind, _node = self.unit_span(text, parsed, inner)
            return text[:e] + self.br + self.layout(new) + text[e:]
        if unit in ("note", "notes"):
            notes = parsed.article.notes
            if notes:
                e = _own_end(text, 0, parsed.off(notes[-1].span.end))
                return text[:e] + self.br + self.layout(new) + text[e:]
            a = parsed.article
            e = _own_end(text, 0, parsed.off(a.span.end))
            head = "Примечание." if self.lang == "ru" else "Note."
            return text[:e] + self.br + head + self.br + self.layout(new) + text[e:]
        raise _NotApplied(f"inserting a {unit} is not supported")

    def insert_part(self, text: str, parsed: _Parsed, label: str, piece: str) -> str:
        parts = [p for p in parsed.article.parts if p.number is not None]
        if any((p.label or str(p.number)) == label for p in parts):
            raise _NotApplied(f"part {label} already exists")
        before = [p for p in parts if _label_key(p.label or str(p.number)) < _label_key(label)]
        if before:
            prev = before[-1]
            e = _own_end(text, 0, parsed.off(prev.span.end))
            return text[:e] + self.br + self.layout(piece) + text[e:]
        if parts:
            s = parsed.off(parts[0].span.start)
            return text[:s] + self.layout(piece) + self.br + text[s:]
        raise _NotApplied("the article has no numbered parts to place a new part among")

    def insert_item(self, text: str, parsed: _Parsed, part: Part, labels: list[str], new: str) -> str:
        pieces = _split_units(new, regex.compile(r"(?m)^[ \t]*(?P<label>[а-яёa-z]|\d+(?:-\d+)?)\)"), labels)
        for label, piece in zip(labels, pieces, strict=True):
            parsed = _parse_article(text, self.lang)
            part = next(p for p in parsed.article.parts if p.number == part.number and p.label == part.label)
            items = list(part.circumstances)
            if any(c.label == label for c in items):
                raise _NotApplied(f"item {label}) already exists")
            before = [c for c in items if _label_key(c.label) < _label_key(label)]
            if not before:
                raise _NotApplied(f"no item before {label}) to place it after")
            prev = before[-1]
            ps, pe = parsed.off(prev.span.start), parsed.off(prev.span.end)
            ptext = text[ps:pe]
            if prev is items[-1] and regex.search(r",?[ \t]*[-–—][ \t]*$", ptext):
                # the previous last item led into the sanction; the new last item does now
                ptext = regex.sub(r"[ \t]*,?[ \t]*[-–—][ \t]*$", ";", ptext)
            text = text[:ps] + ptext + self.br + self.layout(piece) + text[pe:]
        return text

    def insert_articles(self, ins: Instruction) -> None:
        if ins.new_text is None:
            raise _NotApplied("no new text")
        pieces = _split_units(ins.new_text.text, _ARTICLE_START, list(ins.labels))
        for label, piece in zip(ins.labels, pieces, strict=True):
            if label in self.current or any(num == label for lst in self.added.values() for num, _ in lst):
                raise _NotApplied(f"article {label} already exists")
            lines = piece.strip().split("\n", 1)
            text = self.heading_prefix + lines[0].strip()
            if len(lines) > 1:
                text += self.br + self.layout(lines[1])
            _parse_article(text, self.lang)
            key = _label_key(label)
            prev = [n for n in self.order if _label_key(n) < key]
            if not prev:
                raise _NotApplied(f"no article before {label} to place it after")
            lst = self.added.setdefault(prev[-1], [])
            lst.append((label, text))
            lst.sort(key=lambda x: _label_key(x[0]))

    def renumber(self, text: str, parsed: _Parsed, inner: list[Ref], ins: Instruction) -> str:
        if not inner or inner[-1].kind != "part" or ins.unit != "part" or len(ins.labels) != 1:
            raise _NotApplied("only renumbering one part is supported")
        s, _e, _kind, node = self.unit_span(text, parsed, inner)
        old = node.label or str(node.number)
        if not text.startswith(old + ".", s):
            raise _NotApplied(f"part {old} does not start with its number")
        return text[:s] + ins.labels[0] + text[s + len(old):]


def _split_units(new: str, pattern: regex.Pattern[str], labels: list[str]) -> list[str]:
    """Cut new text holding several units (``4-1. … 4-2. …``) into one piece per label."""
    if len(labels) <= 1:
        return [new.strip()]
    marks = [m for m in pattern.finditer(new) if _norm_label(m.group("label")) in labels]
    found = [_norm_label(m.group("label")) for m in marks]
    if found != labels:
        raise _NotApplied(f"the new text holds {found}, the instruction names {labels}")
    return [new[m.start(): marks[k + 1].start() if k + 1 < len(marks) else len(new)].strip()
            for k, m in enumerate(marks)]


def _short(words: str) -> str:
    return words if len(words) <= 60 else words[:57] + "…"


def _join_words(words: str, following: str, *, before: bool = False, at_end: bool = False) -> str:
    """``words`` ready to insert: a space in front unless they start with punctuation."""
    if before:
        return words if words.endswith(" ") else words + " "
    if words[:1].isalnum() or words[:1] in "(«\"":
        return " " + words
    return words


def _tidy_join(left: str, new: str, right: str) -> str:
    """Join around replaced or deleted words without doubled spaces or a space before punctuation."""
    if new:
        return left + new + right
    if left[-1:] in (" ", "\t") and right[:1] in (" ", "\t"):
        right = right.lstrip(" \t")
    if right[:1] in (",", ".", ";", ":", ")"):
        left = left.rstrip(" \t")
    return left + right


class ActNotAddressed(StatuteParseError):
    """The law has no instruction for the base's act (``str()`` is one line naming the acts it amends)."""


_TITLE_NOISE = regex.compile(
    r"(?i)\bот[ \t\u00a0]+(?:\d{1,2}[ \t\u00a0]+[а-яё]+[ \t\u00a0]+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})"
    r"(?:[ \t\u00a0]*(?:года|г\.))?|(?:№|N)[ \t\u00a0]*[\w-]+|[\"«»“”„#*]"
)


def _act_key(name: str) -> str:
    """An act's name or a text's title, compared without date, number, quotes, case or spacing."""
    s = _TITLE_NOISE.sub(" ", name).replace("ё", "е").replace("Ё", "Е")
    return " ".join(regex.sub(r"[^\w\s-]", " ", s).split()).casefold()


def _act_number(name: str) -> str | None:
    m = regex.search(r"(?:№|N)[ \t\u00a0]*(\d+[\w-]*)", name)
    return m.group(1).casefold() if m else None


_TITLE_LINE = regex.compile(r"(?i)(?:[\w-]+[ \t\u00a0]+){0,3}(?:кодекс|закон|code|law)\b")


def base_title(base_text: str) -> str | None:
    """The base text's title: its first line naming an act (``Трудовой кодекс …``, ``Федеральный закон``)."""
    head = [ln.strip().lstrip("#").strip() for ln in base_text[:20_000].splitlines()]
    lines = [ln for ln in head if ln]
    for k, ln in enumerate(lines[:30]):
        # the act's word among the first four: "Трудовой кодекс …", "ФЕДЕРАЛЬНЫЙ ЗАКОН", "Criminal Code of …"
        if len(ln) < 400 and _TITLE_LINE.match(ln) and not regex.match(
                r"(?i)(?:статья|article|глава|chapter|раздел|section|оглавление|contents)\b", ln):
            # "ФЕДЕРАЛЬНЫЙ ЗАКОН" on its own line, the act's title on the next
            alone = regex.fullmatch(r"(?i)(?:федеральный[ \t]+)?(?:конституционный[ \t]+)?закон", ln)
            if alone and k + 1 < len(lines):
                return f"{ln} {lines[k + 1]}"
            return ln
    return None


def _names_match(title: str, act_name: str) -> bool:
    a, b = _act_key(title), _act_key(act_name)
    if not a or not b:
        return False
    na, nb = _act_number(title), _act_number(act_name)
    if na and nb:
        return na == nb
    return a in b or b in a


def select_acts(law: AmendingLaw, base_text: str, *, act: str | None = None,
                code: str | None = None) -> tuple[list[ActAmendments], str | None]:
    """The acts of ``law`` whose instructions apply to ``base_text`` and the act's identifier.

    ``act`` (an identifier such as ``kz-cc1997`` or part of the name as the law writes it)
    decides when given; else the base's recognised code, else its title
    (:func:`base_title`) compared with each act's name; a law that amends one act applies
    to a base whose title is not recognised.  Raises :class:`ActNotAddressed` when the
    law has no instruction for the act.
    """
    acts = [a for a in law.acts if a.instructions]
    chosen: list[ActAmendments] = []
    what: str | None
    if act is not None:
        low = act.casefold()
        chosen = [a for a in acts if a.act_id == act or low in a.name.casefold() or _names_match(act, a.name)]
        what = act
    else:
        title = base_title(base_text)
        if code is not None:
            chosen = [a for a in acts if a.act_id == code]
        if not chosen and title is not None:
            chosen = [a for a in acts if _names_match(title, a.name)]
        what = code or title
        if not chosen and what is None and len(acts) == 1:
            return acts, acts[0].act_id
    if not chosen:
        names = "; ".join(a.name for a in acts) or "no act"
        if what is None:
            raise ActNotAddressed(f"the base text's act is not recognised (no known code, no title naming an "
                                  f"act); the law amends: {names} (choose one with --act)")
        raise ActNotAddressed(
            f"the law has no instruction for {what}; it amends: {names} (choose one with --act)")
    return chosen, act or code or chosen[0].act_id


def apply_law(law: AmendingLaw, base_text: str, *, act: str | None = None) -> ApplyResult:
    """Apply the instructions of ``law`` addressed to the base's act to ``base_text``.

    ``act`` names the act (identifier such as ``kz-cc1997``, or part of its name as the
    law writes it); when None it is recognised from the base (a whole code's title),
    or is the law's only act.  Raises :class:`ActNotAddressed` when the law has no
    instruction for that act.  See the module docstring for the guarantees.
    """
    lang = law.language
    doc = parse_text(base_text, lang=lang)
    chosen, act_id = select_acts(law, base_text, act=act, code=doc.code)
    applier = _Applier(law, base_text, lang, doc)
    outcomes: list[Outcome] = []
    for a in chosen:
        for ins in a.instructions:
            outcomes.extend(applier.apply(ins))
    skipped = tuple((a.name, a.act_id, len(a.instructions)) for a in law.acts if a not in chosen)
    return ApplyResult(
        text=applier.result(), act=act_id or (chosen[0].act_id if chosen else None),
        outcomes=tuple(outcomes), skipped_acts=skipped, law_source=law.source,
    )


#: The operations, by instruction kind (for documentation and tests).
SUPPORTED: dict[str, Callable[..., Any] | None] = {
    "restate": _Applier.restate, "repeal": _Applier.repeal, "replace_words": _Applier.words,
    "delete_words": _Applier.words, "insert_words": _Applier.words, "insert": _Applier.insert,
    "renumber": _Applier.renumber, "no_change": None,
}
