"""Tables for analysts: `statuteparse table` (CSV, Parquet), `diff --format csv`, the README query.

pyarrow and duckdb are in the ``test`` extra; the tests that need them skip with a
reason where they cannot be installed.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corpus_util import CORPUS, ROOT

from statuteparse import parse_file
from statuteparse.cli import main
from statuteparse.table import COLUMNS, DIFF_COLUMNS, base_amount, penalty_rows

ART128 = CORPUS / "kz" / "cc1997" / "art128" / "2010.ru.txt"
ART396 = CORPUS / "kz" / "coao2001" / "art396" / "part1-2006-03-02.en.txt"
UNREADABLE = ROOT / "tests" / "fixtures" / "readme" / "unreadable.ru.txt"
NAMES = [name for name, _ in COLUMNS]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception escaped the CLI: {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


def by_name(row: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(NAMES, row, strict=True))


def test_one_row_per_penalty_of_a_known_article() -> None:
    rows = [by_name(r) for r in penalty_rows(parse_file(ART128))]
    assert [(r["part"], r["alternative"], r["kind"]) for r in rows] == [
        ("1", 1, "imprisonment"),
        ("2", 1, "imprisonment"),
        ("3", 1, "imprisonment"),
        ("4", 1, "imprisonment"),
    ]
    last = rows[3]
    assert (last["article"], last["title"], last["language"]) == ("128", "Торговля людьми", "ru")
    assert (last["min_value"], last["min_unit"], last["max_value"], last["max_unit"]) == (
        7.0,
        "year",
        15.0,
        "year",
    )
    assert (last["min_base"], last["max_base"], last["base_unit"]) == (7.0, 15.0, "year")
    assert last["additional"] == "confiscation:mandatory" and last["complete"] is True
    assert [r["circumstances"] for r in rows] == [0, 10, 0, 2]
    assert rows[0]["min_value"] is None and rows[0]["max_base"] == 5.0
    doc = parse_file(ART128)
    assert doc.text[last["span_start"] : last["span_end"]].startswith("лишением свободы")


def test_subjects_each_give_a_row() -> None:
    rows = [by_name(r) for r in penalty_rows(parse_file(ART396))]
    assert [(r["alternative"], r["subject"], r["max_value"], r["base_unit"]) for r in rows] == [
        (1, None, 20.0, "mci"),
        (2, "officials", 25.0, "mci"),
        (3, "legal_entities", 500.0, "mci"),
    ]


def test_a_sanction_not_read_at_all_is_one_incomplete_row() -> None:
    (row,) = [by_name(r) for r in penalty_rows(parse_file(UNREADABLE))]
    assert row["kind"] is None and row["complete"] is False and row["alternative"] is None


def test_base_units() -> None:
    from statuteparse.model import Quantity

    assert base_amount(Quantity(6, "month")) == (0.5, "year")
    assert base_amount(Quantity(2, "income_year")) == (24.0, "income_month")
    assert base_amount(Quantity(5, "multiple", of="bribe")) == (5.0, "multiple:bribe")
    assert base_amount(Quantity(240, "hour")) == (240.0, "hour")
    assert base_amount(None) == (None, None)


def test_csv_has_a_header_and_one_line_per_row(tmp_path: Path) -> None:
    out = tmp_path / "sanctions.csv"
    code, _, _ = run("table", str(ART128), str(ART396), "-o", str(out))
    assert code == 0
    lines = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert lines[0] == NAMES
    assert len(lines) == 1 + 4 + 3
    assert lines[1][NAMES.index("max_value")] == "5.0" and lines[1][NAMES.index("min_value")] == ""
    assert lines[4][NAMES.index("complete")] == "true"
    code, stdout, _ = run("table", str(ART128), str(ART396), "-o", "-")
    assert stdout == out.read_text(encoding="utf-8")


def test_csv_column_types_as_duckdb_reads_them(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="duckdb is in the test extra")
    out = tmp_path / "sanctions.csv"
    assert run("table", str(CORPUS / "kz" / "cc1997"), "-o", str(out))[0] == 0
    types = dict(
        duckdb.sql(f"DESCRIBE SELECT * FROM read_csv('{out}')").fetchall()[i][:2] for i in range(len(NAMES))
    )
    for name, kind in COLUMNS:
        expected = {"string": "VARCHAR", "int32": "BIGINT", "int64": "BIGINT", "float64": "DOUBLE"}
        expected["bool"] = "BOOLEAN"
        if name in ("article", "part", "code", "subject", "condition", "min_unit"):
            continue  # all digits or all empty in this corpus: CSV has no types to say otherwise
        assert types[name] == expected[kind], name


def test_parquet_has_the_typed_schema_and_the_same_rows(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is in the test extra")
    from statuteparse.table import arrow_schema

    out = tmp_path / "sanctions.parquet"
    code, _, _ = run("table", str(ART128), str(ART396), str(UNREADABLE), "-o", str(out))
    assert code == 0
    table = pq.read_table(out)
    assert table.schema.equals(arrow_schema())
    assert [str(f.type) for f in table.schema] == [
        {"float64": "double", "bool": "bool"}.get(kind, kind) for _, kind in COLUMNS
    ]
    expected = (
        penalty_rows(parse_file(ART128))
        + penalty_rows(parse_file(ART396))
        + penalty_rows(parse_file(UNREADABLE))
    )
    assert [tuple(r.values()) for r in table.to_pylist()] == expected


def test_table_of_a_folder_with_a_bad_file_writes_the_rest_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(ART128.read_bytes())
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    out = tmp_path / "t.csv"
    code, _, err = run("table", str(tmp_path), "--glob", "*.txt", "-o", str(out))
    assert code == 2 and err.splitlines() == [
        f"statuteparse: 4 rows from 2 inputs in {out}",
        f"statuteparse: error: {tmp_path / 'b.txt'}: empty file",
    ]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 4


def test_table_parquet_needs_a_file() -> None:
    code, _, err = run("table", str(ART128), "-o", "-", "--format", "parquet")
    assert code == 2 and "Parquet" in err


# --- diff --format csv ----------------------------------------------------------------------


def test_diff_csv_is_one_row_per_change() -> None:
    old = CORPUS / "kz" / "cc1997" / "art128" / "2006-03-02-pre.en.txt"
    new = CORPUS / "kz" / "cc1997" / "art128" / "2006-03-02.en.txt"
    code, out, _ = run("diff", "--format", "csv", str(old), str(new))
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == DIFF_COLUMNS
    pen = [
        (r["part"], r["what"], r["item"], r["old"], r["new"], r["direction"])
        for r in rows
        if r["item"] == "imprisonment"
    ]
    assert pen == [
        ("1", "penalty_changed", "imprisonment", "up to 1 year", "up to 5 year", "harsher"),
        ("2", "penalty_changed", "imprisonment", "up to 5 year", "5 year to 7 year", "harsher"),
        ("3", "penalty_changed", "imprisonment", "3 year to 8 year", "7 year to 10 year", "harsher"),
    ]
    assert ("4", "part_added") in {(r["part"], r["what"]) for r in rows}
    assert ("2", "circumstance_removed", "b") in {(r["part"], r["what"], r["item"]) for r in rows}
    same = run("diff", "--format", "csv", str(new), str(new))
    assert same == (0, ",".join(DIFF_COLUMNS) + "\n", "")


# --- the README's DuckDB example ---------------------------------------------------------------


def _section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"## {title}")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end > 0 else None]


def test_readme_duckdb_query_gives_what_it_shows(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="duckdb is in the test extra")
    pytest.importorskip("pyarrow", reason="pyarrow is in the test extra")
    import shlex

    section = _section("Tables for analysts")
    commands = re.search(r"```sh\n(.*?)```", section, flags=re.S)
    query = re.search(r"```sql\n(.*?)```", section, flags=re.S)
    shown = re.search(r"```text\n(.*?)```", section, flags=re.S)
    assert commands and query and shown
    (tmp_path / "corpus").symlink_to(CORPUS)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for line in commands.group(1).strip().splitlines():
            args = shlex.split(line)
            assert args[0] == "statuteparse"
            assert run(*args[1:])[0] == 0, line
        result = duckdb.sql(query.group(1))
        got = [result.columns] + [[str(v) for v in row] for row in result.fetchall()]
    finally:
        os.chdir(cwd)
    expected = [line.split() for line in shown.group(1).strip().splitlines()]
    assert got == expected
