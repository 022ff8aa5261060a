"""The command line: output, stdin, exit codes and one-line errors (no tracebacks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_util import CORPUS

from statuteparse import __version__
from statuteparse.cli import main

ARTICLE = CORPUS / "kz/cc1997/art128/2010.ru.txt"


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_parse_prints_contract_json() -> None:
    code, out, err = run("parse", str(ARTICLE))
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "statuteparse/document/1"
    assert [a["number"] for a in doc["articles"]] == ["128"]


def test_parse_reads_stdin_with_dash() -> None:
    code, out, _ = run("parse", "-", input=ARTICLE.read_bytes())
    assert code == 0
    assert json.loads(out)["source"] == "<stdin>"


def test_compact_is_one_line() -> None:
    code, out, _ = run("parse", "--compact", str(ARTICLE))
    assert code == 0 and out.count("\n") == 1


def test_lang_option_overrides_detection() -> None:
    code, out, _ = run("parse", "--lang", "en", str(ARTICLE))
    assert code == 0
    assert json.loads(out)["articles"][0]["language"] == "en"


def test_strict_exits_1_on_diagnostics(tmp_path: Path) -> None:
    f = tmp_path / "cut.txt"
    f.write_text(
        "Статья 5. Кража\n1. Кража -\nнаказывается лишением свободы на срок от пяти до ужасно многих лет.\n",
        encoding="utf-8",
    )
    code, out, _ = run("parse", "--strict", str(f))
    assert code == 1
    assert json.loads(out)["diagnostics"]
    assert run("parse", str(f))[0] == 0
    assert run("parse", "--strict", str(ARTICLE))[0] == 0


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\t\n", "empty"),
        ("binary.bin", b"\x00\x01\x02statute\x00", "binary"),
        ("prose.txt", "Сегодня хорошая погода, и мы идём гулять в парк.\n".encode(), "no statute article"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    f = tmp_path / name
    if content is not None:
        f.write_bytes(content)
    code, out, err = run("parse", str(f))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(f) in lines[0] and reason in lines[0]


def test_directory_exits_2(tmp_path: Path) -> None:
    code, _, err = run("parse", str(tmp_path))
    assert code == 2 and "directory" in err and len(err.strip().splitlines()) == 1


def test_schema_command_prints_json_schema() -> None:
    code, out, _ = run("schema", "parse")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_python_dash_m_runs_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00" * 10)
    proc = subprocess.run(
        [sys.executable, "-m", "statuteparse", "parse", str(bad)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_diff_exit_codes_like_diff1() -> None:
    old = CORPUS / "kz/cc1997/art128/2006-03-02-pre.en.txt"
    new = CORPUS / "kz/cc1997/art128/2006-03-02.en.txt"
    code, out, _ = run("diff", "--code", "kz-cc1997", str(old), str(new))
    assert code == 1
    doc = json.loads(out)
    assert doc["schema"] == "statuteparse/diff/1" and doc["summary"]
    assert run("diff", str(new), str(new))[0] == 0
    code, _, err = run("diff", str(new), str(CORPUS / "missing.txt"))
    assert code == 2 and "no such file" in err


def test_diff_text_view_is_plain_when_not_a_terminal() -> None:
    old = CORPUS / "kz/cc1997/art270/2009.ru.txt"
    new = CORPUS / "kz/cc1997/art270/2010.ru.txt"
    code, out, _ = run("diff", "--format", "text", "--summary-lang", "ru", str(old), str(new))
    assert code == 1
    assert "\x1b[" not in out
    assert "Ст. 270" in out


def test_report_command_writes_one_html_file(tmp_path: Path) -> None:
    old = CORPUS / "kz/cc1997/art128/2006-03-02-pre.en.txt"
    new = CORPUS / "kz/cc1997/art128/2006-03-02.en.txt"
    out = tmp_path / "report.html"
    code, _, err = run("report", "--code", "kz-cc1997", str(old), str(new), "-o", str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert html.count('data-change="added"') >= 9
    assert "http://" not in html and "https://" not in html
    code, md, _ = run("report", "--format", "md", str(old), str(new))
    assert code == 0 and "| Old | New |" in md


def test_amendments_and_apply_commands(tmp_path: Path) -> None:
    law = CORPUS / "kz/amending/law-2009-12-10-227-IV-rus49440.ru.md"
    code, out, _ = run("amendments", "--compact", str(law))
    assert code == 0
    assert json.loads(out)["schema"] == "statuteparse/amendments/1"
    base = tmp_path / "base.txt"
    base.write_text((CORPUS / "kz/cc1997/art270/2009.ru.txt").read_text(encoding="utf-8"), encoding="utf-8")
    new = tmp_path / "new.txt"
    report = tmp_path / "report.json"
    code, _, err = run(
        "apply", "--act", "kz-cc1997", str(law), str(base), "-o", str(new), "--report", str(report)
    )
    assert "Traceback" not in err
    assert new.exists() and json.loads(report.read_text(encoding="utf-8"))
    assert "организованной группой либо неоднократно" in " ".join(new.read_text(encoding="utf-8").split())
    code, _, err = run("apply", str(law), str(tmp_path / "missing.txt"), "-o", str(new))
    assert code == 2 and "no such file" in err


def test_diff_parses_big_inputs_side_by_side_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    old = str(CORPUS / "kz/cc1997/art128/2009.ru.txt")
    new = str(CORPUS / "kz/cc2014/art128/2020.ru.txt")
    sequential = run("diff", old, new)
    monkeypatch.setenv("STATUTEPARSE_PARALLEL_THRESHOLD", "0")  # treat every file as big: fork path
    parallel = run("diff", old, new)
    assert parallel == sequential
    code, _, err = run("diff", old, str(CORPUS / "missing.txt"))
    assert code == 2 and "no such file" in err and len(err.strip().splitlines()) == 1


def test_debug_stages_show_normalised_text_and_trees() -> None:
    html = (
        "<p><b>Статья 5. Кража</b></p><p>1. Кража &ndash;</p>"
        "<p>наказывается арестом на срок до трех месяцев.</p>"
    )
    code, out, _ = run("parse", "--stage", "normalized", "-", input=html.encode("utf-8"))
    assert code == 0 and "<p>" not in out and "Кража –" in out
    code, out, _ = run("parse", "--stage", "tree", str(ARTICLE))
    assert code == 0
    assert "== article 128" in out and "-- sanction of part 4" in out and "addon_with" in out
