"""statuteparse: read criminal-code articles into a precise tree, and diff versions.

Public API::

    parse_text(text, *, lang=None, source=None) -> Document
    parse_file(path, *, lang=None) -> Document
    parse_many(paths, jobs=None, *, glob=(), errors="raise") -> Iterator[Document]
    diff(old, new, *, code_old=None, code_new=None, summary_lang="en") -> Diff
"""

from __future__ import annotations

__version__ = "0.1.0"

from .batch import Failure, parse_many
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



def __getattr__(name: str) -> object:
    # The differ (and rapidfuzz) load only when asked for, so ``parse`` starts faster.
    # ``statuteparse.diff`` is the function, as with an eager ``from .diff import diff``.
    if name in ("diff", "Diff"):
        import importlib

        module = importlib.import_module(".diff", __name__)
        globals()["diff"] = module.diff
        globals()["Diff"] = module.Diff
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
