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

Safety: the file name carries the Python version and ``_sre.MAGIC`` (the program
format), ``_sre.compile`` validates every program it is given, and the first program
compiled in a process is checked against ``re.compile``; whenever anything does not
fit (another Python implementation, a changed ``re`` internals, a corrupt file) the
cache steps aside and patterns are compiled by ``re`` as usual.  The cache only ever
changes speed, never results.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import importlib
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast


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

#: Bytes of the checksum that opens a program file.
_DIGEST_SIZE = 16

#: One compiled program: the arguments of ``_sre.compile``.
Program = tuple[str, int, list[int], int, dict[str, int], tuple[str | None, ...]]


def format_tag() -> str | None:
    """What a program file must have been written by (None: programs cannot be cached here)."""
    if _sre is None or sys.implementation.name != "cpython":
        return None
    # The full version: a patch release may fix the pure-Python compiler without a new MAGIC.
    return f"{sys.implementation.cache_tag}-{sys.hexversion:x}-sre{_sre.MAGIC}-{_sre.CODESIZE}"


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
    """Whether a stored entry has the shape of a program for its own pattern."""
    return (
        isinstance(key, tuple)
        and len(key) == 2
        and isinstance(program, tuple)
        and len(program) == 6
        and program[0] == key[0]
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
    def load(cls, path: Path | None) -> ProgramCache:
        """The cache stored at ``path``; an empty one if there is none or it cannot be read."""
        if path is None or format_tag() is None:
            return cls()
        try:
            raw = path.read_bytes()
            digest, body = raw[:_DIGEST_SIZE], raw[_DIGEST_SIZE:]
            if hashlib.blake2b(body, digest_size=_DIGEST_SIZE).digest() != digest:
                return cls()  # damaged: a changed byte could still be a valid, different program
            data = marshal.loads(body)
        except (OSError, EOFError, ValueError, TypeError):
            return cls()
        if not (isinstance(data, tuple) and len(data) == 2 and data[0] == format_tag()):
            return cls()
        if not isinstance(data[1], dict):
            return cls()
        return cls({key: program for key, program in data[1].items() if _well_formed(key, program)})

    def save(self, path: Path | None) -> None:
        """Write the programs to ``path`` atomically; an unwritable folder only costs the speed-up."""
        if path is None or not self._usable or not self._programs:
            return
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            body = marshal.dumps((format_tag(), self._programs))
            tmp.write_bytes(hashlib.blake2b(body, digest_size=_DIGEST_SIZE).digest() + body)
            os.replace(tmp, path)
        except (OSError, ValueError):
            try:
                tmp.unlink()
            except OSError:
                pass

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
        compiled: re.Pattern[str] = _sre.compile(*program)
        return compiled

    def trim(self, limit: int) -> None:
        """Keep at most ``limit`` programs, those used in this process first."""
        if len(self._programs) > limit:
            used = {key: self._programs[key] for key in self._compiled if key in self._programs}
            self._programs = dict(list(used.items())[:limit])

    def __len__(self) -> int:
        return len(self._programs)


def lexers_of(parser: Any) -> Iterable[Any]:
    """The basic lexers inside a Lark parser's (contextual) lexer, each once."""
    lexer = getattr(getattr(parser, "parser", None), "lexer", None)
    seen: set[int] = set()
    candidates = [*getattr(lexer, "lexers", {}).values(), getattr(lexer, "root_lexer", None), lexer]
    for candidate in candidates:
        if candidate is None or id(candidate) in seen or not hasattr(candidate, "re"):
            continue
        seen.add(id(candidate))
        yield candidate


def cache_folder() -> Path | None:
    """Where statuteparse keeps its caches; None when there is no safe place.

    ``$STATUTEPARSE_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/statuteparse`` or
    ``~/.cache/statuteparse``.  Without a home folder (a service account), a folder of
    this user's own in the system's temporary folder, used only if nobody else owns it or
    can write to it: Lark reads its cache with ``pickle``, so a planted file could run code.
    """
    configured = os.environ.get("STATUTEPARSE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            home: Path | None = Path.home()
        except (KeyError, RuntimeError):
            home = None
        if home is None or not home.is_dir():
            return _private_temp_folder()
        base = str(home / ".cache")
    return Path(base) / "statuteparse"


def _private_temp_folder() -> Path | None:
    uid = os.getuid() if hasattr(os, "getuid") else None
    folder = Path(tempfile.gettempdir()) / f"statuteparse-cache-{uid if uid is not None else 'user'}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if not folder.is_dir() or folder.is_symlink():
        return None
    if uid is not None and (info.st_uid != uid or info.st_mode & 0o022):
        return None
    return folder


def usable_cache_folder() -> Path | None:
    """:func:`cache_folder`, created if need be.

    None when ``STATUTEPARSE_NO_CACHE`` is set or the folder cannot be made; callers
    then work without a cache, which only ever costs speed.
    """
    if os.environ.get("STATUTEPARSE_NO_CACHE"):
        return None
    folder = cache_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


#: The most programs the shared file keeps (patterns of older versions fall out).
_SHARED_LIMIT = 2000
_shared: ProgramCache | None = None


def _shared_path() -> Path | None:
    tag = format_tag()
    folder = usable_cache_folder() if tag is not None else None
    if folder is None:
        return None
    from . import __version__

    return folder / f"patterns-{__version__}.{tag}.sre"


def shared_cache() -> ProgramCache:
    """The process-wide cache of the patterns statuteparse's modules use; saved at exit if it grew."""
    global _shared
    if _shared is None:
        path = _shared_path()
        _shared = ProgramCache.load(path)
        if path is not None:
            atexit.register(_save_shared, _shared, path)
    return _shared


def _save_shared(cache: ProgramCache, path: Path) -> None:
    if cache.added:
        cache.trim(_SHARED_LIMIT)
        cache.save(path)
        cache.added = 0


def save_shared() -> None:
    """Save the shared cache now if it grew (also done at exit; for processes that end with ``os._exit``)."""
    if _shared is not None:
        path = _shared_path()
        if path is not None:
            _save_shared(_shared, path)


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
