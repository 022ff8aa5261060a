"""``--engine dask``: a LocalCluster with two workers writes what the local run writes.

Only loopback addresses are used: the cluster is started on 127.0.0.1 with no dashboard,
and the CLI is pointed at that scheduler.  A handful of small files keeps it quick (the
cluster's start-up is most of the time); ``pytest -m 'not dask'`` leaves it out.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corpus_util import CORPUS

from statuteparse.batch import Failure, error_line, expand_inputs, json_line, process_many
from statuteparse.cli import main
from statuteparse.engines import chunk_inputs, parse_distributed, run_dask
from statuteparse.table import penalty_rows

pytestmark = pytest.mark.dask

distributed = pytest.importorskip("distributed", reason="dask.distributed is in the test and dask extras")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is in the test and dask extras")

FILES = [
    CORPUS / "kz" / "cc1997" / "art128" / "2010.ru.txt",
    CORPUS / "kz" / "cc1997" / "art128" / "2006-03-02.en.txt",
    CORPUS / "kz" / "cc1997" / "art270" / "2009.ru.txt",
    CORPUS / "kz" / "coao2001" / "art396" / "part1-2006-03-02.en.txt",
    CORPUS / "kz" / "cc2014" / "art125" / "2020.ru.txt",
    CORPUS / "kz" / "cc1997" / "art133" / "1997.en.txt",
]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # its HTTP routes: loopback, any free port
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.CRITICAL,
    )
    client = distributed.Client(cluster)
    try:
        client.wait_for_workers(2, timeout=60)
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    for n, path in enumerate(FILES):
        (folder / str(n)).mkdir(parents=True)
        shutil.copy(path, folder / str(n) / path.name)
    (folder / "3" / "bad.txt").write_bytes(b"\x00binary")  # an error record in the middle
    return folder


def test_the_cluster_listens_on_loopback_only(client: Any) -> None:
    info = client.scheduler_info()
    addresses = [client.scheduler.address, *info["workers"]]
    assert len(info["workers"]) == 2
    assert all(a.startswith("tcp://127.0.0.1:") for a in addresses), addresses
    assert client.cluster.scheduler.http_server.address == "127.0.0.1"


def lines_of(folder: Path, suffix: str) -> list[str]:
    return [
        line
        for part in sorted(folder.glob(f"part-*.{suffix}"))
        for line in part.read_text("utf-8").splitlines()
    ]


def test_jsonl_partitions_equal_the_local_run(client: Any, inputs: Path, tmp_path: Path) -> None:
    items = expand_inputs([inputs])
    local = [
        error_line(r) if isinstance(r, Failure) else r for _, r in process_many(items, json_line, jobs=1)
    ]
    out = tmp_path / "out"
    result = run_dask(items, "jsonl", str(out), client=client)
    assert sorted(lines_of(out, "jsonl")) == sorted(local)
    # the part files sorted by name are even in input order
    assert lines_of(out, "jsonl") == local
    assert result.records == len(local) and [f.source for f in result.failures] == [
        str(inputs / "3" / "bad.txt")
    ]
    assert len(result.files) > 1  # the work was spread


def test_cli_engine_dask_with_a_scheduler(client: Any, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    runner = CliRunner()
    local = runner.invoke(main, ["parse", "--jobs", "2", str(inputs)])
    remote = runner.invoke(
        main,
        ["parse", "--engine", "dask", "--scheduler", client.scheduler.address, str(inputs), "-o", str(out)],
    )
    assert (local.exit_code, remote.exit_code) == (2, 2)
    assert sorted(lines_of(out, "jsonl")) == sorted(local.stdout.splitlines())
    assert "bad.txt: binary data" in remote.stderr
    again = runner.invoke(
        main,
        ["parse", "--engine", "dask", "--scheduler", client.scheduler.address, str(inputs), "-o", str(out)],
    )
    assert again.exit_code == 2 and "already holds part files" in again.stderr


def test_parquet_partitions_hold_the_local_rows(client: Any, inputs: Path, tmp_path: Path) -> None:
    items = expand_inputs([inputs])
    local = [
        row for _, r in process_many(items, penalty_rows, jobs=1) if not isinstance(r, Failure) for row in r
    ]
    out = tmp_path / "pq"
    run_dask(items, "parquet", str(out), client=client)
    rows = [
        tuple(r.values())
        for part in sorted(out.glob("part-*.parquet"))
        for r in pq.read_table(part).to_pylist()
    ]
    assert sorted(rows, key=repr) == sorted(local, key=repr)
    assert rows == local


def test_chunks_are_contiguous_and_cover_every_input() -> None:
    items = expand_inputs([CORPUS / "kz"], ["*.txt"])
    chunks = chunk_inputs(items, 8)
    assert [i for chunk in chunks for i, _ in chunk] == list(range(len(items)))
    assert 1 < len(chunks) <= 9
    assert json.loads(json.dumps([len(c) for c in chunks]))  # every chunk has inputs


def test_a_cluster_without_workers_is_one_error_not_a_wait(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from statuteparse import engines
    from statuteparse.errors import StatuteParseError

    monkeypatch.setattr(engines, "WAIT_FOR_WORKERS", 1)
    cluster = distributed.LocalCluster(
        n_workers=0,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # its HTTP routes: loopback, any free port
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.CRITICAL,
    )
    try:
        with pytest.raises(StatuteParseError, match="no Dask worker joined within 1 s"):
            run_dask(
                expand_inputs(FILES[:1]), "jsonl", str(tmp_path / "out"), scheduler=cluster.scheduler_address
            )
    finally:
        cluster.close()


def test_an_fsspec_url_as_the_output_folder(client: Any, inputs: Path, tmp_path: Path) -> None:
    items = expand_inputs([inputs])
    run_dask(items, "jsonl", (tmp_path / "url").as_uri(), client=client)
    local = [
        error_line(r) if isinstance(r, Failure) else r for _, r in process_many(items, json_line, jobs=1)
    ]
    assert lines_of(tmp_path / "url", "jsonl") == local


def test_the_python_api(client: Any, inputs: Path, tmp_path: Path) -> None:
    result = parse_distributed([inputs], str(tmp_path / "api"), kind="csv", client=client, glob=["*.txt"])
    assert [Path(f).parent for f in result.files] == [tmp_path / "api"] * len(result.files)
    header = {Path(f).read_text("utf-8").splitlines()[0] for f in result.files}
    assert len(header) == 1 and header.pop().startswith("source,code,language,article")
    assert [f.error for f in result.failures] == ["binary data (NUL bytes), not text"]
