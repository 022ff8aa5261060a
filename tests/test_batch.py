"""Many inputs in one call: ``statuteparse parse|stats PATH…`` and :func:`statuteparse.parse_many`.

The guarantees of :mod:`statuteparse.batch`: one result per input in input order, with
any number of processes; each JSON line is byte for byte what ``parse --compact FILE``
prints; an unusable input (or a dead worker) is an error record in its place, the rest
go on, and the exit status is 2 once all were tried.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_util import CORPUS, ROOT, SHARED

import statuteparse
from statuteparse.batch import Failure, Input, expand_inputs, json_line, process_many
from statuteparse.cli import main

ART128 = CORPUS / "kz" / "cc1997" / "art128"
SOME = [
    CORPUS / "kz" / "cc1997" / "art128" / "2010.ru.txt",
    CORPUS / "kz" / "cc1997" / "art270" / "2009.ru.txt",
    CORPUS / "kz" / "coao2001" / "art396" / "part1-2006-03-02.en.txt",
    CORPUS / "kz" / "cc2014" / "art125" / "2020.ru.txt",
    CORPUS / "kz" / "cc1997" / "art133" / "1997.en.txt",
]


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception escaped the CLI: {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


def single(path: Path) -> str:
    """What ``statuteparse parse --compact PATH`` prints for one file (without the newline)."""
    code, out, _ = run("parse", "--compact", str(path))
    assert code == 0
    return out.rstrip("\n")


# --- finding the inputs --------------------------------------------------------------


def test_folders_are_searched_recursively_sorted_and_filtered(tmp_path: Path) -> None:
    for rel in ["b/2.txt", "a/1.txt", "a/z/3.md", "a/skip.py", ".hidden/4.txt", "a/.5.txt", "c.html"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = [os.path.relpath(i.source, tmp_path) for i in expand_inputs([tmp_path])]
    assert found == ["a/1.txt", "a/z/3.md", "b/2.txt", "c.html"]
    assert [os.path.relpath(i.source, tmp_path) for i in expand_inputs([tmp_path], ["*.md"])] == ["a/z/3.md"]
    # a pattern with a slash is matched against the path inside the folder
    assert [os.path.relpath(i.source, tmp_path) for i in expand_inputs([tmp_path], ["b/*"])] == ["b/2.txt"]


def test_inputs_keep_the_order_given_and_files_are_taken_as_given(tmp_path: Path) -> None:
    items = expand_inputs([SOME[1], ART128, "-", tmp_path / "missing.txt"])
    sources = [i.source for i in items]
    assert sources[0] == str(SOME[1])
    assert sources[1:8] == sorted(str(p) for p in ART128.glob("*.txt"))
    assert sources[8:] == ["-", str(tmp_path / "missing.txt")]
    assert items[1].size == (ART128 / "2003.en.txt").stat().st_size


def test_an_empty_folder_is_one_input_with_a_problem(tmp_path: Path) -> None:
    (item,) = expand_inputs([tmp_path])
    assert item.problem is not None and "directory" in item.problem


# --- the parse command -----------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_many_files_give_json_lines_byte_identical_to_one_file_runs(jobs: str) -> None:
    code, out, err = run("parse", "--jobs", jobs, *map(str, SOME))
    assert (code, err) == (0, "")
    assert out.splitlines() == [single(p) for p in SOME]


def test_jobs_1_and_2_write_the_same_stream_in_input_order() -> None:
    folder = str(CORPUS / "kz" / "cc1997")
    one = run("parse", "--jobs", "1", folder, "--glob", "*.txt")
    two = run("parse", "--jobs", "2", folder, "--glob", "*.txt")
    assert one == two and one[0] == 0
    sources = [json.loads(line)["source"] for line in one[1].splitlines()]
    assert sources == sorted(str(p) for p in (CORPUS / "kz" / "cc1997").rglob("*.txt"))


def test_jsonl_with_one_file_is_one_line() -> None:
    code, out, _ = run("parse", "--jsonl", str(SOME[0]))
    assert code == 0 and out == single(SOME[0]) + "\n"


def test_a_folder_alone_is_a_batch() -> None:
    code, out, _ = run("parse", str(ART128))
    assert code == 0 and len(out.splitlines()) == len(list(ART128.glob("*.txt")))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_file_in_the_middle_of_a_folder_is_an_error_record(tmp_path: Path, jobs: str) -> None:
    for p in SOME[:3]:
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "2010.ru.txt").rename(tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")  # sorts between the good ones
    (tmp_path / "c.txt").write_text("", encoding="utf-8")
    (tmp_path / "d.txt").write_text("Just some prose, no article here.\n", encoding="utf-8")
    code, out, err = run("parse", "--jobs", jobs, str(tmp_path))
    assert code == 2
    records = [json.loads(line) for line in out.splitlines()]
    names = sorted(p.name for p in tmp_path.iterdir())
    assert [Path(r["source"]).name for r in records] == names
    errors = {Path(r["source"]).name: r["error"] for r in records if "error" in r}
    assert set(errors) == {"b.txt", "c.txt", "d.txt"}
    assert all(set(r) == {"source", "error"} for r in records if "error" in r)
    assert "binary" in errors["b.txt"] and "empty" in errors["c.txt"] and "article" in errors["d.txt"]
    good = [r for r in records if "error" not in r]
    assert len(good) == 3 and all(r["schema"] == "statuteparse/document/1" for r in good)
    assert err.splitlines() == [f"statuteparse: error: {tmp_path / n}: {errors[n]}" for n in sorted(errors)]
    assert "Traceback" not in err


def test_a_missing_file_and_an_empty_folder_do_not_stop_the_others(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run("parse", str(tmp_path / "nope.txt"), str(SOME[0]), str(empty))
    assert code == 2
    lines = out.splitlines()
    assert json.loads(lines[0]) == {"source": str(tmp_path / "nope.txt"), "error": "no such file"}
    assert lines[1] == single(SOME[0])
    assert json.loads(lines[2])["error"].startswith("a directory with no file matching")
    assert len(err.splitlines()) == 2


def test_stdin_among_files() -> None:
    code, out, _ = run("parse", str(SOME[1]), "-", input=SOME[0].read_bytes())
    assert code == 0
    first, second = out.splitlines()
    assert first == single(SOME[1])
    assert json.loads(second)["source"] == "<stdin>"
    assert json.loads(second)["articles"] == json.loads(single(SOME[0]))["articles"]


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    code, _, err = run("parse", str(CORPUS / "kz" / "cc1997"))
    assert code == 0 and err == ""


def test_outline_of_many_inputs_has_a_header_per_input(tmp_path: Path) -> None:
    outline = run("parse", "--format", "outline", str(SOME[0]))[1]
    code, out, _ = run("parse", "--format", "outline", str(SOME[0]), str(tmp_path / "nope.txt"))
    assert code == 2
    assert out.startswith(f"==> {SOME[0]} <==\n{outline}")
    assert out.endswith(f"==> {tmp_path / 'nope.txt'} <==\nerror: no such file\n")


def test_debug_stages_take_one_file() -> None:
    code, _, err = run("parse", "--stage", "tree", str(SOME[0]), str(SOME[1]))
    assert code == 2 and "single file" in err


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code, out, _ = run("parse", str(SOME[0]), str(SOME[1]), "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").splitlines() == [single(SOME[0]), single(SOME[1])]


def test_strict_counts_diagnostics_over_all_inputs() -> None:
    bad = ROOT / "tests" / "fixtures" / "readme" / "unreadable.ru.txt"
    assert run("parse", "--strict", str(SOME[0]), str(bad))[0] == 1
    assert run("parse", "--strict", str(SOME[0]), str(SOME[1]))[0] == 0


# --- stats ----------------------------------------------------------------------------------


def test_stats_of_a_folder_with_a_bad_file(tmp_path: Path) -> None:
    shutil.copy(SOME[0], tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    code, out, err = run("stats", "--jsonl", str(tmp_path))
    assert code == 2
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["source"] == str(tmp_path / "a.txt") and first["with_sanction"] == 4
    assert second == {"source": str(tmp_path / "b.txt"), "error": "empty file"}
    assert err.splitlines() == [f"statuteparse: error: {tmp_path / 'b.txt'}: empty file"]
    code, out, _ = run("stats", str(tmp_path))
    assert code == 2 and out.splitlines()[1].startswith(str(tmp_path / "a.txt"))
    code, out, _ = run("stats", "--format", "json", str(tmp_path))
    assert json.loads(out)["files"][1] == second


def test_stats_jobs_do_not_change_the_figures() -> None:
    args = ["stats", "--format", "json", str(CORPUS / "kz" / "cc1997")]
    assert run(*args, "--jobs", "1") == run(*args, "--jobs", "2")


# --- the Python API ---------------------------------------------------------------------------


def test_parse_many_yields_documents_in_order() -> None:
    docs = list(statuteparse.parse_many(SOME, jobs=2))
    assert [d.source for d in docs] == [str(p) for p in SOME]
    assert [json_line(d) for d in docs] == [single(p) for p in SOME]
    assert docs[0].article("128") is not None


def test_parse_many_raises_input_error_in_turn_or_keeps_failures(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    seen = []
    with pytest.raises(statuteparse.InputError, match="nope.txt: no such file"):
        for doc in statuteparse.parse_many([SOME[0], missing, SOME[1]], jobs=2):
            seen.append(doc.source)
    assert seen == [str(SOME[0])]
    kept = list(statuteparse.parse_many([SOME[0], missing, SOME[1]], jobs=1, errors="keep"))
    assert kept[1] == Failure(str(missing), "no such file")
    assert [getattr(d, "source", None) for d in kept] == [str(SOME[0]), str(missing), str(SOME[1])]


def test_parse_many_of_whole_codes_matches_one_process() -> None:
    codes = sorted((CORPUS / "kz" / "whole").glob("cc*.ru.md")) or sorted(SHARED.glob("cc*.ru.md"))
    if not codes:
        pytest.skip(f"{SHARED} not available (../shared is laid beside the checkout in CI)")
    one = [json_line(d) for d in statuteparse.parse_many(codes, jobs=1)]
    two = [json_line(d) for d in statuteparse.parse_many(codes, jobs=2)]
    assert one == two


# --- a worker that dies ----------------------------------------------------------------------


def crash_on_marker(doc: statuteparse.Document) -> str:
    """A render that kills its worker process for one input (module level: sent by reference)."""
    if doc.source is not None and doc.source.endswith("crash.txt"):
        os._exit(3)
    return json_line(doc)


def test_a_dead_worker_is_an_error_record_and_the_rest_go_on(tmp_path: Path) -> None:
    paths = []
    for n, p in enumerate(SOME):
        name = "crash.txt" if n == 2 else f"{n}.txt"
        shutil.copy(p, tmp_path / name)
        paths.append(tmp_path / name)
    items = [Input(str(p), p.stat().st_size) for p in paths]
    results = list(process_many(items, crash_on_marker, jobs=2))
    assert [item.source for item, _ in results] == [str(p) for p in paths]
    assert results[2][1] == Failure(str(paths[2]), "the worker process parsing this input died")
    assert [r for _, r in results if not isinstance(r, Failure)] == [
        single(p) for n, p in enumerate(paths) if n != 2
    ]


def test_spawn_is_used_when_other_threads_run_and_gives_the_same_lines() -> None:
    import threading

    from statuteparse import batch

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert batch._context().get_start_method() == "spawn"
        items = [Input(str(p), p.stat().st_size) for p in SOME[:3]]
        lines = [r for _, r in process_many(items, json_line, jobs=2)]
    finally:
        stop.set()
        thread.join()
    assert lines == [single(p) for p in SOME[:3]]


def test_standard_input_is_read_once() -> None:
    code, out, _ = run("parse", "-", "-", input=SOME[0].read_bytes())
    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 2 and first["source"] == "<stdin>" and "articles" in first
    assert second == {"source": "-", "error": "standard input already read"}


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from statuteparse import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with cli._progress(7, "parsing") as tick:
        assert tick is not None
        for _ in range(7):
            tick()
    assert "parsing" in screen.getvalue() and "100%" in screen.getvalue()
    with cli._progress(4, "parsing") as tick:  # a few inputs: no bar
        assert tick is None


def test_a_lone_big_input_is_split_between_two_processes_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from statuteparse import parse

    big = CORPUS / "kz" / "cc1997" / "art128" / "2006-03-02.en.txt"
    expected = single(big)
    calls = []
    real = parse.parse_in_parallel

    def spy(prepared: list[parse.Prepared]) -> list[statuteparse.Document]:
        calls.append(len(prepared))
        return real(prepared)

    monkeypatch.setattr(parse, "parse_in_parallel", spy)
    monkeypatch.setenv("STATUTEPARSE_PARALLEL_THRESHOLD", "1")
    ((_, line),) = list(process_many([Input(str(big), big.stat().st_size)], json_line, jobs=2))
    assert calls == [1] and line == expected
    monkeypatch.setenv("STATUTEPARSE_PARALLEL_THRESHOLD", "100000000")
    list(process_many([Input(str(big), big.stat().st_size)], json_line, jobs=2))
    assert calls == [1]


def test_readme_parse_many_example(capsys: pytest.CaptureFixture[str]) -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Many files at once") :]
    block = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert block is not None
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(block.group(1), "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out.splitlines()
    expected = sorted((CORPUS / "kz" / "cc1997").rglob("*.ru.txt"))
    assert printed == [f"{p.relative_to(ROOT)} 1" for p in expected]
