"""Vocabulary tables: the words of sanctions and editorial notes, as data.

``grammars/vocab/<lang>.tsv`` lists one word form per row (category, value, form; see
``grammars/vocab/README.md``).  This module is the one reader of those tables:

* :func:`expand` fills the placeholders of a grammar text (``{{kind:fine}}``, ``{{unit}}``,
  ``{{subject}}``, ``{{kind_rule}}``, …) with alternations of the forms, so the grammar's
  terminals are generated from the tables, as the number words are from ``numbers``;
* :func:`lookup` maps the text a terminal matched back to its value (``базовых величин`` →
  ``base_amount``).

Guarantees: every generated pattern is an alternation of literal strings (no nested
quantifiers), longest form first, so it is linear in its input and prefers the longest
phrase; a form's spaces match any run of spaces or tabs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import attrs

#: Placeholder syntax in grammar files: ``{{category}}``, ``{{category:value}}``, and
#: ``{{category^}}`` for the first words of the forms only (enough for a look-ahead that
#: asks whether a phrase of that category starts here, and much smaller).
_PLACEHOLDER = re.compile(r"\{\{(?P<cat>[a-z_]+)(?::(?P<value>[\w.-]+))?(?P<first>\^)?\}\}")
_SPACES = re.compile(r"[ \t\n\u00a0]+")


@attrs.frozen
class Row:
    """One row of a vocabulary table."""

    category: str
    value: str
    form: str
    where: str = "*"


@attrs.frozen
class Vocabulary:
    """The vocabulary of one language: rows in table order, and look-up maps."""

    lang: str
    rows: tuple[Row, ...]

    def forms(self, category: str, value: str | None = None) -> list[str]:
        """The forms of ``category`` (of one ``value``, if given), in table order."""
        return [r.form for r in self.rows if r.category == category and (value is None or r.value == value)]

    def values(self, category: str) -> list[str]:
        """The distinct values of ``category``, in order of first appearance."""
        seen: dict[str, None] = {}
        for r in self.rows:
            if r.category == category:
                seen.setdefault(r.value, None)
        return list(seen)

    def pattern(self, category: str, value: str | None = None) -> str:
        """A regular expression (``(?:…)``) matching any form of ``category`` / ``value``.

        The forms are merged into a character trie (``лишени(?:ем|я|е) свободы``…), so the
        pattern is small (the lexer compiles it into every state that may meet it) and
        prefers the longest form; it has no nested repetition.
        """
        forms = self.forms(category, value)
        if not forms:
            raise KeyError(f"vocabulary {self.lang!r} has no {category}{':' + value if value else ''}")
        return "(?:" + trie_pattern(forms) + ")"


def trie_pattern(forms: Iterable[str]) -> str:
    """One regular expression for a set of literal forms, built on their character trie.

    A space matches any run of spaces or tabs.  At a node where a form ends and longer
    ones go on, the longer ones are tried first (a greedy optional group).
    """
    end = ""  # the key marking the end of a form
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for form in set(forms):
        node = root
        for ch in " ".join(form.split()):
            node = node.setdefault(ch, {})
        node[end] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = []
        for ch in sorted(k for k in node if k != end):
            head = r"[ \t]+" if ch == " " else re.escape(ch)
            branches.append(head + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end in node:
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return emit(root)


def form_pattern(form: str) -> str:
    """A literal form as a regular expression; a space matches any run of spaces or tabs."""
    return r"[ \t]+".join(re.escape(word) for word in form.split(" ") if word)


def _table_path(lang: str) -> str:
    import os

    from .grammar import _grammar_folder

    return os.path.join(_grammar_folder(), "vocab", f"{lang}.tsv")


#: The languages that have a vocabulary table; ``"*"`` stands for all of them together
#: (the article grammar, which reads every language, takes its editorial forms from all).
LANGUAGES: tuple[str, ...] = ("ru", "en")


@functools.cache
def vocabulary(lang: str) -> Vocabulary:
    """The vocabulary table of ``lang``, or of every language for ``"*"`` (read once per process)."""
    if lang == "*":
        return Vocabulary(lang, tuple(row for one in LANGUAGES for row in vocabulary(one).rows))
    with open(_table_path(lang), encoding="utf-8") as fh:
        return Vocabulary(lang, tuple(parse_table(fh)))


def parse_table(lines: Iterable[str]) -> list[Row]:
    """Rows of a vocabulary table (tab-separated; ``#`` starts a comment line)."""
    rows: list[Row] = []
    for n, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3 or not all(cells[:3]):
            raise ValueError(f"vocabulary table line {n}: expected category, value, form: {line!r}")
        rows.append(Row(cells[0], cells[1], " ".join(cells[2].split()), cells[3] if len(cells) > 3 else "*"))
    return rows


def expand(grammar: str, lang: str) -> str:
    """``grammar`` with every ``{{…}}`` placeholder replaced from ``lang``'s table.

    ``{{kind_rule}}`` becomes the alternatives of the ``kind`` rule: one terminal per
    penalty kind of the table; kinds the grammar text does not define itself get a
    generated terminal (``WARNING.2: /(?<!\\w)(?:предупреждение|…)(?!\\w)/``).
    """
    vocab = vocabulary(lang)
    kinds = vocab.values("kind")
    generated: list[str] = []
    if "{{kind_rule}}" in grammar:
        for kind in kinds:
            name = kind.upper()
            if not re.search(rf"(?m)^{name}(?:\.\d+)?:", grammar):
                generated.append(f"{name}.2: /(?<!\\w){{{{kind:{kind}}}}}(?!\\w)/")
        grammar = grammar.replace("{{kind_rule}}", " | ".join(k.upper() for k in kinds))
    grammar = grammar + ("\n" + "\n".join(generated) + "\n" if generated else "")

    def fill(m: re.Match[str]) -> str:
        if m.group("first"):
            words = {form.split(" ")[0] for form in vocab.forms(m.group("cat"), m.group("value"))}
            return ("(?:" + trie_pattern(words) + ")").replace("/", "\\/")
        return vocab.pattern(m.group("cat"), m.group("value")).replace("/", "\\/")

    return _PLACEHOLDER.sub(fill, grammar)


@functools.cache
def _lookup_map(lang: str, category: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in vocabulary(lang).rows:
        if r.category == category:
            out.setdefault(r.form.lower(), r.value)
    return out


def lookup(lang: str, category: str, text: str) -> str | None:
    """The value of the form ``text`` (spaces folded, any case), or of its longest leading form."""
    key = _SPACES.sub(" ", text).strip().lower()
    table = _lookup_map(lang, category)
    if key in table:
        return table[key]
    best: tuple[int, str] | None = None
    for form, value in table.items():
        if key.startswith(form) and (len(key) == len(form) or not key[len(form)].isalnum()):
            if best is None or len(form) > best[0]:
                best = (len(form), value)
    return best[1] if best else None


@functools.lru_cache(maxsize=1024)
def find_all(lang: str, category: str, text: str) -> tuple[str, ...]:
    """The values of every form of ``category`` found in ``text`` (whole words), in table order."""
    low = _SPACES.sub(" ", text).lower()
    found: list[str] = []
    for r in vocabulary(lang).rows:
        if r.category != category or r.value in found:
            continue
        if re.search(r"(?<!\w)" + form_pattern(r.form.lower()) + r"(?!\w)", low):
            found.append(r.value)
    return tuple(found)


@functools.lru_cache(maxsize=1024)
def find_longest(lang: str, category: str, text: str) -> str | None:
    """The value of the longest form of ``category`` found in ``text`` (whole words), or None."""
    low = _SPACES.sub(" ", text).lower()
    best: tuple[int, str] | None = None
    for r in vocabulary(lang).rows:
        if r.category != category or (best is not None and len(r.form) <= best[0]):
            continue
        if re.search(r"(?<!\w)" + form_pattern(r.form.lower()) + r"(?!\w)", low):
            best = (len(r.form), r.value)
    return best[1] if best else None
