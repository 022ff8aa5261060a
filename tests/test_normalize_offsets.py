"""``normalize``: HTML and PDF damage read as the text they show, with offsets back to the input.

The offset map's contract (module docstring of ``statuteparse.normalize``): every
character of the normalised text that was copied unchanged maps to the position of
that same character in the input, and the map never goes backwards.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from corpus_util import CORPUS, corpus_files, corpus_id
from hypothesis import given, settings
from hypothesis import strategies as st

from statuteparse import Document, parse_text
from statuteparse.normalize import OffsetMap, apply_edits, normalize

ARTICLE = CORPUS / "kz/cc1997/art128/2010.ru.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "robust"

# ----------------------------------------------------------------------------- OffsetMap


@st.composite
def edited_text(draw: st.DrawFn, max_len: int = 60) -> tuple[str, list[tuple[int, int, str]]]:
    """A text and sorted, non-overlapping edits of it."""
    text = draw(st.text(alphabet="abcxyz\n ", max_size=max_len))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a < pos:
            continue
        edits.append((a, b, draw(st.text(alphabet="#@", max_size=4))))
        pos = b if b > a else a + 1
    return text, [e for e in edits if e[0] < e[1] or e[2]]


def brute_map(text: str, edits: list[tuple[int, int, str]]) -> list[int]:
    """The map of ``apply_edits``, character by character (plus the end offset)."""
    out: list[int] = []
    pos = 0
    for start, end, new in edits:
        out.extend(range(pos, start))
        out.extend([start] * len(new))
        pos = end
    out.extend(range(pos, len(text) + 1))
    return out


@settings(max_examples=300, deadline=None)
@given(edited_text())
def test_apply_edits_map_matches_brute_force(case: tuple[str, list[tuple[int, int, str]]]) -> None:
    text, edits = case
    new, m = apply_edits(text, edits)
    expected = brute_map(text, edits)
    assert len(expected) == len(new) + 1
    assert [m(i) for i in range(len(new) + 1)] == expected


@settings(max_examples=300, deadline=None)
@given(edited_text(), st.data())
def test_then_composes_two_maps(case: tuple[str, list[tuple[int, int, str]]], data: st.DataObject) -> None:
    """``second.then(first)(n) == first(second(n))`` for every offset of the final text."""
    text, edits1 = case
    mid, first = apply_edits(text, edits1)
    # Edits of the intermediate text, drawn the same way.
    cuts = sorted(data.draw(st.lists(st.integers(0, len(mid)), max_size=12)))
    edits2 = []
    pos = 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a >= pos and (a < b or True):
            edits2.append((a, b, data.draw(st.text(alphabet="%", max_size=3))))
            pos = b if b > a else a + 1
    edits2 = [e for e in edits2 if e[0] < e[1] or e[2]]
    final, second = apply_edits(mid, edits2)
    composed = second.then(first)
    assert [composed(n) for n in range(len(final) + 1)] == [first(second(n)) for n in range(len(final) + 1)]


def test_then_with_identity() -> None:
    m = OffsetMap(((2, 5),))
    assert m.then(OffsetMap()) == m
    assert OffsetMap().then(m) == m


# ----------------------------------------------------------------------------- normalize

# Noise that normalisation removes or rewrites; never produces a letter or digit.
NOISE = [
    "<p>",
    "</p>",
    "<br>",
    "<br/>",
    "<b>",
    "</b>",
    '<span class="x">',
    "</span>",
    "<div>",
    "</div>",
    "&nbsp;",
    "&laquo;",
    "&raquo;",
    "&amp;",
    "&#171;",
    "&#xAB;",
    "<!-- note -->",
    "\r\n",
    "\r",
    "\u00a0",
    "\t",
    "\u00ad",
    "\u200b",
    "\ufeff",
    "\u2028",
]
PLAIN = "абвгде жзик АБВ abc XYZ 0123 .,;:-\n"
KEPT = set("абвгдежзикАБВabcXYZ0123.,;:-")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(st.text(alphabet=PLAIN, min_size=1, max_size=12), st.sampled_from(NOISE)), max_size=40)
)
def test_copied_characters_map_to_themselves(pieces: list[str]) -> None:
    """For random text with random edits, every kept character maps onto an equal character."""
    raw = "".join(pieces)
    norm = normalize(raw)
    m = norm.offsets
    previous = 0
    for i, c in enumerate(norm.text):
        o = m(i)
        assert o >= previous, "the map goes backwards"
        previous = o
        assert 0 <= o <= len(raw)
        if c in KEPT:
            assert raw[o] == c, (i, c, o, raw[o - 3 : o + 3])
    assert m(len(norm.text)) <= len(raw)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.text(alphabet=PLAIN, min_size=1, max_size=12), st.sampled_from(NOISE)), max_size=40)
)
def test_document_original_offset_agrees_with_offset_map(pieces: list[str]) -> None:
    raw = "Статья 1. Заголовок\n" + "".join(pieces)
    norm = normalize(raw)
    doc = parse_text(raw)
    assert doc.text == norm.text
    for i in range(0, len(doc.text) + 1, 7):
        assert doc.original_offset(i) == norm.offsets(i)


def test_crlf_and_nbsp_and_soft_hyphen() -> None:
    raw = "Статья\u00a01.\r\nконфиска\u00ad\r\nцией и конфиска-\n   цией\u200b"
    norm = normalize(raw)
    assert norm.text == "Статья 1.\nконфискацией и конфискацией"
    for i, c in enumerate(norm.text):
        if c.isalnum():
            assert raw[norm.offsets(i)] == c


# ----------------------------------------------------------------------------- HTML


def htmlify(text: str) -> str:
    """An HTML copy as a legal portal serves it: <b> heading, <p> lines, entities, <br>."""
    lines = text.splitlines()
    out = [
        "<!DOCTYPE html>\n<html><head><title>Уголовный кодекс</title>",
        "<style>p { margin: 0 }</style></head><body>\n",
    ]
    out.append(f"<b>{html.escape(lines[0], quote=False)}</b><br>\n")
    for k, line in enumerate(lines[1:]):
        body = html.escape(line, quote=False)
        body = body.replace(" ", "&nbsp;", 1)  # a non-breaking space after the number
        body = body.replace("«", "&laquo;").replace("»", "&raquo;")
        if k == 1:
            body = body.replace("лица", "&laquo;лица&raquo;", 1)
        if k % 3 == 2:
            out.append(f'<p class="s0"><span style="x">{body}</span></p>\n')
        else:
            out.append(f"<p>{body}</p>\n")
    out.append("</body></html>\n")
    return "".join(out)


def structure(doc: Document) -> list[object]:
    return [
        (
            a.number,
            a.title,
            [
                (
                    p.number,
                    [(c.label, c.text.replace("«", "").replace("»", "")) for c in p.circumstances],
                    None if p.sanction is None else [(x.kind, x.min, x.max) for x in p.sanction.penalties],
                )
                for p in a.parts
            ],
        )
        for a in doc.articles
    ]


RU_ARTICLES = [p for p in corpus_files() if p.name.endswith(".ru.txt")]


@pytest.mark.parametrize("path", RU_ARTICLES, ids=corpus_id)
def test_html_copy_parses_like_the_plain_text(path: Path) -> None:
    plain = path.read_text(encoding="utf-8")
    if not plain.lstrip().startswith(("Статья", "#", "**")):
        pytest.skip("fragment without a heading")
    page = htmlify(plain)
    doc_html = parse_text(page)
    doc_plain = parse_text(plain)
    assert structure(doc_html) == structure(doc_plain)
    assert len(doc_html.diagnostics) == len(doc_plain.diagnostics)


def test_html_spans_map_back_to_the_same_words() -> None:
    plain = ARTICLE.read_text(encoding="utf-8")
    page = htmlify(plain)
    doc = parse_text(page)
    article = doc.articles[0]
    nodes = [article, *article.parts, *(c for p in article.parts for c in p.circumstances)]
    nodes += [p.sanction for p in article.parts if p.sanction is not None]  # type: ignore[misc]
    assert len(nodes) > 15
    for node in nodes:
        start, end = node.span.start, node.span.end
        # An exclusive end maps through its last character: ``original_offset(end)`` is
        # where the next character starts, after any tags that were dropped in between.
        o_start, o_end = doc.original_offset(start), doc.original_offset(end - 1) + 1
        # The first and last words of the node stand at the mapped positions of the HTML.
        words = doc.text[start:end].split()
        first, last = words[0], words[-1]
        assert page[o_start : o_start + len(first)] == first, (first, page[o_start : o_start + 30])
        assert page[o_end - len(last) : o_end] == last, (last, page[o_end - 30 : o_end])


def test_html_entities_map_to_the_entity() -> None:
    page = "<p>Статья 1. &laquo;Кража&raquo;</p>"
    doc = parse_text(page)
    i = doc.text.index("«")
    assert page[doc.original_offset(i) :].startswith("&laquo;")
    j = doc.text.index("К")
    assert page[doc.original_offset(j)] == "К"


def test_head_script_and_style_are_not_text() -> None:
    page = "<html><head><title>T</title><script>var a = 1 < 2;</script></head><body><p>x</p></body></html>"
    assert normalize(page).text.split() == ["x"]


# ----------------------------------------------------------------------------- PDF damage


def pdf_damage(text: str) -> str:
    """The article as text pulled from a PDF: page breaks inside sentences, hyphenation, nbsp."""
    lines = text.splitlines()
    out: list[str] = []
    page = 12
    breaks = [k for k, line in enumerate(lines) if k and k % 3 == 0 and len(line) > 40]
    # A running head is recognised because it repeats: one page break gets none.
    head = ["Уголовный кодекс РК"] if len(breaks) >= 2 else []
    for k, line in enumerate(lines):
        if k in breaks:
            # Break this line mid-sentence across a page: number, running head, hyphen.
            cut = line.index(" ", 20)
            word_end = line.find(" ", cut + 1)
            word = line[cut + 1 : word_end] if word_end > 0 else ""
            if word.isalpha() and word.islower() and len(word) > 5:
                half = len(word) // 2
                out.append(line[: cut + 1] + word[:half] + "-")
                out.append("")
                out.append(f"- {page} -" if page % 2 else f"{page}")
                out.extend(head)
                out.append("")
                out.append(word[half:] + line[word_end:])
            else:
                out.append(line[:cut])
                out.append(str(page))
                out.extend(head)
                out.append(line[cut + 1 :])
            page += 1
            continue
        out.append(line.replace(" ", "  ", 1).replace(" в ", "\u00a0в\u00a0").replace("ение", "ен\u00adие"))
    return "\n".join(out) + "\n"


def test_pdf_damage_fixture_parses_like_the_clean_article() -> None:
    clean = ARTICLE.read_text(encoding="utf-8")
    damaged = (FIXTURES / "art128-pdf.ru.txt").read_text(encoding="utf-8")
    assert "Уголовный кодекс РК" in damaged and "\n- 13 -\n" in damaged and "\n12\n" in damaged
    assert structure(parse_text(damaged)) == structure(parse_text(clean))


@pytest.mark.parametrize("path", RU_ARTICLES, ids=corpus_id)
def test_pdf_damaged_articles_parse_like_the_clean_ones(path: Path) -> None:
    clean = path.read_text(encoding="utf-8")
    damaged = pdf_damage(clean)
    norm = normalize(damaged)
    if damaged.count("Уголовный кодекс РК") >= 2:
        assert "Уголовный кодекс РК" not in norm.text
    doc, ref = parse_text(damaged), parse_text(clean)
    assert structure(doc) == structure(ref)
    # Offsets still point at equal characters of the damaged input.
    for i, c in enumerate(norm.text):
        if c.isalpha():
            assert damaged[norm.offsets(i)] == c


def test_a_running_head_seen_once_is_kept() -> None:
    """Once, an upper-case line beside a page number could be text (``Республики Казахстан``)."""
    text = "за пределы\n12\nРеспублики Казахстан\nили ввоз"
    assert normalize(text).text == text


def test_page_number_between_sentences_stays_unless_dashed() -> None:
    """Only a page number that interrupts a sentence is certainly furniture; ``- 12 -`` always is."""
    text = "1. Первая часть.\n12\n2. Вторая часть.\n- 13 -\n3. Третья."
    assert normalize(text).text == "1. Первая часть.\n12\n2. Вторая часть.\n3. Третья."


def test_a_number_line_that_ends_a_list_is_kept() -> None:
    text = "сроком на\n12\nмесяцев"
    assert normalize(text).text == "сроком на\nмесяцев"
    assert normalize("в размере\n12.\nмесяцев").text == "в размере\n12.\nмесяцев"


def test_long_runs_of_spaces_become_one() -> None:
    """Layout filler (more than 16 spaces) folds to one space, mapped to the run's start."""
    raw = "Кража" + " " * 40 + "x" + " " * 16 + "y"
    norm = normalize(raw)
    assert norm.text == "Кража x" + " " * 16 + "y"
    assert raw[norm.offsets(norm.text.index("x"))] == "x"
    assert raw[norm.offsets(norm.text.index("y"))] == "y"


def test_text_edit_scan_guard_keeps_every_edit() -> None:
    """The leading first-character guard of the text edits changes speed only."""
    import re

    from statuteparse.normalize import _TEXT_EDITS

    unguarded = re.compile(
        r"(?P<hyphen>(?<=[^\W\d_])[-\u00ad](?:[ \t\u00a0]*\r?\n[ \t\u00a0]*)(?=[а-яёa-z]))"
        r"|(?P<spacerun>[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]{17,})"
        r"|(?P<crlf>\r\n?)"
        r"|(?P<space>[\t\u00a0\u2007\u202f\u2000-\u200a\u3000\u000b\u000c])"
        r"|(?P<drop>[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00])"
        r"|(?P<linesep>[\u2028\u2029\x85])"
    )
    specials = "-\u00ad \t\u00a0\u2007\u202f\u2003\u3000\r\n\u000b\u000c"
    specials += "\u200b\u200c\u200d\u2060\ufeff\x00\u2028\u2029\x85"
    text = "".join(f"конфиска{c}\nцией {c}{c} 5{c}\nа" for c in specials) + " " * 20 + "x\r\n" + "a-  \r\nb"
    found = [(m.span(), m.lastgroup) for m in _TEXT_EDITS.finditer(text)]
    assert found == [(m.span(), m.lastgroup) for m in unguarded.finditer(text)]
    assert {name for _, name in found} == {"hyphen", "spacerun", "crlf", "space", "drop", "linesep"}
