"""Decode input bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, cp1251, KOI8-R.

Guarantees to ``normalize``: a ``str`` without NUL characters, or an
:class:`~statuteparse.errors.InputError` that says in one line why the bytes are not
usable text (empty, binary, undecodable).
"""

from __future__ import annotations

import codecs

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, *, source: str | None = None, encoding: str | None = None) -> str:
    """The text of ``data``; ``encoding`` forces a codec, else it is detected."""
    if not data:
        raise InputError(source, "empty file")
    if encoding:
        try:
            return _check(data.decode(encoding), source)
        except LookupError:
            raise InputError(source, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(source, f"cannot be decoded as {encoding}: byte {exc.start}") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _check(data.decode(codec), source)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"undecodable {codec} text at byte {exc.start}") from None
    if b"\x00" in data[:65536]:
        raise InputError(source, "binary data (NUL bytes), not text")
    try:
        return _check(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError(source, "not UTF-8 and charset-normalizer is not installed") from None
    best = from_bytes(data[:2_000_000], cp_isolation=["cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic",
                                                      "cp1252", "latin_1"]).best()
    if best is None:
        raise InputError(source, "undecodable text (not UTF-8, UTF-16, cp1251 or KOI8-R)")
    try:
        return _check(data.decode(best.encoding), source)
    except UnicodeDecodeError:
        raise InputError(source, f"undecodable text (looked like {best.encoding})") from None


def _check(text: str, source: str | None) -> str:
    if "\x00" in text:
        raise InputError(source, "binary data (NUL characters), not text")
    if not text.strip():
        raise InputError(source, "empty input (only whitespace)")
    return text
