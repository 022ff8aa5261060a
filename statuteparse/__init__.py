"""statuteparse: read criminal-code articles into a precise tree, and diff versions.

Public API::

    parse_text(text, *, lang=None, source=None) -> Document
    parse_file(path, *, lang=None) -> Document
    parse_many(paths, jobs=None, *, glob=(), errors="raise") -> Iterator[Document]
    diff(old, new, *, code_old=None, code_new=None, summary_lang="en") -> Diff

Every name is imported on first use (PEP 562), so ``import statuteparse`` costs
nothing and each command loads only what it needs: parsing never loads the differ
(rapidfuzz), the command line (click) or the ``regex`` module.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .batch import Failure, parse_many
    from .diff import Diff, diff
    from .errors import InputError, StatuteParseError
    from .model import (
        Additional,
        Article,
        Circumstance,
        Diagnostic,
        Document,
        Editorial,
        Note,
        Part,
        Penalty,
        Quantity,
        Sanction,
        Span,
    )
    from .parse import parse_bytes, parse_file, parse_text

#: Where each public name lives.
_HOMES = {
    "InputError": "errors",
    "StatuteParseError": "errors",
    "Additional": "model",
    "Article": "model",
    "Circumstance": "model",
    "Diagnostic": "model",
    "Document": "model",
    "Editorial": "model",
    "Note": "model",
    "Part": "model",
    "Penalty": "model",
    "Quantity": "model",
    "Sanction": "model",
    "Span": "model",
    "Failure": "batch",
    "parse_many": "batch",
    "parse_bytes": "parse",
    "parse_file": "parse",
    "parse_text": "parse",
    "diff": "diff",
    "Diff": "diff",
}

__all__ = [
    "Additional",
    "Article",
    "Circumstance",
    "Diagnostic",
    "Diff",
    "Document",
    "Editorial",
    "Failure",
    "InputError",
    "Note",
    "Part",
    "Penalty",
    "Quantity",
    "Sanction",
    "Span",
    "StatuteParseError",
    "diff",
    "parse_bytes",
    "parse_file",
    "parse_many",
    "parse_text",
]


class _Deferred(ModuleType):
    """Stands in for a module until one of its attributes is first used, then becomes it."""

    def __getattr__(self, name: str) -> object:
        import sys

        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        vars(self).update(vars(real))
        return getattr(real, name)


def _defer_regex() -> None:
    """Make ``import regex`` (done by lark at import) free until ``regex`` is actually used.

    Lark imports ``regex`` when it is installed (20 ms), only to know that it could use
    it; the parsers here use ``re``.  A stand-in takes its place in ``sys.modules`` and
    imports the real module on first attribute access (the amendment reader uses it).
    """
    import sys

    if "regex" in sys.modules:
        return
    from importlib.util import find_spec

    try:
        spec = find_spec("regex")
    except (ImportError, ValueError):
        return
    if spec is None:
        return
    stand_in = _Deferred("regex")
    stand_in.__spec__ = spec
    sys.modules["regex"] = stand_in


_defer_regex()


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    if home == "diff" and name == "diff":
        # ``statuteparse.diff`` is the function, as with an eager ``from .diff import diff``
        # (importing the submodule set the attribute to the module).
        globals()["Diff"] = importlib.import_module(".diff", __name__).Diff
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
