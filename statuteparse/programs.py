"""A disk cache of compiled regular-expression programs, for the lexers' start-up.

Lark's contextual lexer compiles, for every parser state, one alternation of the
terminals that state accepts.  For our three grammars that is about a hundred large
patterns, and compiling them costs more than parsing a whole article (0.1-0.25 s on
a small machine, in every new process).

Python cannot pickle a compiled pattern, but CPython compiles in two steps: the
pure-Python parser and code generator (``re._parser``, ``re._compiler``) turn the
source into an SRE program, a list of integers, which is slow; then the C function
``_sre.compile`` turns the program into a pattern object, which takes microseconds.
:class:`ProgramCache` keeps the programs on disk (with ``marshal``, which cannot run
code when read) and hands Lark a stand-in for the ``re`` module whose ``compile``
takes the second step only.

Safety: the programs are kept in the user's private cache folder, each file under a
MAC keyed with the folder's secret (:mod:`statuteparse.cachedir`): a swapped program
with a recomputed checksum would compile to a valid pattern that matches something
else, so an unkeyed checksum is not enough.  ``marshal`` is read only after the MAC
fits, and only dictionaries, tuples, strings and integers are taken from it.  The file
name carries the Python version and ``_sre.MAGIC`` (the program format),
``_sre.compile`` validates every program it is given, and the first program compiled in
a process is checked against ``re.compile``; whenever anything does not fit (another
Python implementation, changed ``re`` internals, a damaged or planted file) the cache
steps aside and patterns are compiled by ``re`` as usual.  The cache only ever changes
speed, never results.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import marshal
import re
import sys
from array import array
from collections.abc import Iterable
from typing import Any, cast

from . import cachedir


def _load_internals() -> tuple[Any, Any, Any] | None:
    """CPython's ``_sre`` and its pure-Python compiler modules (renamed in 3.11), or None."""
    for names in (("re._parser", "re._compiler"), ("sre_parse", "sre_compile")):
        try:
            return (
                importlib.import_module("_sre"),
                importlib.import_module(names[0]),
                importlib.import_module(names[1]),
            )
        except ImportError:
            continue
    return None  # pragma: no cover - another Python implementation


_internals = _load_internals()
_sre: Any
_sre_parser: Any
_sre_compiler: Any
_sre, _sre_parser, _sre_compiler = _internals if _internals else (None, None, None)

#: One compiled program: the arguments of ``_sre.compile``; the code is kept packed
#: (``array("I")`` bytes, see :func:`_pack`) until the pattern is first used.
Program = tuple[str, int, list[int] | bytes, int, dict[str, int], tuple[str | None, ...]]

#: Codes packed 4 bytes each: marshal reads bytes in one copy where it builds a list
#: int by int (a grammar's file holds 100,000s of codes, most never used in a run).
_PACK = "I" if _sre is not None and array("I").itemsize == _sre.CODESIZE else None


def _pack(code: list[int] | bytes) -> list[int] | bytes:
    return array(_PACK, code).tobytes() if _PACK and type(code) is list else code


def _unpack(code: list[int] | bytes) -> list[int]:
    if type(code) is bytes:
        if not _PACK or len(code) % array(_PACK).itemsize:
            raise ValueError("packed code of another format")
        return array(_PACK, code).tolist()
    return code  # type: ignore[return-value]


def format_tag() -> str | None:
    """What a program file must have been written by (None: programs cannot be cached here)."""
    if _sre is None or sys.implementation.name != "cpython":
        return None
    # The full version: a patch release may fix the pure-Python compiler without a new MAGIC.
    version = f"{sys.implementation.cache_tag}-{sys.hexversion:x}"
    return f"{version}-sre{_sre.MAGIC}-{_sre.CODESIZE}{sys.byteorder[0]}"


def _program(pattern: str, flags: int) -> Program:
    """The SRE program of ``pattern``: what ``re.compile`` computes before calling ``_sre.compile``."""
    parsed = _sre_parser.parse(pattern, flags)
    code = _sre_compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # The code holds int subclasses (named opcodes); plain ints are what marshal stores.
    return (
        pattern,
        int(flags | parsed.state.flags),
        [int(op) for op in code],
        int(parsed.state.groups - 1),
        groupindex,
        tuple(indexgroup),
    )


_PROBE = r"(?P<word>\w+)[ \t]*(?:(?<=x)y|[^\W\d]{2,5}?)(?i:z)\1"


@functools.cache
def _programs_work() -> bool:
    """Whether a program made here compiles to the pattern ``re.compile`` makes (checked once)."""
    try:
        made = _sre.compile(*_program(_PROBE, 0))
    except Exception:
        return False
    reference = re.compile(_PROBE)
    probe = "abc  xyZabc q"
    return (made.pattern, made.flags, made.groups, made.groupindex) == (
        reference.pattern,
        reference.flags,
        reference.groups,
        reference.groupindex,
    ) and [m.span() for m in made.finditer(probe)] == [m.span() for m in reference.finditer(probe)]


def _well_formed(key: object, program: object) -> bool:
    """Whether a stored entry has the shape of a program for its own pattern (plain types only)."""
    return (
        type(key) is tuple
        and len(key) == 2
        and type(key[0]) is str
        and type(key[1]) is int
        and type(program) is tuple
        and len(program) == 6
        and program[0] == key[0]
        and type(program[1]) is int
        and type(program[2]) in (list, bytes)
        and type(program[3]) is int
        and type(program[4]) is dict
        and type(program[5]) is tuple
    )


class ProgramCache:
    """A stand-in for the ``re`` module (``compile``, ``match``, ``error``) backed by stored programs.

    Give it to Lark's lexers in place of ``re``; call :meth:`save` after compiling what
    should be kept.  Patterns not in the store are compiled normally and remembered.
    """

    error = re.error

    def __init__(self, programs: dict[tuple[str, int], Program] | None = None) -> None:
        self._programs: dict[tuple[str, int], Program] = programs or {}
        self._compiled: dict[tuple[str, int], re.Pattern[str]] = {}
        self.added = 0
        self._usable = format_tag() is not None

    @classmethod
    def load(cls, name: str | None) -> ProgramCache:
        """The cache stored under ``name`` in the private cache folder; empty if none fits."""
        tag = format_tag()
        folder = cachedir.private_folder() if name and tag else None
        body = folder.read(f"{name}.{tag}.sre") if folder is not None else None
        if body is None:
            return cls()
        try:
            data = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return cls()
        if not (isinstance(data, tuple) and len(data) == 2 and data[0] == tag and isinstance(data[1], dict)):
            return cls()
        return cls({key: program for key, program in data[1].items() if _well_formed(key, program)})

    def save(self, name: str | None) -> None:
        """Write the programs under ``name`` atomically; no usable cache folder only costs the speed-up."""
        tag = format_tag()
        if not name or tag is None or not self._usable or not self._programs:
            return
        folder = cachedir.private_folder()
        if folder is None:
            return
        packed = {key: (p[0], p[1], _pack(p[2]), *p[3:]) for key, p in self._programs.items()}
        try:
            body = marshal.dumps((tag, packed))
        except ValueError:
            return
        folder.write(f"{name}.{tag}.sre", body)

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(pattern, flags)``, from the stored program when there is one."""
        flags = int(flags)
        key = (pattern, flags)
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        if not self._usable or not isinstance(pattern, str):
            compiled = re.compile(pattern, flags)
        else:
            compiled = self._from_program(key)
        self._compiled[key] = compiled
        return compiled

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        """``re.match``, compiling through the cache."""
        return self.compile(pattern, flags).match(string)

    def _from_program(self, key: tuple[str, int]) -> re.Pattern[str]:
        pattern, flags = key
        program = self._programs.get(key)
        if program is not None:
            try:
                return self._checked_compile(pattern, flags, program)
            except Exception:  # a program that does not fit this Python: compile afresh
                del self._programs[key]
        try:
            program = _program(pattern, flags)
            compiled = self._checked_compile(pattern, flags, program)
        except Exception:
            # Invalid patterns raise re.error from here, exactly as re.compile would;
            # anything else means the internals differ, and the cache steps aside.
            compiled = re.compile(pattern, flags)
            self._usable = False
            return compiled
        self._programs[key] = program
        self.added += 1
        return compiled

    def _checked_compile(self, pattern: str, flags: int, program: Program) -> re.Pattern[str]:
        if not _programs_work():
            raise ValueError("this Python compiles patterns differently")
        compiled: re.Pattern[str] = _sre.compile(program[0], program[1], _unpack(program[2]), *program[3:])
        return compiled

    def trim(self, limit: int) -> None:
        """Keep at most ``limit`` programs, those used in this process first."""
        if len(self._programs) > limit:
            used = {key: self._programs[key] for key in self._compiled if key in self._programs}
            self._programs = dict(list(used.items())[:limit])

    def __len__(self) -> int:
        return len(self._programs)


def lexers_of(parser: Any) -> Iterable[Any]:
    """The basic lexers inside a Lark parser's (contextual) lexer, or inside a contextual lexer, each once.

    None for lark-cython's lexers, whose insides Python cannot reach.
    """
    lexer = getattr(getattr(parser, "parser", None), "lexer", parser)
    seen: set[int] = set()
    candidates = [*getattr(lexer, "lexers", {}).values(), getattr(lexer, "root_lexer", None), lexer]
    for candidate in candidates:
        if candidate is None or id(candidate) in seen or not hasattr(candidate, "re"):
            continue
        seen.add(id(candidate))
        yield candidate


#: The most programs the shared file keeps (patterns of older versions fall out).
_SHARED_LIMIT = 2000
_shared: ProgramCache | None = None


def _shared_name() -> str:
    from . import __version__

    return f"patterns-{__version__}"


def shared_cache() -> ProgramCache:
    """The process-wide cache of the patterns statuteparse's modules use; saved at exit if it grew."""
    global _shared
    if _shared is None:
        _shared = ProgramCache.load(_shared_name())
        atexit.register(save_shared)
    return _shared


def save_shared() -> None:
    """Save the shared cache now if it grew (also done at exit; for processes that end with ``os._exit``)."""
    if _shared is not None and _shared.added:
        _shared.trim(_SHARED_LIMIT)
        _shared.save(_shared_name())
        _shared.added = 0


class LazyPattern:
    """A regular expression compiled on first use, through :func:`shared_cache`.

    Module-level patterns cost nothing at import; once compiled, the pattern's methods
    are bound on the instance, so a call costs what a call on the compiled pattern does.
    """

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = (source, int(flags))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(shared_cache().compile(*self._source), name)
        if callable(value):
            self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]})"


def lazy_re(source: str, flags: int = 0) -> re.Pattern[str]:
    """A ``re`` pattern compiled on first use, its program cached on disk (the modules' ``re.compile``)."""
    return cast("re.Pattern[str]", LazyPattern(source, flags))
