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

from . import numbers, vocab
from .programs import ProgramCache, format_tag, lexers_of, usable_cache_folder

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


@functools.cache
def article_parser() -> Lark:
    """The LALR parser for the block structure of one article."""
    text = vocab.expand(read_grammar("article.lark"), "*")
    stem = _cache_stem("article", text)
    parser = Lark(
        text,
        parser="lalr",
        lexer="contextual",
        regex=False,
        propagate_positions=False,
        maybe_placeholders=False,
        cache=f"{stem}.lark.cache" if stem else False,
    )
    return _with_programs(parser, stem)


def _cache_stem(name: str, grammar: str) -> str | None:
    """The path, without suffix, of the cache files of a grammar; None when caching is off.

    Two caches make a parser start 5-10x faster: Lark's analysed LALR tables
    (``.lark.cache``) and the compiled programs of its lexer's patterns (``.sre``, see
    :mod:`statuteparse.programs`).  The name carries a hash of the grammar text and of
    the lark version, so an edited grammar or another lark never reads a stale table.
    ``STATUTEPARSE_NO_CACHE=1`` turns caching off; an unwritable cache folder only
    costs the speed-up.
    """
    folder = usable_cache_folder()
    if folder is None:
        return None
    import hashlib

    import lark

    digest = hashlib.sha256((lark.__version__ + "\0" + grammar).encode("utf-8")).hexdigest()[:16]
    return str(folder / f"{name}-{digest}")


def _with_programs(parser: Lark, stem: str | None) -> Lark:
    """Give ``parser``'s lexers the stored programs of their patterns (see :mod:`statuteparse.programs`).

    The first process after an install or a grammar change compiles every lexer state
    once and stores the programs; later processes load them instead of compiling.
    """
    tag = format_tag()
    path = Path(f"{stem}.{tag}.sre") if stem and tag else None
    cache = ProgramCache.load(path)
    for lexer in lexers_of(parser):
        lexer.re = cache
    if path is not None and not len(cache):
        _compile_states(parser)
        cache.save(path)
    return parser


#: What may follow a number word with no space between (typos of the official text).
_GLUED_END: dict[str, str] = {
    "ru": r"(?:\b|(?=лет|год|месяц|суток|дней|час|месячн|тысяч|миллион))",
}
_PLACEHOLDER = "/\\b__filled_from_numbers_tables__\\b/"


def _number_terminal(lang: str) -> str:
    """The NUM_WORD terminal of ``lang``, generated from the number tables (one source of truth)."""
    end = _GLUED_END.get(lang, r"\b")
    pattern = r"(?i:\b(?:" + numbers.CARDINAL_WORD_PATTERN[lang] + ")" + end + ")"
    return "/" + pattern.replace("/", "\\/") + "/"


@functools.cache
def sanction_parser(lang: str) -> Lark:
    """The LALR parser for a sanction clause in ``lang`` (start symbols ``sanction`` and ``alternative``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no sanction grammar for language {lang!r}")
    rules = read_grammar("sanction.lark")
    if _PLACEHOLDER not in rules:  # pragma: no cover - guards the grammar file
        raise RuntimeError("sanction.lark lost its NUM_WORD placeholder")
    text = rules.replace(_PLACEHOLDER, _number_terminal(lang)) + "\n" + read_grammar(f"sanction.{lang}.lark")
    text = vocab.expand(text, lang)
    stem = _cache_stem(f"sanction-{lang}", text)
    parser = Lark(
        text,
        parser="lalr",
        lexer="contextual",
        regex=False,
        start=["sanction", "alternative"],
        maybe_placeholders=False,
        cache=f"{stem}.lark.cache" if stem else False,
    )
    return _with_programs(parser, stem)


def warm_up(languages: tuple[str, ...] = LANGUAGES) -> None:
    """Compile every lexer state of the article parser and the sanction parsers of ``languages``.

    Lark compiles a contextual lexer's per-state patterns on first use.  Doing it once
    before ``fork`` lets both processes of a side-by-side parse share the work.
    """
    for parser in [article_parser(), *(sanction_parser(lang) for lang in languages)]:
        _compile_states(parser)


def _compile_states(parser: Lark) -> None:
    """Build the scanner of every lexer of ``parser`` (Lark builds each on first use)."""
    for lexer in lexers_of(parser):
        getattr(lexer, "scanner", None)
