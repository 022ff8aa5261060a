"""The parsing pipeline: text -> normalise -> segment -> grammar -> model.

``parse_text`` never raises for text it can read at all: what the grammar cannot
understand stays in the tree and is reported in ``Document.diagnostics``.  It raises
:class:`~statuteparse.errors.InputError` only when the text holds no statute at all.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from .decode import decode_bytes
from .errors import InputError
from .model import Article, Block, Diagnostic, Document, Span
from .normalize import normalize
from .segment import Piece, segment
from .transform import ArticleBuilder, fold, line_starts_of, make_sink

_CODES = (
    ("kz-cc2014", ("Уголовный кодекс Республики Казахстан", "2014"), ("226-V",)),
    ("kz-cc1997", ("Уголовный Кодекс Республики Казахстан", "1997"), ("167-I", "16 июля 1997")),
)


def parse_text(
    text: str,
    *,
    lang: str | None = None,
    source: str | None = None,
    html: bool | None = None,
    code: str | None = None,
) -> Document:
    """Parse statute text (one article, several, or a whole code) into a :class:`Document`.

    ``lang`` forces ``"ru"`` or ``"en"`` (else each article's language is detected);
    ``html`` forces (True) or forbids (False) reading the text as HTML (None: detect);
    ``code`` names the code (``kz-cc1997``) for gravity rules; recognised from a whole
    code's title when not given.
    """
    prepared = prepare_text(text, lang=lang, source=source, html=html, code=code)
    return assemble(prepared, {i: build_article(prepared, i) for i in prepared.article_indices})


class Prepared(NamedTuple):
    """A text normalised and cut into pieces, its articles not yet built.

    The three steps of :func:`parse_text` (:func:`prepare_text`, :func:`build_article`
    for each article, :func:`assemble`) are public so that articles can be built in
    several processes (:func:`parse_in_parallel`): each article is built from the
    prepared text alone.
    """

    source: str | None
    lang: str | None
    doc_lang: str
    code: str | None
    text: str
    offset_points: tuple[tuple[int, int], ...]
    pieces: tuple[Piece, ...]
    line_starts: list[int]

    @property
    def article_indices(self) -> list[int]:
        """Positions in ``pieces`` of the articles."""
        return [i for i, piece in enumerate(self.pieces) if piece.kind == "article"]


def prepare_text(
    text: str,
    *,
    lang: str | None = None,
    source: str | None = None,
    html: bool | None = None,
    code: str | None = None,
) -> Prepared:
    """Normalise and segment ``text``; :class:`InputError` if it holds no statute article."""
    if lang is not None and lang not in ("ru", "en"):
        raise ValueError(f"unsupported language {lang!r} (use 'ru' or 'en')")
    norm = normalize(text, html_mode=html)
    clean = norm.text
    if not clean.strip():
        raise InputError(source, "empty input (no text)")
    pieces = tuple(segment(clean))
    if not any(piece.kind == "article" for piece in pieces):
        raise InputError(source, "no statute article found (expected e.g. 'Статья 128.' or 'Article 128:')")
    return Prepared(
        source=source,
        lang=lang,
        doc_lang=lang or detect_language(clean),
        code=code or _recognise_code(clean),
        text=clean,
        offset_points=tuple(norm.offsets.points),
        pieces=pieces,
        line_starts=line_starts_of(clean),
    )


#: An article as built, with the diagnostics found while building it.
Built = tuple[Article, tuple[Diagnostic, ...]]


def build_article(prepared: Prepared, index: int) -> Built:
    """Build the article at ``prepared.pieces[index]`` (its heading path is set by :func:`assemble`)."""
    piece = prepared.pieces[index]
    clean = prepared.text
    diagnostics: list[Diagnostic] = []
    sink = make_sink(clean, diagnostics, prepared.line_starts)
    art_lang = prepared.lang or detect_language(clean[piece.start : piece.end])
    article = ArticleBuilder(clean, piece.start, piece.end, art_lang, sink, number_hint=piece.number).build()
    if piece.number is None:
        sink(
            "warning",
            "no-article-heading",
            piece.start,
            piece.start,
            "no article heading: the text is read as one headless article",
        )
    return article, tuple(diagnostics)


def assemble(prepared: Prepared, built: Mapping[int, Built]) -> Document:
    """The Document of ``prepared``, given every article built (keyed by piece position)."""
    clean = prepared.text
    diagnostics: list[Diagnostic] = []
    articles: list[Article] = []
    blocks: list[Block] = []
    heading_path: dict[str, str] = {}
    for index, piece in enumerate(prepared.pieces):
        if piece.kind == "article":
            article, found = built[index]
            diagnostics.extend(found)
            if heading_path:
                article = _with_heading(article, tuple(heading_path.values()))
            articles.append(article)
        else:
            level = piece.level
            text_piece = fold(clean[piece.start : piece.end])
            blocks.append(
                Block(kind=piece.kind, text=text_piece, span=Span(piece.start, piece.end), level=level)
            )
            if piece.kind == "heading" and level in ("division", "section", "chapter"):
                order = ("division", "section", "chapter")
                for lv in order[order.index(level) :]:
                    heading_path.pop(lv, None)
                heading_path[level] = text_piece.lstrip("# ").strip()
    return Document(
        source=prepared.source,
        language=prepared.doc_lang,  # type: ignore[arg-type]
        articles=tuple(articles),
        diagnostics=tuple(diagnostics),
        text=clean,
        blocks=tuple(blocks),
        code=prepared.code,
        offset_points=prepared.offset_points,
    )


def _share(piece: Piece, index: int) -> int:
    """Which of two processes builds an article: by its number, so that the versions of one
    article in two texts are built in the same process (and share its cache of sanctions)."""
    key = piece.number if piece.number is not None else str(index)
    return zlib.crc32(key.encode("utf-8")) & 1


def _cores() -> int:
    """CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cores_busy() -> bool:
    """Whether other processes already keep the other cores busy (then a second process only competes).

    The system's run queue: the processes runnable right now (``/proc/loadavg``, Linux)
    and the one-minute load average, the smaller of the two so that a short burst or a
    load that just ended does not count, less this process itself.  On a 2-core machine
    whose other core runs someone's build, two processes took 1.3-1.6x the time of one.
    """
    cores = _cores()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return False
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            running = int(f.read().split()[3].split("/")[0])
        load = min(load, running)
    except (OSError, ValueError, IndexError):
        pass
    return load - 1 > cores - 1.5


def _fork_with_pipe() -> tuple[int, int, int] | None:
    """``(pid, read_end, write_end)`` after a fork, or None where forking is unsafe, fails or loses.

    Not with one core, when the other cores are busy (:func:`_cores_busy`), without
    ``fork``, or with other threads running (a forked child of a threaded process can
    deadlock on a lock another thread held).  ``STATUTEPARSE_PARALLEL=1`` forks whatever
    the load (tests).
    """
    import threading

    if not hasattr(os, "fork") or _cores() < 2 or threading.active_count() > 1:
        return None
    if os.environ.get("STATUTEPARSE_PARALLEL") != "1" and _cores_busy():
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process left to spare: build everything here
        os.close(read_end)
        os.close(write_end)
        return None
    return pid, read_end, write_end


def _build_share(
    prepared: Sequence[Prepared], work: list[list[tuple[int, int]]], shares: set[int]
) -> dict[tuple[int, int], Built]:
    """The articles of ``shares``, keyed by (text, piece position)."""
    return {
        (n, i): build_article(p, i)
        for n, p in enumerate(prepared)
        for i, share in work[n]
        if share in shares
    }


def parse_in_parallel(prepared: Sequence[Prepared]) -> list[Document]:
    """The Documents of several prepared texts, their articles built by two processes.

    A forked child builds half of the articles of every text (chosen by article number,
    so that two versions of an article meet in one process and share the sanction
    cache) and sends them back pickled through a pipe; this process builds the other
    half, then assembles.  Where forking is not possible or safe, or the child fails,
    this process builds everything; the result is the same Documents either way.
    """
    import pickle
    import signal

    work = [[(i, _share(p.pieces[i], i)) for i in p.article_indices] for p in prepared]
    theirs: dict[tuple[int, int], Built] = {}
    forked = _fork_with_pipe()
    if forked is not None and forked[0] == 0:  # pragma: no cover - the child (coverage does not follow forks)
        _, read_end, write_end = forked
        try:
            os.close(read_end)
            mine = _build_share(prepared, work, {1})
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(mine, out, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)  # no cleanup handlers, no flushing of the parent's buffers
    if forked is None:
        ours = _build_share(prepared, work, {0, 1})
    else:
        pid, read_end, write_end = forked
        os.close(write_end)
        try:
            ours = _build_share(prepared, work, {0})
            with os.fdopen(read_end, "rb") as pipe:
                read_end = -1  # closed with the file object
                payload = pipe.read()
        except BaseException:
            # This process failed while the child may still be writing into the pipe: stop
            # it, or both would wait for ever.
            os.kill(pid, signal.SIGKILL)
            if read_end >= 0:
                os.close(read_end)
            raise
        finally:
            os.waitpid(pid, 0)
        try:
            theirs = pickle.loads(payload)
        except Exception:  # the child died: its half is built below
            theirs = {}
    built = {**ours, **theirs}
    for n, p in enumerate(prepared):
        for i, _ in work[n]:
            if (n, i) not in built:
                built[(n, i)] = build_article(p, i)
    return [assemble(p, {i: built[(n, i)] for i in p.article_indices}) for n, p in enumerate(prepared)]


#: The bytes that :func:`detect_language` counts, in UTF-8: the lead bytes of U+0400-U+04FF
#: (one per Cyrillic letter; no other character uses them) and ASCII letters.  Counting
#: them in the encoded text is a C loop (``bytes.translate``) instead of two regex scans.
_NOT_CYRILLIC_LEAD = bytes(b for b in range(256) if not 0xD0 <= b <= 0xD3)
_NOT_LATIN = bytes(b for b in range(256) if not (0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A))


def detect_language(text: str) -> str:
    """:func:`statuteparse.lang.detect_language` (the same answer, tested), counted on UTF-8 bytes.

    ``"ru"`` or ``"en"``, whichever script has more letters in the first 5000
    characters (ties go to ``ru``).  Called for the document and for each article: the
    articles' samples together are at most one pass over the text.
    """
    sample = text[:5000].encode("utf-8", "surrogatepass")
    cyrillic = len(sample.translate(None, _NOT_CYRILLIC_LEAD))
    latin = len(sample.translate(None, _NOT_LATIN))
    return "en" if latin > cyrillic else "ru"


def _with_heading(article: Article, path: tuple[str, ...]) -> Article:
    import attrs

    return attrs.evolve(article, heading=path)


def _recognise_code(text: str) -> str | None:
    head = text[:200_000]
    for name, (title, year), marks in _CODES:
        if title.lower() in head.lower() and any(m in head for m in marks + (year,)):
            return name
    return None


def parse_bytes(
    data: bytes,
    *,
    source: str | None = None,
    lang: str | None = None,
    encoding: str | None = None,
    html: bool | None = None,
    code: str | None = None,
) -> Document:
    """Decode ``data`` (UTF-8/UTF-16 with BOM, cp1251, KOI8-R …) and parse it."""
    text = decode_bytes(data, source=source, encoding=encoding)
    doc = parse_text(text, lang=lang, source=source, html=html, code=code)
    return with_encoding_doubt(doc, data, encoding)


def with_encoding_doubt(doc: Document, data: bytes, encoding: str | None) -> Document:
    """``doc`` with an ``encoding-doubt`` warning first when a forced ``encoding`` does not fit ``data``."""
    import attrs

    from .decode import encoding_doubt

    doubt = encoding_doubt(data, encoding)
    if doubt is None:
        return doc
    warning = Diagnostic(
        severity="warning", code="encoding-doubt", message=doubt, span=Span(0, 0), line=1, column=1
    )
    return attrs.evolve(doc, diagnostics=(warning, *doc.diagnostics))


def parse_file(
    path: str | os.PathLike[str],
    *,
    lang: str | None = None,
    encoding: str | None = None,
    html: bool | None = None,
    code: str | None = None,
) -> Document:
    """Read and parse the file at ``path``; :class:`InputError` if it cannot be used."""
    name = str(path)
    return parse_bytes(read_source(path), source=name, lang=lang, encoding=encoding, html=html, code=code)


def read_source(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file at ``path``; :class:`InputError` (one line) when it cannot be read."""
    name = str(path)
    if not os.path.exists(path):
        raise InputError(name, "no such file")
    if os.path.isdir(path):
        raise InputError(name, "is a directory, not a file")
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
