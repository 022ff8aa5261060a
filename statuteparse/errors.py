"""The library's own error types; nothing else is raised for bad input."""

from __future__ import annotations


class StatuteParseError(Exception):
    """Base class of every error statuteparse raises on purpose."""


class InputError(StatuteParseError):
    """The input cannot be used: missing, empty, binary, undecodable or not a statute.

    ``str(error)`` is one line that names the input and the reason.
    """

    def __init__(self, source: str | None, reason: str) -> None:
        self.source = source or "<stdin>"
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")
