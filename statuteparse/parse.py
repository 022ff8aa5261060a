"""The parsing pipeline: text -> normalise -> segment -> grammar -> model.

``parse_text`` never raises for text it can read at all: what the grammar cannot
understand stays in the tree and is reported in ``Document.diagnostics``.  It raises
:class:`~statuteparse.errors.InputError` only when the text holds no statute at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from .decode import decode_bytes
from .errors import InputError
from .lang import detect_language
from .model import Article, Block, Diagnostic, Document, Span
from .normalize import normalize
from .segment import segment
from .transform import ArticleBuilder, fold, make_sink

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
    if lang is not None and lang not in ("ru", "en"):
        raise ValueError(f"unsupported language {lang!r} (use 'ru' or 'en')")
    norm = normalize(text, html_mode=html)
    clean = norm.text
    if not clean.strip():
        raise InputError(source, "empty input (no text)")
    doc_lang = lang or detect_language(clean)
    pieces = segment(clean)
    diagnostics: list[Diagnostic] = []
    sink = make_sink(clean, diagnostics)
    articles: list[Article] = []
    blocks: list[Block] = []
    heading_path: dict[str, str] = {}
    for piece in pieces:
        if piece.kind == "article":
            piece_text = clean[piece.start : piece.end]
            art_lang = lang or detect_language(piece_text)
            article = ArticleBuilder(
                clean, piece.start, piece.end, art_lang, sink, number_hint=piece.number
            ).build()
            if piece.number is None:
                sink(
                    "warning",
                    "no-article-heading",
                    piece.start,
                    piece.start,
                    "no article heading: the text is read as one headless article",
                )
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
    if not articles:
        raise InputError(source, "no statute article found (expected e.g. 'Статья 128.' or 'Article 128:')")
    return Document(
        source=source,
        language=doc_lang,  # type: ignore[arg-type]
        articles=tuple(articles),
        diagnostics=tuple(diagnostics),
        text=clean,
        blocks=tuple(blocks),
        code=code or _recognise_code(clean),
        offset_points=norm.offsets.points,
    )


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
    return parse_text(text, lang=lang, source=source, html=html, code=code)


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
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory, not a file")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
