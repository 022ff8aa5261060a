"""The whole 1997 code (535k characters): every article, no contents line counted, sanctions read."""

from __future__ import annotations

from functools import cache

import regex
from corpus_util import whole_code

from statuteparse import Document, parse_file


@cache
def _code(name: str) -> Document:
    return parse_file(whole_code(name))


def test_articles_match_headings_in_body() -> None:
    doc = _code("cc1997-2010.ru.md")
    text = doc.text
    body_start = text.index("# Уголовный Кодекс Республики Казахстан")
    # every "Статья N." line after the table of contents is one article, in order
    expected = regex.findall(r"(?m)^[ \t#]*Статья[ \t]+(\d+(?:-\d+)?)\.", text[body_start:])
    assert [a.number for a in doc.articles] == expected
    assert len(doc.articles) == 416
    assert [b.kind for b in doc.blocks].count("toc") == 1


def test_special_part_sanctions_structured() -> None:
    doc = _code("cc1997-2010.ru.md")
    special = [a for a in doc.articles if any("ОСОБЕННАЯ" in h.upper() for h in a.heading)]
    assert len(special) > 300
    parts = [p for a in special for p in a.parts if p.sanction is not None]
    ok = [p for p in parts if p.sanction is not None and p.sanction.penalties]
    assert len(parts) >= 700
    assert len(ok) / len(parts) >= 0.95
    # the rest, if any, are reported
    unread = len(parts) - len(ok)
    assert len([d for d in doc.diagnostics if d.code == "unparsed-sanction"]) >= unread


def test_trafficking_article_inside_the_code() -> None:
    doc = _code("cc1997-2010.ru.md")
    art = doc.article("128")
    assert art is not None and art.title == "Торговля людьми"
    assert [p.number for p in art.parts] == [1, 2, 3, 4]
    assert art.heading[-1].startswith("Глава 1.")
    assert any(e.kind == "footnote" for e in art.editorial)
    p4 = art.parts[3]
    assert p4.sanction is not None
    assert p4.sanction.penalties[0].additional[0].mode == "mandatory"


def test_repealed_articles_keep_their_place() -> None:
    doc = _code("cc1997-2010.ru.md")
    art = doc.article("106")
    assert art is not None and art.repealed


def test_code_is_recognised() -> None:
    assert _code("cc1997-2010.ru.md").code == "kz-cc1997"
    assert _code("cc2014.ru.md").code == "kz-cc2014"
