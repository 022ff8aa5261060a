"""Decode input bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, cp1251, KOI8-R.

Guarantees to ``normalize``: a ``str`` without NUL characters, or an
:class:`~statuteparse.errors.InputError` that says in one line why the bytes are not
usable text (empty, binary, undecodable).

Detection order: a byte-order mark (UTF-8, UTF-16, UTF-32); NUL bytes in the first
64 KiB mean binary data; strict UTF-8; then the single-byte Cyrillic code pages.
cp1251 and KOI8-R (and cp866, ISO 8859-5, Mac Cyrillic) accept almost any byte, so
they are told apart by what the text looks like: Russian prose is mostly lower-case
letters, and reading KOI8-R as cp1251 (or the reverse) swaps the case of every
letter.  The code page whose reading has the most lower-case Russian letters (less
the other non-ASCII characters) wins
(cp1251 on a tie, so Mac Cyrillic, which shares cp1251's lower case, needs upper-case
evidence), if at least half of its non-ASCII characters are such letters; otherwise
charset-normalizer decides (English or other Latin text in a legacy code page).
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
import stat
from typing import BinaryIO

from .errors import InputError

#: The default limit on the size of one input (bytes): generous for a whole code (a few MB).
DEFAULT_MAX_SIZE = 200 * 1000 * 1000
_CHUNK = 1 << 20


def parse_size(text: str) -> int:
    """Bytes in a size such as ``200MB``, ``200M``, ``1.5G``, ``500k`` or ``1000`` (decimal units).

    Raises :class:`ValueError` with a one-line reason for anything else.
    """
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmMgGtT]?)[bB]?\s*", text)
    if m is None:
        raise ValueError(f"not a size: {text!r} (expected e.g. 200MB, 500k or 1000)")
    scale = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}[m.group(2).lower()]
    return int(float(m.group(1)) * scale)


def _human(n: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= scale:
            return f"{n / scale:g} {unit}"
    return f"{n} bytes"


def read_limited(path: str, stream: BinaryIO | None = None, *, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """The bytes of the file at ``path`` (or of ``stream``, named ``path``), at most ``max_size`` of them.

    Reads in chunks and stops one byte past the limit, so ``/dev/zero`` or an endless
    pipe costs at most ``max_size`` bytes of memory; a regular file that is too large
    is refused before it is read.  Raises :class:`InputError` (one line) when the input
    is missing, a directory, unreadable or too large.
    """
    if stream is None:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, "is a directory, not a file")
        if stat.S_ISREG(info.st_mode) and info.st_size > max_size:
            raise _too_large(path, max_size)
    chunks: list[bytes] = []
    size = 0
    try:
        with contextlib.ExitStack() as stack:
            f = stream if stream is not None else stack.enter_context(open(path, "rb"))
            while size <= max_size:
                chunk = f.read(min(_CHUNK, max_size + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if size > max_size:
        raise _too_large(path, max_size)
    return b"".join(chunks)


def _too_large(path: str, max_size: int) -> InputError:
    return InputError(path, f"larger than {_human(max_size)} (--max-size; raise it to read this input)")


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
        return _check(_forced(data, encoding, source), source)
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
    cyrillic = _cyrillic_code_page(data)
    if cyrillic is not None:
        return _check(data.decode(cyrillic), source)
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError(source, "not UTF-8 and charset-normalizer is not installed") from None
    candidates = [*_CYRILLIC_CODE_PAGES, "cp1252", "latin_1"]
    best = from_bytes(data[:2_000_000], cp_isolation=candidates).best()
    if best is None:
        raise InputError(source, "undecodable text (not UTF-8, UTF-16, cp1251 or KOI8-R)")
    try:
        return _check(data.decode(best.encoding), source)
    except UnicodeDecodeError:
        raise InputError(source, f"undecodable text (looked like {best.encoding})") from None


def encoding_doubt(data: bytes, encoding: str | None) -> str | None:
    """Why the bytes do not look like the ``encoding`` the user forced, or None.

    A wrong ``--encoding`` still decodes (any byte is a character in a single-byte code
    page), so the garbage would pass silently: the bytes are valid UTF-8 with letters
    beyond ASCII, or another Cyrillic code page reads them as Russian.
    """
    if not encoding:
        return None
    try:
        forced = codecs.lookup(encoding).name
    except LookupError:
        return None
    if forced.startswith("utf"):
        return None  # a wrong UTF is an undecodable input, reported as such
    sample = data[:1_000_000]
    if any(b >= 0x80 for b in sample[:65536]):
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 4:  # a sample cut inside a character is still UTF-8
                return f"the text does not look like {encoding}: its bytes are valid UTF-8"
        else:
            return f"the text does not look like {encoding}: its bytes are valid UTF-8"
    return _code_page_doubt(sample, forced)


def _code_page_doubt(sample: bytes, forced: str) -> str | None:
    best = _cyrillic_code_page(sample)
    if best is not None and codecs.lookup(best).name != forced:
        return f"the text does not look like {forced}: it reads as Russian in {best}"
    return None


#: Single-byte Cyrillic code pages, in order of preference when two read alike.
_CYRILLIC_CODE_PAGES = ("cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic")
_LOWER_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _letter_bytes(codec: str, letters: str) -> bytes:
    """The byte values that ``codec`` reads as one of ``letters``."""
    out = bytearray()
    for b in range(0x80, 0x100):
        try:
            if bytes([b]).decode(codec) in letters:
                out.append(b)
        except UnicodeDecodeError:
            pass
    return bytes(out)


@functools.cache
def _lower_bytes(codec: str) -> bytes:
    """The bytes of ``codec`` that read as lower-case Russian letters (built on first use: 1 ms)."""
    return _letter_bytes(codec, _LOWER_RUSSIAN)


_HIGH_BYTES = bytes(range(0x80, 0x100))


def _cyrillic_code_page(data: bytes) -> str | None:
    """The Cyrillic code page under which ``data`` reads as lower-case-dominated Russian, or None."""
    sample = data[:1_000_000]
    # bytes.translate(None, delete) runs in C: counting by deletion keeps this fast.
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    if not high:
        return None
    best: tuple[int, int, str] | None = None
    for codec in _CYRILLIC_CODE_PAGES:
        lower = len(sample) - len(sample.translate(None, _lower_bytes(codec)))
        # Every non-ASCII byte that is not a lower-case letter counts against the codec:
        # upper case (KOI8-R read as cp1251) and box drawing or punctuation alike.
        score = lower - (high - lower)
        if best is None or score > best[0]:
            best = (score, lower, codec)
    # Half the non-ASCII bytes must be lower-case letters, and a short sample all but all.
    if best is None or best[1] * 2 < high or best[1] < min(4, high):
        return None
    try:
        data.decode(best[2])
    except UnicodeDecodeError:
        return None
    return best[2]


def _forced(data: bytes, encoding: str, source: str | None) -> str:
    """``data`` decoded with the codec the user named; any failure is one :class:`InputError`.

    Only text encodings are accepted (``rot13``, ``base64``, ``zlib`` … are not), and a
    codec's own failure, whatever its type (``undefined`` raises a bare ``UnicodeError``,
    ``idna`` one for a long label), says that the bytes cannot be decoded.
    """
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(source, f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(source, f"{encoding!r} is not a text encoding") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(source, f"cannot be decoded as {encoding}: byte {exc.start}") from None
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - a codec may raise anything; it is the input's failure
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(source, f"cannot be decoded as {encoding}: {reason}") from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check(text: str, source: str | None) -> str:
    """The text, unless it holds NUL or lone surrogates (not text; no output could encode them)."""
    if "\x00" in text:
        raise InputError(source, "binary data (NUL characters), not text")
    if not text.strip():
        raise InputError(source, "empty input (only whitespace)")
    bad = _SURROGATE.search(text)
    if bad is not None:
        where = f"U+{ord(bad.group()):04X} at character {bad.start()}"
        raise InputError(source, f"not text: a lone surrogate ({where})")
    return text
