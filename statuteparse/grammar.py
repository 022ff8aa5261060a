"""Load the Lark grammars once and hand out cached LALR parsers.

Guarantees to the next stage (``transform``): the article parser accepts every
article text that ends in a newline (the grammar accepts any sequence of lines), and
returns a Lark tree whose tokens carry offsets relative to the text it was given.
The sanction parsers raise :class:`lark.exceptions.LarkError` subclasses on text they
cannot read; ``transform`` turns those into diagnostics.

Grammars are data: ``article.lark`` (block structure), ``sanction.lark`` (the rules
of a sanction, shared by all languages) and ``sanction.<lang>.lark`` (the words of
each language). They live in the top-level ``grammars/`` folder of the repository and
are shipped inside the wheel as ``statuteparse/grammars``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lark import Lark
from lark.lexer import TerminalDef

from . import numbers

#: Languages that have a sanction vocabulary file.
LANGUAGES: tuple[str, ...] = ("ru", "en")


def grammar_dir() -> Path:
    """The folder holding the ``.lark`` files: inside the installed package, else the checkout's."""
    here = Path(__file__).resolve().parent
    packaged = here / "grammars"
    if (packaged / "article.lark").is_file():
        return packaged
    return here.parent / "grammars"


def read_grammar(name: str) -> str:
    """The text of grammar file ``name`` (e.g. ``"article.lark"``)."""
    return (grammar_dir() / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def article_parser() -> Lark:
    """The LALR parser for the block structure of one article."""
    return Lark(
        read_grammar("article.lark"),
        parser="lalr",
        lexer="contextual",
        regex=True,
        propagate_positions=False,
        maybe_placeholders=False,
        cache=False,
    )


#: What may follow a number word with no space between (typos of the official text).
numbers_glued_end: dict[str, str] = {
    "ru": r"(?:\b|(?=лет|год|месяц|суток|дней|час|месячн|тысяч|миллион))",
}


def _number_terminals(lang: str):  # type: ignore[no-untyped-def]
    """A Lark ``edit_terminals`` hook that fills NUM_WORD / ORD_WORD from the number tables."""

    def edit(t: TerminalDef) -> None:
        if t.name == "NUM_WORD":
            # A number word may run into its unit in real text (``до пятидесятисуток``).
            end = numbers_glued_end.get(lang, r"\b")
            t.pattern.value = r"(?i:\b(?:%s)%s)" % (numbers.CARDINAL_WORD_PATTERN[lang], end)
        elif t.name == "ORD_WORD":
            t.pattern.value = r"(?i:\b(?:%s)\b)" % numbers.ORDINAL_WORD_PATTERN[lang]

    return edit


@functools.lru_cache(maxsize=None)
def sanction_parser(lang: str) -> Lark:
    """The LALR parser for a sanction clause in ``lang`` (start symbols ``sanction`` and ``alternative``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no sanction grammar for language {lang!r}")
    text = read_grammar("sanction.lark") + "\n" + read_grammar(f"sanction.{lang}.lark")
    return Lark(
        text,
        parser="lalr",
        lexer="contextual",
        regex=True,
        start=["sanction", "alternative"],
        maybe_placeholders=False,
        edit_terminals=_number_terminals(lang),
        cache=False,
    )
