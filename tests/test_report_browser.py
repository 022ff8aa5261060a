"""The amendment report as a reader sees it: rendered in headless Chromium through Playwright.

Uses the system's Chromium (``/usr/bin/chromium``, or ``$STATUTEPARSE_CHROMIUM``); Playwright
never downloads a browser here. Without Playwright or a Chromium that starts, every test is
skipped with the reason. Screenshots (and a PDF printout) go to ``artifacts/`` (gitignored).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from statuteparse import parse_file
from statuteparse.diff import diff
from statuteparse.report import render_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ARTIFACTS = ROOT / "artifacts"
ART128 = ("kz/cc1997/art128/2006-03-02-pre.en.txt", "kz/cc1997/art128/2006-03-02.en.txt")
ART133 = ("kz/cc1997/art133/2009.ru.txt", "kz/cc1997/art133/2013.ru.txt")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    """Path of the system Chromium, or skip saying what is missing."""
    env = os.environ.get("STATUTEPARSE_CHROMIUM")
    for cand in (env, "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    pytest.skip(
        "no Chromium found (looked at $STATUTEPARSE_CHROMIUM, /usr/bin/chromium, chromium on PATH); "
        "install it with `apt-get install -y chromium` (.ci/run does) to run the browser tests"
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A Chromium context with a fresh profile; skipped (with the reason) when none can start."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install '.[browser]')"
    )
    exe = _chromium()
    profile = tempfile.mkdtemp(prefix="statuteparse-chromium-")
    with sync_api.sync_playwright() as pw:
        try:
            ctx = pw.chromium.launch_persistent_context(
                profile,
                executable_path=exe,
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": 1280, "height": 900},
                offline=True,
            )
        except Exception as exc:  # the browser exists but cannot start here (sandbox, libraries)
            pytest.skip(f"{exe} did not start: {str(exc).splitlines()[0]}")
        try:
            yield ctx
        finally:
            ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


def _report(pair: tuple[str, str], name: str) -> Path:
    a, b = parse_file(CORPUS / pair[0]), parse_file(CORPUS / pair[1])
    d = diff(a, b, code_old="kz-cc1997", code_new="kz-cc1997", summary_lang=b.language)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.html"
    path.write_text(render_html(d), encoding="utf-8")
    return path


class Page:
    """A page opened on a report, recording console errors and uncaught exceptions."""

    def __init__(self, ctx: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.page = ctx.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")


def test_art128_report_in_browser(browser: Any) -> None:
    path = _report(ART128, "report-art128")
    view = Page(browser, path)
    page = view.page

    # the 9 added circumstances of part 2 are visible and marked added
    added = page.locator('#art-128-p2 .row.circ[data-change="added"]')
    assert added.count() == 9
    for i in range(9):
        row = added.nth(i)
        assert row.is_visible()
        cell = row.locator(".cell.new")
        assert cell.is_visible()
        bg = cell.evaluate("e => getComputedStyle(e).backgroundColor")
        assert bg not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), bg  # highlighted
    assert "repeatedly" in added.nth(0).inner_text()
    removed = page.locator('#art-128-p2 .row.circ[data-change="removed"] .cell.old del')
    assert removed.count() == 1 and "minor" in removed.inner_text()
    assert "line-through" in removed.evaluate("e => getComputedStyle(e).textDecorationLine")

    # part 1 chart: an old bar for 1 year, a new one for 5 years, on one scale
    old = page.locator('#art-128-p1 rect[data-kind="imprisonment"][data-side="old"]')
    new = page.locator('#art-128-p1 rect[data-kind="imprisonment"][data-side="new"]')
    assert old.get_attribute("data-max") == "12" and new.get_attribute("data-max") == "60"
    assert old.is_visible() and new.is_visible()
    bo, bn = old.bounding_box(), new.bounding_box()
    assert bo is not None and bn is not None
    assert bo["width"] > 20
    assert bn["width"] / bo["width"] == pytest.approx(5.0, rel=0.03)
    assert bo["x"] == pytest.approx(bn["x"], abs=1.0)  # both start at zero
    change = page.locator('#art-128-p1 .pen[data-kind="imprisonment"] .pen-change')
    assert change.inner_text().strip() == "up to 1 year → up to 5 years, harsher"

    # summary links lead to the parts
    page.locator('#summary a[href="#art-128-p4"]').click()
    assert page.evaluate("location.hash") == "#art-128-p4"

    page.screenshot(path=str(ARTIFACTS / "report-art128.png"), full_page=True)

    # a phone: the columns stack (old above new), nothing wider than the screen
    page.set_viewport_size({"width": 390, "height": 844})
    row = page.locator('#art-128-p2 .row.circ[data-change="unchanged"]').first
    o, n = row.locator(".cell.old").bounding_box(), row.locator(".cell.new").bounding_box()
    assert o is not None and n is not None
    assert n["y"] >= o["y"] + o["height"] - 1 and abs(n["x"] - o["x"]) < 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "report-art128-phone.png"), full_page=True)

    # print: the screen-only toggle disappears, the page prints to PDF
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    assert not page.locator(".toggle-label").is_visible()
    page.pdf(path=str(ARTIFACTS / "report-art128.pdf"), format="A4", print_background=True)
    assert (ARTIFACTS / "report-art128.pdf").stat().st_size > 10_000

    assert view.errors == []


def test_art133_russian_report_in_browser(browser: Any) -> None:
    view = Page(browser, _report(ART133, "report-art133"))
    page = view.page
    assert page.locator("#art-133-p2 h3").inner_text().startswith("Часть 2")
    added = page.locator('#art-133-p2 .row.circ[data-change="added"]')
    assert added.count() == 3
    assert all(added.nth(i).is_visible() for i in range(3))
    # unchanged terms: both bars the same width
    bo = page.locator('#art-133-p2 rect[data-kind="imprisonment"][data-side="old"]').bounding_box()
    bn = page.locator('#art-133-p2 rect[data-kind="imprisonment"][data-side="new"]').bounding_box()
    assert bo is not None and bn is not None and bo["width"] == pytest.approx(bn["width"], abs=0.5)
    badge = page.locator("#art-133-p1 .badge.b-addon")
    assert "факультативное → обязательное" in badge.inner_text()
    page.screenshot(path=str(ARTIFACTS / "report-art133.png"), full_page=True)
    assert view.errors == []
