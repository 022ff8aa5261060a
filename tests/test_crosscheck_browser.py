"""The translation check's HTML section (``statuteparse report --crosscheck``) as a reader sees it.

Rendered in headless Chromium through Playwright with the same browser fixture as the
amendment report's test (system Chromium only; every test is skipped, with the reason,
when Playwright or a Chromium that starts is missing). Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_report_browser import ARTIFACTS, CORPUS, Page, browser  # noqa: F401  (browser is a fixture)

from statuteparse import parse_file, parse_text
from statuteparse.cli import main
from statuteparse.crosscheck import crosscheck
from statuteparse.report import render_crosscheck_html

pytestmark = pytest.mark.browser

ART133 = (CORPUS / "kz/cc1997/art133/2006-03-02.ru.txt", CORPUS / "kz/cc1997/art133/2006-03-02.en.txt")
ART128 = (CORPUS / "kz/cc1997/art128/2006-03-02.ru.txt", CORPUS / "kz/cc1997/art128/2006-03-02.en.txt")

TRANSPARENT = ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")


def _cli_report(pair: tuple[Path, Path], name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.html"
    r = CliRunner().invoke(main, ["report", "--crosscheck", str(pair[0]), str(pair[1]), "-o", str(path)])
    assert r.exit_code == 0, r.output
    return path


def _bg(locator: Any) -> str:
    return str(locator.evaluate("e => getComputedStyle(e).backgroundColor"))


def test_art133_finding_highlighted_side_by_side(browser: Any) -> None:  # noqa: F811
    view = Page(browser, _cli_report(ART133, "crosscheck-art133"))
    page = view.page
    assert page.locator("#crosscheck").get_attribute("data-agrees") == "false"
    items = page.locator("li.xc-finding")
    assert items.count() == 1
    assert items.first.get_attribute("data-severity") == "serious"
    assert items.first.get_attribute("data-code") == "addon-mode"
    assert "mandatory in the original, optional in the translation" in items.first.inner_text()

    part4 = page.locator("#xc-art-133-p4")
    assert part4.get_attribute("data-status") == "disagrees"
    orig = part4.locator('mark.xc[data-side="original"][data-finding="1"]')
    trans = part4.locator('mark.xc[data-side="translation"][data-finding="1"]')
    assert orig.count() == 1 and trans.count() == 1
    assert orig.is_visible() and trans.is_visible()
    assert orig.inner_text().startswith("с конфискацией имущества")
    assert trans.inner_text().startswith("with or without confiscation of property")
    assert _bg(orig) not in TRANSPARENT and _bg(trans) not in TRANSPARENT
    assert _bg(orig) == _bg(trans)  # one colour per severity

    # the two texts side by side: same row, original on the left
    bo = part4.locator(".cell.original").bounding_box()
    bt = part4.locator(".cell.translation").bounding_box()
    assert bo is not None and bt is not None
    assert bt["x"] > bo["x"] + bo["width"] - 1 and abs(bt["y"] - bo["y"]) < 2

    # the parts that agree carry no highlight
    for n in (1, 2, 3):
        sec = page.locator(f"#xc-art-133-p{n}")
        assert sec.get_attribute("data-status") == "agrees"
        assert sec.locator("mark.xc").count() == 0

    # the finding in the list leads to its words in the original
    items.first.locator("a").click()
    assert page.evaluate("location.hash") == "#xc-f1-o"
    page.screenshot(path=str(ARTIFACTS / "crosscheck-art133.png"), full_page=True)

    # a phone: the columns stack, nothing wider than the screen
    page.set_viewport_size({"width": 390, "height": 844})
    bo = part4.locator(".cell.original").bounding_box()
    bt = part4.locator(".cell.translation").bounding_box()
    assert bo is not None and bt is not None
    assert bt["y"] >= bo["y"] + bo["height"] - 1 and abs(bt["x"] - bo["x"]) < 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert view.errors == []


def test_agreeing_translation_has_no_highlight(browser: Any) -> None:  # noqa: F811
    view = Page(browser, _cli_report(ART128, "crosscheck-art128"))
    page = view.page
    assert page.locator("#crosscheck").get_attribute("data-agrees") == "true"
    assert page.locator("#crosscheck p.none").is_visible()
    assert page.locator("mark.xc").count() == 0
    assert page.locator(".xc-part").count() == 4
    assert page.locator('.xc-part[data-status="agrees"]').count() == 4
    assert view.errors == []


def test_deleted_item_marked_in_original_and_part_flagged_in_translation(browser: Any) -> None:  # noqa: F811
    en = ART128[1].read_text(encoding="utf-8").replace("<p>f) concerning two and more persons;</p> ", "")
    x = crosscheck(parse_file(ART128[0]), parse_text(en, source="edited.en.txt"))
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "crosscheck-item-deleted.html"
    path.write_text(render_crosscheck_html(x, ui_lang="ru"), encoding="utf-8")
    view = Page(browser, path)
    page = view.page
    assert page.locator("li.xc-finding").first.get_attribute("data-severity") == "structural"
    assert page.locator("#crosscheck h2").inner_text() == "Расхождения"
    mark = page.locator('#xc-art-128-p2 mark.xc[data-side="original"]')
    assert mark.count() == 1 and mark.inner_text().startswith("е) в отношении двух и более лиц")
    assert _bg(mark) not in TRANSPARENT
    flagged = page.locator('#xc-art-128-p2 .cell.translation[data-findings="1"]')
    assert flagged.count() == 1 and flagged.is_visible()
    assert page.locator("#xc-art-128-p1 mark.xc, #xc-art-128-p1 .cell[data-findings]").count() == 0
    page.screenshot(path=str(ARTIFACTS / "crosscheck-item-deleted.png"), full_page=True)
    assert view.errors == []
