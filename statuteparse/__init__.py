"""statuteparse: read criminal-code articles into a precise tree, and diff versions.

Public API::

    parse_text(text, *, lang=None, source=None) -> Document
    parse_file(path, *, lang=None) -> Document
    diff(old, new, *, code_old=None, code_new=None, summary_lang="en") -> Diff
"""

from __future__ import annotations

__version__ = "0.1.0"

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

__all__ = [
    "Additional",
    "Article",
    "Circumstance",
    "Diagnostic",
    "Diff",
    "Document",
    "Editorial",
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
    "parse_text",
]
