"""Bad input through the command line: every input parses (exit 0) or fails in one line (exit 2).

The contract (``statuteparse.cli``): exit 0 when a document was produced, with
diagnostics where the text was not understood; exit 2 for unusable input, with exactly
one line on stderr that names the file and the reason; never a traceback, never a hang.

Each row of ``MATRIX`` builds one input in a temporary folder and states the exit code
and what the one stderr line says (or what the JSON must hold).  The 20 MB row runs
only with ``STATUTEPARSE_SLOW=1`` (it takes about a minute); a 2 MB row always runs.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from corpus_util import CORPUS, ROOT, WHOLE

from statuteparse.cli import main

ARTICLE_RU = CORPUS / "kz/cc1997/art128/2010.ru.txt"
ARTICLE_EN = CORPUS / "kz/cc1997/art113/2006-03-02-pre.en.txt"
WHOLE_CODE = WHOLE / "cc1997-2010.ru.md"
SLOW = bool(os.environ.get("STATUTEPARSE_SLOW"))


def undecodable() -> bytes:
    """Bytes that are not UTF-8, not lower-case Russian in any code page, and that charset-normalizer rejects.

    cp1251 alone would read them (it maps all but one byte to a character), so "undecodable"
    means: no code page gives plausible text.  Checked in ``test_undecodable_bytes_are_rejected``.
    """
    rng = random.Random(0)
    return bytes(rng.choice(range(1, 256)) for _ in range(300))


def truncated() -> str:
    text = ARTICLE_RU.read_text(encoding="utf-8")
    cut = text.index("лишением свободы на срок от пяти") + 25  # mid-sanction of part 2
    return text[:cut]


def whole_code_times(n: int) -> bytes:
    if not WHOLE_CODE.is_file():
        pytest.skip("whole code not available")
    return WHOLE_CODE.read_bytes() * n


@attrs.frozen
class Case:
    """One row: how to build the input, the exit code, and a check of stdout or the stderr line."""

    id: str
    build: Callable[[Path], list[str]]
    """Writes the input under the folder and returns the CLI arguments after ``parse``."""
    exit_code: int
    stderr: str | None = None
    """For exit 2: the exact stderr line, with ``{path}`` for the input path."""
    check: Callable[[dict[str, Any]], None] | None = None
    slow: bool = False


def write(name: str, data: bytes | Callable[[], bytes], *extra: str) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return [str(path), *extra]

    return build


def text(name: str, body: str | Callable[[], str], *extra: str) -> Callable[[Path], list[str]]:
    return write(name, lambda: (body() if callable(body) else body).encode("utf-8"), *extra)


def has_articles(
    *numbers: str,
    langs: tuple[str, ...] | None = None,
    diagnostics: bool | None = None,
) -> Callable[[dict[str, Any]], None]:
    def check(doc: dict[str, Any]) -> None:
        got = [a["number"] for a in doc["articles"]]
        assert got[: len(numbers)] == list(numbers), got[:10]
        if langs is not None:
            assert [a["language"] for a in doc["articles"]] == list(langs)
        if diagnostics is not None:
            assert bool(doc["diagnostics"]) == diagnostics, doc["diagnostics"][:3]

    return check


def markers_on_one_line(doc: dict[str, Any]) -> None:
    assert [a["number"] for a in doc["articles"]] == ["1"]


def count_articles(n: int) -> Callable[[dict[str, Any]], None]:
    def check(doc: dict[str, Any]) -> None:
        assert len(doc["articles"]) == n

    return check


MATRIX: list[Case] = [
    Case("missing-file", lambda d: [str(d / "nope.txt")], 2, "{path}: no such file"),
    # A folder is a batch of the files in it (tests/test_batch.py: an empty one is an error record, exit 2).
    Case("empty-file", write("empty.txt", b""), 2, "{path}: empty file"),
    Case("whitespace-only", write("ws.txt", b" \n\t\r\n  \n"), 2, "{path}: empty input (only whitespace)"),
    Case(
        "nbsp-and-bom-only",
        text("nbsp.txt", "\ufeff\u00a0\u00a0\n\u200b"),
        2,
        "{path}: empty input (no text)",
    ),
    Case(
        "binary-nul",
        write("nul.bin", b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256))),
        2,
        "{path}: binary data (NUL bytes), not text",
    ),
    Case(
        "undecodable-bytes",
        write("junk.bin", undecodable),
        2,
        "{path}: undecodable text (not UTF-8, UTF-16, cp1251 or KOI8-R)",
    ),
    Case(
        "cp1251-forced-utf8",
        write(
            "cp1251.txt",
            lambda: ARTICLE_RU.read_text(encoding="utf-8").encode("cp1251"),
            "--encoding",
            "utf-8",
        ),
        2,
        "{path}: cannot be decoded as utf-8: byte 0",
    ),
    Case(
        "unknown-encoding",
        text("a.txt", "Статья 1. X", "--encoding", "x-nonesuch"),
        2,
        "{path}: unknown encoding 'x-nonesuch'",
    ),
    Case(
        "prose-no-article",
        text("prose.txt", "Это просто текст без статей. Погода хорошая.\n"),
        2,
        "{path}: no statute article found (expected e.g. 'Статья 128.' or 'Article 128:')",
    ),
    Case(
        "truncated-mid-sanction", text("trunc.txt", truncated), 0, check=has_articles("128", diagnostics=True)
    ),
    Case(
        "million-char-line",
        text("long.txt", lambda: "Статья 1. Длинная\n1. " + ("слово " * 166_667)[:1_000_000]),
        0,
        check=has_articles("1"),
    ),
    Case(
        "million-char-line-no-spaces",
        text("long2.txt", lambda: "Статья 1. X\n1. " + "ж" * 1_000_000),
        0,
        check=has_articles("1"),
    ),
    Case(
        "repeated-markers-one-line",
        text("m1.txt", lambda: "Статья 1. Метки\n" + "а) " * 10_000 + "\n"),
        0,
        check=markers_on_one_line,
    ),
    Case(
        "repeated-markers-lines",
        text("m2.txt", lambda: "Статья 1. Метки\n" + "а)\n" * 10_000),
        0,
        check=has_articles("1"),
    ),
    Case(
        "repeated-markers-en",
        text("m3.txt", lambda: "Article 1: Marks\n" + "a) " * 10_000 + "\n"),
        0,
        check=has_articles("1"),
    ),
    Case(
        "repeated-part-numbers",
        text("m4.txt", lambda: "Статья 1. X\n" + "1. " * 10_000 + "\n"),
        0,
        check=has_articles("1"),
    ),
    Case(
        "repeated-sanction-verbs",
        text("m5.txt", lambda: "Статья 1. X\n1. Кража - " + "наказывается " * 5_000),
        0,
        check=has_articles("1", diagnostics=True),
    ),
    Case(
        "repeated-open-parens",
        text("m6.txt", lambda: "Статья 1. X\n1. " + "(В редакции " * 5_000 + "\n"),
        0,
        check=has_articles("1"),
    ),
    Case(
        "mixed-ru-en",
        text(
            "mixed.txt",
            lambda: ARTICLE_RU.read_text(encoding="utf-8") + "\n" + ARTICLE_EN.read_text(encoding="utf-8"),
        ),
        0,
        check=has_articles("128", "113", langs=("ru", "en")),
    ),
    Case("whole-code-2x", write("code2.md", lambda: whole_code_times(2)), 0, check=count_articles(2 * 416)),
    Case(
        "whole-code-20MB",
        write("code20.md", lambda: whole_code_times(22)),
        0,
        check=count_articles(22 * 416),
        slow=True,
    ),
]


def run_cli(args: list[str], input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["parse", "--compact", *args], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception escaped the CLI: {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", MATRIX, ids=[c.id for c in MATRIX])
def test_bad_input_matrix(case: Case, tmp_path: Path) -> None:
    if case.slow and not SLOW:
        pytest.skip("set STATUTEPARSE_SLOW=1 to run the 20 MB input (about a minute)")
    args = case.build(tmp_path)
    code, out, err = run_cli(args)
    assert code == case.exit_code, err
    assert "Traceback" not in err
    if case.exit_code == 2:
        assert out == ""
        assert err.splitlines() == ["statuteparse: error: " + case.stderr.format(path=args[0])]  # type: ignore[union-attr]
    else:
        doc = json.loads(out)
        assert doc["schema"] == "statuteparse/document/1"
        if case.check is not None:
            case.check(doc)


@pytest.mark.parametrize(
    "data,line",
    [
        (b"", "<stdin>: empty file"),
        (b"   \n", "<stdin>: empty input (only whitespace)"),
        (b"\x00\x01", "<stdin>: binary data (NUL bytes), not text"),
    ],
    ids=["empty", "whitespace", "binary"],
)
def test_bad_stdin_is_one_line(data: bytes, line: str) -> None:
    code, out, err = run_cli(["-"], input=data)
    assert (code, out, err.splitlines()) == (2, "", ["statuteparse: error: " + line])


def test_undecodable_bytes_are_rejected() -> None:
    """The junk of the matrix is what it claims: not UTF-8, and charset-normalizer finds no code page."""
    from charset_normalizer import from_bytes

    data = undecodable()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert (
        from_bytes(
            data, cp_isolation=["cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic", "cp1252", "latin_1"]
        ).best()
        is None
    )
    data.decode("cp1251", errors="strict") if 0x98 not in data else None  # cp1251 lacks only 0x98


@pytest.mark.parametrize(
    "case_id",
    ["missing-file", "binary-nul", "prose-no-article", "truncated-mid-sanction", "repeated-markers-one-line"],
)
def test_real_process_never_shows_a_traceback(case_id: str, tmp_path: Path) -> None:
    """``python -m statuteparse`` in a real process: exit code and stderr as in the matrix."""
    case = next(c for c in MATRIX if c.id == case_id)
    args = case.build(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "statuteparse", "parse", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == case.exit_code, err
    assert "Traceback" not in err
    if case.exit_code == 2:
        assert err.splitlines() == ["statuteparse: error: " + case.stderr.format(path=args[0])]  # type: ignore[union-attr]
    else:
        assert err == ""
        json.loads(proc.stdout)
