"""The amendment report (statuteparse.report): HTML hooks, escaping, anchors, languages, Markdown tables.

Fast checks on the produced text (HTML parsed with html.parser); what a reader sees in a
browser is checked in test_report_browser.py. The Markdown report of a few corpus pairs is
snapshotted as .md files (tests/__snapshots__/test_report/).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from statuteparse import parse_file, parse_text
from statuteparse.diff import Diff, diff
from statuteparse.report import UI, render_html, render_markdown

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ART128 = ("kz/cc1997/art128/2006-03-02-pre.en.txt", "kz/cc1997/art128/2006-03-02.en.txt")
ART133 = ("kz/cc1997/art133/2009.ru.txt", "kz/cc1997/art133/2013.ru.txt")
ART125 = ("kz/cc1997/art125/2006-03-02-pre.en.txt", "kz/cc1997/art125/2006-03-02.en.txt")

ART128_ADDED = [
    "repeatedly",
    "by means of violence that is dangerous to life and health, or threats to use such violence",
    "with the use of weapons or objects used as weapons",
    "with regard to a pregnant woman if the guilty person was aware of her condition",
    "concerning two and more persons",
    "with a view to removing organs or tissues of the victim for the purpose of transplantation or other use",
    "by means of deceit or breach of confidence",
    "by means of abuse of power",
    "by means of exploitation of a position of material or other dependence of the victim",
]

MOVES_OLD = (
    "Статья 1. Тест\n1. Кража чужого имущества - наказывается лишением свободы на срок до двух лет.\n"
    "2. То же деяние, совершенное: а) группой лиц по предварительному сговору; "
    "б) организованной группой, - наказывается лишением свободы на срок до пяти лет.\n"
)
MOVES_NEW = (
    "Статья 1. Тест\n1. Кража чужого имущества - наказывается штрафом в размере до пятисот месячных "
    "расчетных показателей либо лишением свободы на срок до двух лет.\n"
    "2. То же деяние, совершенное: а) группой лиц по предварительному сговору; б) неоднократно, - "
    "наказывается лишением свободы на срок до пяти лет.\n"
    "3. Деяния, предусмотренные частями первой или второй настоящей статьи, совершенные: "
    "а) организованной группой; б) в отношении несовершеннолетнего, - "
    "наказываются лишением свободы на срок от пяти до десяти лет.\n"
)


def corpus_diff(pair: tuple[str, str], code: str | None = "kz-cc1997") -> Diff:
    """The diff of a corpus pair, sources relative to the corpus (stable snapshots)."""
    a, b = parse_file(CORPUS / pair[0]), parse_file(CORPUS / pair[1])
    d = diff(a, b, code_old=code, code_new=code, summary_lang=b.language)
    return Diff(pair[0], pair[1], d.articles, d.summary, d.code_old, d.code_new, d.summary_lang)


class Node:
    """An element of the parsed page: tag, attributes, children, text."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.texts: list[str] = []

    def text(self) -> str:
        return " ".join(" ".join(self.texts + [c.text() for c in self.children]).split())

    def iter(self) -> Any:
        yield self
        for c in self.children:
            yield from c.iter()

    def find_all(self, **want: str) -> list[Node]:
        return [n for n in self.iter() if all(n.attrs.get(k.replace("_", "-")) == v for k, v in want.items())]

    def by_id(self, ident: str) -> Node:
        found = self.find_all(id=ident)
        assert len(found) == 1, ident
        return found[0]


_VOID = {"meta", "input", "br", "img", "hr", "link", "line", "rect"}


class Tree(HTMLParser):
    """A small DOM built with html.parser (void and self-closing SVG elements handled)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in _VOID:
            self.cur = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.cur.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.cur))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        n: Node | None = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        assert n is not None and n.parent is not None, f"unbalanced </{tag}>"
        self.cur = n.parent

    def handle_data(self, data: str) -> None:
        self.cur.texts.append(data)


@pytest.fixture(scope="module")
def art128() -> Diff:
    return corpus_diff(ART128)


@pytest.fixture(scope="module")
def art128_html(art128: Diff) -> str:
    return render_html(art128)


def test_circumstance_rows_carry_change_hooks(art128_html: str) -> None:
    dom = Tree(art128_html).root
    part2 = dom.by_id("art-128-p2")
    rows = [n for n in part2.iter() if "circ" in n.attrs.get("class", "").split()]
    assert [r.attrs["data-change"] for r in rows] == ["unchanged", "removed"] + ["added"] * 9
    added = [r.find_all(**{"class": "cell new"})[0].text() for r in rows if r.attrs["data-change"] == "added"]
    assert [re.sub(r"^\w\) ", "", t) for t in added] == ART128_ADDED
    # every circumstance row in the page has a known hook
    allowed = {"added", "removed", "changed", "moved", "unchanged"}
    circ = [n for n in dom.iter() if "circ" in n.attrs.get("class", "").split()]
    assert circ and all(n.attrs.get("data-change") in allowed for n in circ)


def test_penalty_bars_carry_kind_side_and_months(art128_html: str) -> None:
    part1 = Tree(art128_html).root.by_id("art-128-p1")
    imp = part1.find_all(data_kind="imprisonment")
    bars = {n.attrs["data-side"]: n for n in imp if n.tag == "rect"}
    assert bars["old"].attrs["data-max"] == "12" and bars["new"].attrs["data-max"] == "60"
    assert bars["old"].attrs["data-min"] == bars["new"].attrs["data-min"] == "0"
    assert bars["old"].attrs["data-unit"] == "month"
    # drawn on one scale: widths 1:5
    assert float(bars["new"].attrs["width"]) == pytest.approx(5 * float(bars["old"].attrs["width"]))
    # the change written beside the bars
    row = [n for n in imp if n.tag == "div"][0]
    assert "up to 1 year → up to 5 years, harsher" in row.text()
    # removed kinds: an old bar only; fines in MCI get their own scale and unit
    fines = [n for n in part1.find_all(data_kind="fine") if n.tag == "rect"]
    assert {n.attrs["data-side"] for n in fines} == {"old"}
    assert {n.attrs["data-unit"] for n in fines} == {"mci", "income"}
    mci = [n for n in fines if n.attrs["data-unit"] == "mci"][0]
    assert (mci.attrs["data-min"], mci.attrs["data-max"]) == ("100", "500")
    for rect in (n for n in Tree(art128_html).root.iter() if n.tag == "rect"):
        assert rect.attrs["data-side"] in ("old", "new") and rect.attrs["data-kind"]


def test_badges_for_addons_and_gravity(art128_html: str) -> None:
    h3 = Tree(art128_html).root.by_id("art-128-p2").children[0]
    assert "additional confiscation: none → optional" in h3.text()
    assert "gravity: medium → grave" in h3.text()
    assert 'class="badge b-grav-up"' in art128_html


def test_anchors_resolve_and_are_unique(art128_html: str) -> None:
    dom = Tree(art128_html).root
    ids = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    links = [n.attrs["href"] for n in dom.iter() if n.tag == "a" and n.attrs.get("href", "").startswith("#")]
    assert links and all(h[1:] in ids for h in links)
    # the summary links every line: article-level lines to the article, part lines to the part
    summary = dom.by_id("summary")
    targets = {a.text(): a.attrs["href"] for a in summary.iter() if a.tag == "a"}
    assert (
        targets[
            'Art. 128: title changed: "Recruitment, as well as transport and transit of persons for '
            'exploitation" → "Trafficking in people"'
        ]
        == "#art-128"
    )
    assert targets["Art. 128, part 1: imprisonment up to 1 year → up to 5 years (harsher)"] == "#art-128-p1"
    assert targets["Art. 128, part 4: part added"] == "#art-128-p4"


def test_page_is_self_contained(art128_html: str) -> None:
    assert art128_html.startswith("<!DOCTYPE html>")
    assert "<style>" in art128_html and "@media print" in art128_html and "max-width: 720px" in art128_html
    for bad in ("<link", "<script", "src=", "@import", "url(", "http://", "https://"):
        assert bad not in art128_html, bad


def test_statute_text_is_escaped() -> None:
    head = "Статья 1. Тест <script>alert(1)</script>\n1. Деяние a < b & "
    old = head + "c - наказывается лишением свободы на срок до двух лет.\n"
    new = head + "d - наказывается лишением свободы на срок до трех лет.\n"
    d = diff(parse_text(old, source='<"x">'), parse_text(new, source="y&z"))
    html = render_html(d)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &lt; b &amp;" in html
    assert "&lt;&quot;x&quot;&gt;" in html and "y&amp;z" in html
    Tree(html)  # still balanced
    md = render_markdown(d)
    assert "<script" not in md and "&lt;script&gt;" in md and "a &lt; b &amp;" in md


def test_moves_are_marked_with_where_they_went() -> None:
    d = diff(parse_text(MOVES_OLD), parse_text(MOVES_NEW), code_old="kz-cc1997", code_new="kz-cc1997")
    dom = Tree(render_html(d)).root
    out = [n for n in dom.by_id("art-1-p2").find_all(data_change="moved")]
    came = [n for n in dom.by_id("art-1-p3").find_all(data_change="moved")]
    assert len(out) == len(came) == 1
    assert "организованной группой" in out[0].text() and "перенесено в ч. 3" in out[0].text()
    assert [a.attrs["href"] for a in out[0].iter() if a.tag == "a"] == ["#art-1-p3"]
    assert [a.attrs["href"] for a in came[0].iter() if a.tag == "a"] == ["#art-1-p2"]
    assert "перенесено из ч. 2" in came[0].text()
    md = render_markdown(d)
    assert "_(→ перенесено в ч. 3)_" in md and "_(← перенесено из ч. 2)_" in md


def test_reworded_circumstance_is_redlined() -> None:
    pair = ("kz/cc1997/art133/1997.en.txt", "kz/cc1997/art133/2006-03-02-pre.en.txt")
    dom = Tree(render_html(corpus_diff(pair))).root
    changed = [n for n in dom.iter() if n.attrs.get("data-change") == "changed"]
    assert changed
    for row in changed:
        tags = {n.tag for n in row.iter()}
        assert "del" in tags or "ins" in tags


def test_labels_follow_the_text_language_unless_overridden() -> None:
    ru = render_html(corpus_diff(ART133))
    assert '<html lang="ru">' in ru and ">Часть 2</a>" in ru and "Было" in ru
    en = render_html(corpus_diff(ART128))
    assert '<html lang="en">' in en and ">Part 2</a>" in en
    forced = render_html(corpus_diff(ART128), ui_lang="ru")
    assert ">Часть 2</a>" in forced and ">Part 2</a>" not in forced
    md = render_markdown(corpus_diff(ART133), ui_lang="en")
    assert "### Part 2 — changed" in md and "Часть" not in md
    with pytest.raises(ValueError, match="unsupported UI language"):
        render_html(corpus_diff(ART128), ui_lang="kk")
    assert set(UI["en"]) == set(UI["ru"])


def test_whole_code_has_contents_and_counts_unchanged_articles() -> None:
    arts = [
        "Статья 1. Первая\n1. Деяние - наказывается лишением свободы на срок до двух лет.\n",
        "Статья 2. Вторая\n1. Деяние - наказывается лишением свободы на срок до трех лет.\n",
        "Статья 3. Третья\n1. Деяние - наказывается лишением свободы на срок до пяти лет.\n",
    ]
    changed = arts[:1] + [arts[1].replace("трех", "четырех")] + arts[2:]
    d = diff(parse_text("\n".join(arts)), parse_text("\n".join(changed)))
    html = render_html(d)
    dom = Tree(html).root
    toc = [
        a.attrs["href"]
        for a in dom.by_id("summary").iter()
        if a.tag == "a" and "toc-art" in a.attrs.get("class", "")
    ]
    assert toc == ["#art-2"]
    assert [n.attrs["id"] for n in dom.iter() if n.tag == "article"] == ["art-2"]
    assert "Статей без изменений (не показаны): 2." in html
    assert "2 unchanged article(s) not shown." in render_html(d, ui_lang="en")
    md = render_markdown(d)
    assert "1. Art. 2 Вторая" not in md  # the text is Russian: Russian labels
    assert "1. Ст. 2 Вторая (изменено, изменений: 1)" in md
    assert "Статей без изменений (не показаны): 2." in md


def test_no_changes() -> None:
    doc = parse_file(CORPUS / ART128[1])
    d = diff(doc, doc)
    assert "No changes." in render_html(d)
    assert "No changes." in render_markdown(d)
    assert "<article" not in render_html(d)


def _table_rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("|")]


def test_markdown_tables_are_well_formed(art128: Diff) -> None:
    md = render_markdown(art128)
    rows = _table_rows(md)
    assert rows.count("| | Old | New |") == 4 and rows.count("|---|---|---|") == 4
    for line in rows:
        cells = re.split(r"(?<!\\)\|", line)
        assert len(cells) == 5 and cells[0] == cells[-1] == "", line
    assert "| _added_ | — | b) **repeatedly** |" in rows
    assert (
        "| ⚖ imprisonment | `██░░░░░░░░░░` up to 1 year | `████████████` up to 5 years — **harsher** |"
        in rows
    )
    title = "~~Recruitment, as well as transport and transit of persons for exploitation~~"
    assert f"## Article 128. {title} → Trafficking in people" in md


def test_markdown_escapes_table_breakers() -> None:
    old = "Статья 1. A | B\n1. Деяние *x* _y_ - наказывается лишением свободы на срок до двух лет.\n"
    new = "Статья 1. A | B\n1. Деяние *x* _z_ - наказывается лишением свободы на срок до трех лет.\n"
    md = render_markdown(diff(parse_text(old), parse_text(new)))
    assert "A \\| B" in md and "\\*x\\*" in md
    for line in _table_rows(md):
        assert len(re.split(r"(?<!\\)\|", line)) == 5, line


class MarkdownSnapshot(SingleFileSnapshotExtension):
    """One reviewable ``.md`` file per snapshot."""

    _write_mode = WriteMode.TEXT
    file_extension = "md"

    def serialize(self, data: Any, **kwargs: Any) -> str:
        return str(data)


@pytest.mark.parametrize("pair", [ART128, ART133, ART125], ids=["art128-en", "art133-ru", "art125-en"])
def test_markdown_snapshot(pair: tuple[str, str], snapshot: SnapshotAssertion) -> None:
    assert render_markdown(corpus_diff(pair)) == snapshot.use_extension(MarkdownSnapshot)
