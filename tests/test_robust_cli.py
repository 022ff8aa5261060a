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


# --------------------------------------------------------------------- issue 14: codecs, outputs, terminals


def _invoke(args: list[str], input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception escaped the CLI: {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "codec,data,reason",
    [
        ("undefined", "Статья 1. X".encode(), "cannot be decoded as undefined: "),
        ("utf_7", b"Article 1. X +2ADYAA- theft", "not text: a lone surrogate (U+D800 at character 13)"),
        (
            "raw_unicode_escape",
            b"Article 1. X \\ud800 theft",
            "not text: a lone surrogate (U+D800 at character 13)",
        ),
        ("unicode_escape", b"Article 1. X \\x theft", "cannot be decoded as unicode_escape: byte 13"),
        ("rot13", b"Article 1. X", "'rot13' is not a text encoding"),
        ("base64", b"Article 1. X", "'base64' is not a text encoding"),
        ("zlib_codec", b"Article 1. X", "'zlib_codec' is not a text encoding"),
    ],
)
@pytest.mark.parametrize("command", ["parse", "amendments"])
def test_any_codec_fails_in_one_line(
    command: str, codec: str, data: bytes, reason: str, tmp_path: Path
) -> None:
    """``--encoding undefined`` raised a bare UnicodeError; surrogates from utf_7 crashed the JSON writer."""
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    code, out, err = _invoke([command, "--encoding", codec, str(path)])
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"statuteparse: error: {path}: {reason}"), err


def _apply_args(tmp_path: Path) -> tuple[Path, Path]:
    law = tmp_path / "law.md"
    law.write_text(
        "1. В Уголовный кодекс Республики Казахстан от 16 июля 1997 года:\n\n"
        '1) в части первой статьи 6 слово "Деяние" заменить словом "Действие".\n',
        encoding="utf-8",
    )
    base = tmp_path / "base.md"
    base.write_text("#### Статья 6. Другая\n\n1. Деяние - наказывается арестом на срок до трех месяцев.\n")
    return law, base


def test_apply_refuses_one_output_over_another(tmp_path: Path) -> None:
    """``apply -o X --report X`` kept only the report, silently."""
    law, base = _apply_args(tmp_path)
    out = tmp_path / "x.md"
    code, _, err = _invoke(["apply", str(law), str(base), "-o", str(out), "--report", str(out)])
    assert code == 2 and not out.exists()
    assert err.splitlines() == [
        f"statuteparse: error: {out}: is also another output ({out}); refusing to write both"
    ]


def test_apply_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    law, base = _apply_args(tmp_path)
    before = base.read_bytes()
    code, _, err = _invoke(["apply", str(law), str(base), "-o", str(base)])
    assert code == 2 and base.read_bytes() == before
    assert err.splitlines() == [f"statuteparse: error: {base}: is also an input; refusing to overwrite it"]


def test_apply_checks_every_output_before_writing(tmp_path: Path) -> None:
    """``--report /nonexistent/r.json`` exited 2 after writing NEW."""
    law, base = _apply_args(tmp_path)
    out, report = tmp_path / "new.md", tmp_path / "missing" / "r.json"
    code, _, err = _invoke(["apply", str(law), str(base), "-o", str(out), "--report", str(report)])
    assert code == 2 and not out.exists()
    assert err.splitlines() == [f"statuteparse: error: {report}: cannot write: no folder {report.parent}"]


def test_write_errors_name_the_file(tmp_path: Path) -> None:
    """A write error said ``None: cannot write``."""
    law, base = _apply_args(tmp_path)
    folder = tmp_path / "ro"
    folder.mkdir()
    out = folder / "new.md"
    out.write_text("old")
    out.chmod(0o444)
    code, _, err = _invoke(["apply", str(law), str(base), "-o", str(out)])
    if os.geteuid() == 0:  # root may write anything: a read-only file is no test of the message
        assert code == 0 and "Действие" in out.read_text()
        code, _, err = _invoke(
            ["apply", str(law), str(base), "-o", "/dev/full", "--report", str(tmp_path / "r")]
        )
        assert code == 2
        assert err.splitlines() == ["statuteparse: error: /dev/full: cannot write: No space left on device"]
    else:
        assert code == 2 and out.read_text() == "old"
        assert err.splitlines() == [f"statuteparse: error: {out}: cannot write: permission denied"]


def test_outputs_are_replaced_atomically(tmp_path: Path) -> None:
    """Outputs were written in place: killed mid-write, the old file was left empty.  Now a new
    file is renamed over it (a new inode), and the old file's permissions are kept."""
    law, base = _apply_args(tmp_path)
    out, report = tmp_path / "new.md", tmp_path / "r.json"
    out.write_text("old")
    out.chmod(0o640)
    inode = out.stat().st_ino
    code, _, err = _invoke(["apply", str(law), str(base), "-o", str(out), "--report", str(report)])
    assert code == 0, err
    assert out.stat().st_ino != inode and (out.stat().st_mode & 0o777) == 0o640
    assert "Действие" in out.read_text(encoding="utf-8") and json.loads(report.read_text())["schema"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.md", "law.md", "new.md", "r.json"]


def test_a_failed_write_leaves_every_target_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statuteparse import output

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a")
    calls = []

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full_disk)
    with pytest.raises(output.OutputError, match=f"^{b}: cannot write: No space left on device$"):
        output.write_outputs([(str(a), "new a"), (str(b), "new b")])
    assert a.read_text() == "old a" and not b.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporary left behind


def test_report_checks_its_output_first(tmp_path: Path) -> None:
    out = tmp_path / "no" / "r.html"
    code, _, err = _invoke(["report", str(ARTICLE_RU), str(ARTICLE_RU), "-o", str(out)])
    assert code == 2 and err.splitlines() == [
        f"statuteparse: error: {out}: cannot write: no folder {out.parent}"
    ]
    code, _, err = _invoke(["report", str(ARTICLE_RU), str(ARTICLE_EN), "-o", str(ARTICLE_EN)])
    assert code == 2 and "is also an input" in err


@pytest.mark.parametrize(
    "args",
    [
        ["parse", str(ARTICLE_RU)],
        ["parse", "--format", "outline", str(ARTICLE_RU)],
        ["diff", "--format", "text", str(ARTICLE_RU), str(ARTICLE_EN)],
        ["report", str(ARTICLE_RU), str(ARTICLE_EN)],
        ["amendments", str(ROOT / "corpus/amending-other/ru-2021-07-02-311-FZ.ru.md")],
    ],
    ids=["parse", "outline", "diff", "report", "amendments"],
)
def test_full_disk_and_closed_pipe_are_one_line(args: list[str]) -> None:
    """``> /dev/full`` ended in an OSError traceback (exit 1); a closed pipe likewise."""
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "statuteparse", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=120,
        )
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [
        "statuteparse: error: <stdout>: cannot write: No space left on device"
    ]
    pipe = subprocess.Popen(
        [sys.executable, "-m", "statuteparse", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert pipe.stdout is not None and pipe.stderr is not None
    pipe.stdout.close()
    assert pipe.wait(timeout=120) == 2
    assert pipe.stderr.read().decode().splitlines() == [
        "statuteparse: error: <stdout>: cannot write: Broken pipe"
    ]


def test_max_size_stops_reading(tmp_path: Path) -> None:
    """``/dev/zero`` was read until memory ran out."""
    code, out, err = _invoke(["parse", "--max-size", "1MB", "/dev/zero"])
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "statuteparse: error: /dev/zero: larger than 1 MB (--max-size; raise it to read this input)"
    ]
    code, _, err = _invoke(["amendments", "--max-size", "1k", "-"], input=b"x" * 5000)
    assert code == 2 and err.splitlines() == [
        "statuteparse: error: <stdin>: larger than 1 kB (--max-size; raise it to read this input)"
    ]
    code, _, err = _invoke(["diff", "--max-size", "100", str(ARTICLE_RU), str(ARTICLE_RU)])
    assert code == 2 and "larger than 100 bytes" in err
    code, _, _ = _invoke(["parse", "--max-size", "10MB", str(ARTICLE_RU)])
    assert code == 0


def test_max_size_of_dev_zero_in_a_real_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "statuteparse", "parse", "/dev/zero"],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2 and b"larger than 200 MB" in proc.stderr


HOSTILE_TEXT = (
    "Статья 1. Кража\x1b]0;pwned\x07\x1b]52;c;ZWNobyBoaQ==\x07\n1. Кража\x9b2J\r - наказывается штрафом.\n"
)


def test_control_characters_are_escaped_for_a_terminal() -> None:
    from statuteparse.output import for_terminal

    assert for_terminal("a\tb\nc\x1b]0;t\x07\r\x9b") == "a\tb\nc\\e]0;t\\x07\\r\\x9b"
    assert (
        for_terminal("\x1b[31mred\x1b[0m \x1b]0;t\x07", keep_colour=True) == "\x1b[31mred\x1b[0m \\e]0;t\\x07"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "--format", "outline"],
        ["parse", "--stage", "normalized"],
        ["diff", "--format", "text", "OLD"],
    ],
    ids=["outline", "normalized", "diff-text"],
)
def test_a_terminal_sees_no_control_characters(args: list[str], tmp_path: Path) -> None:
    """OSC title and clipboard sequences in statute text reached the terminal."""
    import pty

    path = tmp_path / "evil.txt"
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    old = tmp_path / "old.txt"
    old.write_text("Статья 1. Кража\n1. Кража - наказывается арестом.\n", encoding="utf-8")
    args = [str(old) if a == "OLD" else a for a in args]
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "statuteparse", *args, str(path)],
        stdout=follower,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: the process has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "Кража" in shown
    assert "\x07" not in shown and "\x1b]" not in shown and "\x9b" not in shown
    assert "\\e]0;pwned\\x07" in shown
