"""statuteparse: read criminal-code articles into a precise tree, and diff versions.

Public API::

    parse_text(text, *, lang=None, source=None) -> Document
    parse_file(path, *, lang=None) -> Document
"""

from __future__ import annotations

__version__ = "0.1.0"
