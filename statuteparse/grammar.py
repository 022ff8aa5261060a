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

Analysing a grammar into LALR tables takes 50-100 ms, so the tables are kept as plain
data (JSON, read with ``json.loads``: nothing in it can run code) and handed to Lark's
own loader.  They come from, in order:

1. ``statuteparse/_tables/`` inside the installed package, written when the wheel is
   built (``hatch_build.py``) for the grammar text, lark version and statuteparse
   version it was built with;
2. the user's private cache folder (:mod:`statuteparse.cachedir`), where each file is
   checked with a keyed MAC before it is read;
3. Lark itself, analysing the grammar; the result is written to the cache folder.

Every name carries a hash of the grammar files, this package's modules (which assemble
the text), the parser options and the lark, statuteparse and Python versions
(:func:`sources_digest`), so an edited grammar or another lark never meets a stale
table, and a process that finds its tables never assembles the grammar text.  A table
that fails a check or that Lark cannot load is skipped: the next source is tried, and
the output is the same whichever source served.

Where ``lark-cython`` is installed (``pip install statuteparse[fast]``) its lexer and
LALR loop run the parsers; its tokens are turned back into ``lark.Token`` as they are
shifted, so the trees are the ones pure-Python Lark builds.
``STATUTEPARSE_PURE_LARK=1`` forces pure-Python Lark.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lark import Lark, Token

from . import __version__, numbers, vocab
from .programs import ProgramCache, lexers_of

if TYPE_CHECKING:
    from pathlib import Path

#: Languages that have a sanction vocabulary file.
LANGUAGES: tuple[str, ...] = ("ru", "en")


#: This package's folder (``os.path``, not ``pathlib``: importing pathlib costs 3-4 ms at start-up).
_HERE = os.path.dirname(os.path.abspath(__file__))


@functools.cache
def _grammar_folder() -> str:
    packaged = os.path.join(_HERE, "grammars")
    if os.path.isfile(os.path.join(packaged, "article.lark")):
        return packaged
    return os.path.join(os.path.dirname(_HERE), "grammars")


def grammar_dir() -> Path:
    """The folder holding the ``.lark`` files: inside the installed package, else the checkout's."""
    from pathlib import Path

    return Path(_grammar_folder())


def read_grammar(name: str) -> str:
    """The text of grammar file ``name`` (e.g. ``"article.lark"``)."""
    with open(os.path.join(_grammar_folder(), name), encoding="utf-8") as f:
        return f.read()


#: The Lark options of each parser (part of the tables' key).
_ARTICLE_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "contextual",
    "regex": False,
    "propagate_positions": False,
    "maybe_placeholders": False,
}
_SANCTION_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "contextual",
    "regex": False,
    "start": ["sanction", "alternative"],
    "maybe_placeholders": False,
}


def _article_text() -> str:
    return vocab.expand(read_grammar("article.lark"), "*")


def _article_source() -> tuple[str, str, dict[str, Any]]:
    return "article", _article_text(), _ARTICLE_OPTIONS


@functools.cache
def article_parser() -> Lark:
    """The LALR parser for the block structure of one article."""
    return _parser("article", _article_text, _ARTICLE_OPTIONS)


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


def _sanction_text(lang: str) -> str:
    rules = read_grammar("sanction.lark")
    if _PLACEHOLDER not in rules:  # pragma: no cover - guards the grammar file
        raise RuntimeError("sanction.lark lost its NUM_WORD placeholder")
    text = rules.replace(_PLACEHOLDER, _number_terminal(lang)) + "\n" + read_grammar(f"sanction.{lang}.lark")
    return vocab.expand(text, lang)


def _sanction_source(lang: str) -> tuple[str, str, dict[str, Any]]:
    if lang not in LANGUAGES:
        raise ValueError(f"no sanction grammar for language {lang!r}")
    return f"sanction-{lang}", _sanction_text(lang), _SANCTION_OPTIONS


@functools.cache
def sanction_parser(lang: str) -> Lark:
    """The LALR parser for a sanction clause in ``lang`` (start symbols ``sanction`` and ``alternative``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no sanction grammar for language {lang!r}")
    return _parser(f"sanction-{lang}", functools.partial(_sanction_text, lang), _SANCTION_OPTIONS)


def _sources() -> list[tuple[str, str, dict[str, Any]]]:
    """Every grammar whose tables are shipped: name, text, options."""
    return [_article_source(), *(_sanction_source(lang) for lang in LANGUAGES)]


# ---------------------------------------------------------------------------------------
# tables as plain data
# ---------------------------------------------------------------------------------------

#: Bump when the stored form of the tables changes.
TABLE_FORMAT = 2
_PACKAGED = os.path.join(_HERE, "_tables")


@functools.cache
def sources_digest() -> str:
    """A hash of everything a grammar's text is made from, and of what reads it.

    The grammar files (with any vocabulary beside them) and this package's modules (the
    text is assembled by Python code: number words, vocabularies), the versions of lark,
    statuteparse and Python, and the table format.  Hashing the ingredients (about 1 ms)
    rather than the assembled text lets a process that finds its tables skip assembling
    the text, which can cost more than loading the tables.  Any edit to a module or a
    grammar file gives new names: a stale table is never read.
    """
    import sys

    import lark

    digest = hashlib.sha256()
    digest.update(f"{TABLE_FORMAT}\0{lark.__version__}\0{__version__}\0{sys.version}\0".encode())
    modules = sorted(name for name in os.listdir(_HERE) if name.endswith(".py"))
    grammars = sorted(
        os.path.relpath(os.path.join(root, name), _grammar_folder())
        for root, _, names in os.walk(_grammar_folder())
        for name in names
    )
    for label, folder, names in (("py", _HERE, modules), ("grammars", _grammar_folder(), grammars)):
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                content = f.read()
            digest.update(f"{label}/{name}\0{len(content)}\0".encode())
            digest.update(content)
    return digest.hexdigest()


def table_file_name(name: str, options: dict[str, Any]) -> str:
    """The file name of a grammar's tables (packaged or cached): see :func:`sources_digest`."""
    made_of = json.dumps([sources_digest(), name, sorted(options.items())])
    return f"{name}-{hashlib.sha256(made_of.encode('utf-8')).hexdigest()[:24]}.json"


def _parser(name: str, make_text: Callable[[], str], options: dict[str, Any]) -> Lark:
    """The parser of a grammar: from stored tables when some fit, else analysed (and stored).

    ``make_text`` assembles the grammar's text; it is called only when no stored table fits.
    """
    file_name = table_file_name(name, options)
    stem = file_name[: -len(".json")]
    programs = ProgramCache.load(stem)
    parser = None
    for load in (_packaged_tables, _cached_tables):
        tables = load(file_name)
        if tables is not None:
            try:
                parser = _from_tables(tables, programs)
                break
            except Exception:  # tables Lark cannot load (another lark would have another name)
                continue
    if parser is None:
        tables = analyse(make_text(), options)
        _store_tables(file_name, tables)
        try:
            parser = _from_tables(tables, programs)
        except Exception:
            if not uses_lark_cython():
                raise
            parser = _from_tables(tables, programs, pure=True)  # a lark-cython that does not fit this lark
    if not len(programs) and _can_store():
        # The first process after an install or a grammar change compiles every lexer
        # state once and stores the programs; later processes load them.  Without a
        # cache folder, each state is compiled when first used (most never are).
        _compile_states(parser)
        programs.save(stem)
    return parser


def _can_store() -> bool:
    from . import cachedir

    return cachedir.private_folder() is not None


def analyse(text: str, options: dict[str, Any]) -> dict[str, Any]:
    """The LALR tables of a grammar, as plain data (what :func:`dumps_tables` writes)."""
    from lark.grammar import Rule
    from lark.lark import _LOAD_ALLOWED_OPTIONS
    from lark.lexer import TerminalDef

    parser = Lark(text, **options, cache=False)
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["options"] = {k: v for k, v in data["options"].items() if k not in _LOAD_ALLOWED_OPTIONS}
    return {"data": data, "memo": memo}


class _Stored(Lark):
    """A Lark loaded from tables, whose lexers compile their patterns through a :class:`ProgramCache`."""

    _programs: ProgramCache | None = None

    def _deserialize_lexer_conf(self, data: Any, memo: Any, options: Any) -> Any:
        conf = super()._deserialize_lexer_conf(data, memo, options)
        if self._programs is not None:
            conf.re_module = self._programs  # type: ignore[assignment]  # quacks like ``re``
        return conf


def _from_tables(tables: dict[str, Any], programs: ProgramCache, *, pure: bool = False) -> Lark:
    parser = _Stored.__new__(_Stored)
    parser._programs = programs
    parser._load(tables, **({} if pure else _speed_options(tables)))
    return parser


# -- JSON.  Lark's tables hold dictionaries with integer keys (the parse table's states and
# tokens, the memo) and tuples (the actions, each rule's ``empty_indices``), which JSON
# does not have.  Those few places are stored as lists and rebuilt on load by a targeted
# pass: a generic tagging would need an ``object_hook``, which costs a Python call for
# every JSON object (most of the load time of a large table).  Anything else that is
# not plain JSON makes :func:`dumps_tables` refuse, so nothing is silently changed.


def dumps_tables(tables: dict[str, Any]) -> bytes:
    """``tables`` (what :func:`analyse` returns) as JSON bytes; TypeError if they hold an unexpected shape."""
    data = dict(tables["data"])
    frontend = dict(data["parser"])
    table = dict(frontend["parser"])
    table["tokens"] = [[k, v] for k, v in table["tokens"].items()]
    table["states"] = [
        [state, [x for token, (action, arg) in actions.items() for x in (token, action, arg)]]
        for state, actions in table["states"].items()
    ]
    frontend["parser"] = table
    data["parser"] = frontend
    doc = {"format": TABLE_FORMAT, "data": data, "memo": [[k, v] for k, v in tables["memo"].items()]}
    _check_plain(doc, "")
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _check_plain(value: Any, key: str) -> None:
    kind = type(value)
    if kind is dict:
        for k, v in value.items():
            if type(k) is not str:
                raise TypeError(f"a dictionary with a {type(k).__name__} key under {key!r}")
            _check_plain(v, k)
    elif kind is list or (kind is tuple and key == "empty_indices"):
        for v in value:
            _check_plain(v, key)
    elif not (kind in (str, int, bool, float) or value is None):
        raise TypeError(f"not plain data under {key!r}: {kind.__name__}")


def loads_tables(raw: bytes) -> dict[str, Any]:
    """The tables written by :func:`dumps_tables`; ValueError if ``raw`` is not such a document."""
    doc = json.loads(raw.decode("utf-8"))
    try:
        if type(doc) is not dict or doc.get("format") != TABLE_FORMAT or type(doc["data"]) is not dict:
            raise ValueError("not a table document")
        table = doc["data"]["parser"]["parser"]
        table["tokens"] = {k: v for k, v in table["tokens"]}
        table["states"] = {
            state: {flat[i]: (flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)}
            for state, flat in table["states"]
        }
        memo = {}
        for k, v in doc["memo"]:
            options = v.get("options")
            if type(options) is dict and type(options.get("empty_indices")) is list:
                options["empty_indices"] = tuple(options["empty_indices"])
            memo[k] = v
    except (KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ValueError(f"not a table document ({exc!r})") from None
    if not memo:
        raise ValueError("not a table document (no memo)")
    return {"data": doc["data"], "memo": memo}


def _packaged_tables(file_name: str) -> dict[str, Any] | None:
    """The tables shipped in the package (a checksum line, then JSON), if these fit."""
    try:
        with open(os.path.join(_PACKAGED, file_name), "rb") as f:
            raw = f.read()
        digest, _, body = raw.partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode("ascii") != digest:
            return None  # damaged
        return loads_tables(body)
    except Exception:  # unreadable or damaged: the next source serves
        return None


def packaged_file(tables: dict[str, Any]) -> bytes:
    """The content of a shipped table file (see :func:`_packaged_tables`)."""
    body = dumps_tables(tables)
    return hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body


def _cached_tables(file_name: str) -> dict[str, Any] | None:
    from . import cachedir

    folder = cachedir.private_folder()
    body = folder.read(file_name) if folder is not None else None
    if body is None:
        return None
    try:
        return loads_tables(body)
    except Exception:  # written by us under the MAC, so this is a bug or another lark: rebuild
        return None


def _store_tables(file_name: str, tables: dict[str, Any]) -> None:
    from . import cachedir

    folder = cachedir.private_folder()
    if folder is not None:
        try:
            body = dumps_tables(tables)
        except TypeError:  # a lark whose tables have another shape: they are not kept
            return
        folder.write(file_name, body)


def write_packaged_tables(folder: Path) -> list[Path]:
    """Write the tables of every grammar into ``folder`` (the wheel's ``statuteparse/_tables``)."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text, options in _sources():
        path = folder / table_file_name(name, options)
        path.write_bytes(packaged_file(analyse(text, options)))
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------
# lark-cython
# ---------------------------------------------------------------------------------------


_new_str = str.__new__


def _lark_token(token: Any) -> Token:
    """The ``lark.Token`` of a lark-cython token (what ``Token(...)`` makes, without its two extra calls)."""
    made: Token = _new_str(Token, token.value)
    made.type = token.type
    made.start_pos = token.start_pos
    made.value = token.value
    made.line = token.line
    made.column = token.column
    made.end_line = token.end_line
    made.end_column = token.end_column
    made.end_pos = token.end_pos
    return made


class _AsLarkTokens:
    """A transformer with a callback per terminal only: rules build the usual trees, and every
    shifted lark-cython token becomes a ``lark.Token`` (what ``transform`` expects)."""

    def __init__(self, names: list[str]) -> None:
        for name in names:
            setattr(self, name, _lark_token)


@functools.cache
def _cython_plugins() -> dict[str, Any] | None:
    """lark-cython's plugins where installed and not turned off, else None (pure-Python Lark)."""
    if os.environ.get("STATUTEPARSE_PURE_LARK"):
        return None
    try:
        from lark_cython import lark_cython  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    plugins: dict[str, Any] = lark_cython.plugins
    return plugins


def uses_lark_cython() -> bool:
    """Whether the parsers run on lark-cython."""
    return _cython_plugins() is not None


def _speed_options(tables: dict[str, Any]) -> dict[str, Any]:
    plugins = _cython_plugins()
    if plugins is None:
        return {}
    names = [t["name"] for t in tables["memo"].values() if t.get("__type__") == "TerminalDef"]
    return {"_plugins": plugins, "transformer": _AsLarkTokens(names)}


def warm_up(languages: tuple[str, ...] = LANGUAGES) -> None:
    """Compile every lexer state of the article parser and the sanction parsers of ``languages``.

    Lark compiles a contextual lexer's per-state patterns on first use.  Doing it once
    before ``fork`` lets both processes of a side-by-side parse share the work.
    """
    for parser in [article_parser(), *(sanction_parser(lang) for lang in languages)]:
        _compile_states(parser)


def _compile_states(parser: Lark) -> None:
    """Build the scanner of every lexer state of ``parser`` (Lark builds each on first use).

    lark-cython's lexers are out of reach from Python; a pure-Python twin of the lexer,
    built on the same configuration, compiles the very same patterns through the same
    :class:`ProgramCache`, whose compiled patterns the real lexers then find.
    """
    lexers = list(lexers_of(parser))
    if not lexers:
        from lark.lexer import ContextualLexer

        table = parser.parser.parser._parse_table
        states: dict[int, Any] = {index: list(actions) for index, actions in table.states.items()}
        lexers = list(lexers_of(ContextualLexer(parser.lexer_conf, states, always_accept=())))
    for lexer in lexers:
        getattr(lexer, "scanner", None)
