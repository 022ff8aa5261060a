"""Beyond one machine: parse a batch on a dask.distributed cluster, writing partitions.

:func:`run_dask` cuts the inputs into contiguous chunks of about equal size, hands them
to the cluster as a ``dask.bag`` (one chunk per partition), and each worker parses its
chunk and writes one file into the output folder: ``part-NNNNNN.jsonl`` (the JSON Lines
of ``statuteparse parse``, error records included) or ``part-NNNNNN.parquet`` /
``part-NNNNNN.csv`` (the rows of ``statuteparse table``).  ``NNNNNN`` is the position of
the chunk's first input, so the files sorted by name are in input order, and their lines
concatenated are what the local run writes.

Guarantees to the caller: every input is accounted for, either in a part file or in the
returned failures (an input that cannot be used; every input of a chunk whose workers
kept dying); each line or row is the one the local engine gives for that input.

The inputs are read by the workers, so on a real cluster they (and the output folder)
must be on storage every worker sees under the same path (an fsspec URL such as
``s3://bucket/out`` works for the output).  Without a scheduler address a
``LocalCluster`` is started on the loopback interface, with no dashboard.  Dask is an
optional extra: ``pip install 'statuteparse[dask]'``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from .batch import Failure, Input, Options, cores, error_line, json_line, run_one
from .errors import StatuteParseError

__all__ = ["DaskResult", "Kind", "chunk_inputs", "parse_distributed", "run_dask", "write_chunk"]

Kind = Literal["jsonl", "parquet", "csv"]

#: Seconds to wait for the first worker of a cluster before giving up.
WAIT_FOR_WORKERS = 60

#: One parse at a time in a worker process: Dask workers may run several threads, and
#: pure-Python parsing gains nothing from them (the parser's caches are per process).
_PARSE_LOCK = threading.Lock()


@attrs.frozen
class DaskResult:
    """What a distributed run wrote: the part files, in input order, and the inputs that failed."""

    files: tuple[str, ...]
    failures: tuple[Failure, ...]
    records: int


def chunk_inputs(inputs: Sequence[Input], chunks: int) -> list[list[tuple[int, Input]]]:
    """``inputs`` (with their positions) cut into at most ``chunks`` contiguous runs of
    about equal total size (an input larger than a share is a run of its own)."""
    if not inputs:
        return []
    total = sum(max(item.size, 1) for item in inputs)
    share = total / max(1, chunks)
    out: list[list[tuple[int, Input]]] = [[]]
    filled = 0.0
    for index, item in enumerate(inputs):
        size = max(item.size, 1)
        if out[-1] and filled + size > share * 1.05:
            out.append([])
            filled = 0.0
        out[-1].append((index, item))
        filled += size
    return out


def _join(folder: str, name: str) -> str:
    return f"{folder.rstrip('/')}/{name}" if "://" in folder else os.path.join(folder, name)


def _open(path: str) -> Any:
    if "://" in path:
        import importlib

        return importlib.import_module("fsspec").open(path, "wb", auto_mkdir=True).open()  # a dask dependency
    return open(path, "wb")  # noqa: SIM115 - closed by the caller


def write_chunk(
    chunk: list[tuple[int, Input]], kind: Kind, folder: str, options: Options
) -> tuple[str, int, list[Failure]]:
    """Parse one chunk and write its part file; ``(file, records written, failures)``.

    Runs on a Dask worker (and in tests, anywhere).
    """
    first = chunk[0][0]
    path = _join(folder, f"part-{first:06d}.{kind}")
    failures: list[Failure] = []
    lines: list[str] = []
    rows: list[Any] = []
    with _PARSE_LOCK:
        for _, item in chunk:
            if kind == "jsonl":
                result: Any = run_one(item, json_line, options)
            else:
                from .table import penalty_rows

                result = run_one(item, penalty_rows, options)
            if isinstance(result, Failure):
                failures.append(result)
                if kind == "jsonl":
                    lines.append(error_line(result))
            elif kind == "jsonl":
                lines.append(result)
            else:
                rows.extend(result)
    with _open(path) as out:
        if kind == "jsonl":
            out.write("".join(line + "\n" for line in lines).encode("utf-8"))
        elif kind == "csv":
            from .table import csv_text

            out.write(csv_text(rows).encode("utf-8"))
        else:
            from .table import write_parquet

            write_parquet(rows, out)
    return path, len(lines) if kind == "jsonl" else len(rows), failures


def _check_folder(folder: str) -> None:
    """Create the output folder; refuse one that already holds part files (they would mix)."""
    if "://" in folder:
        return
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise StatuteParseError(f"{folder}: cannot create the output folder: {exc.strerror or exc}") from None
    stale = sorted(name for name in os.listdir(folder) if name.startswith("part-"))
    if stale:
        raise StatuteParseError(
            f"{folder}: already holds part files ({stale[0]} …); remove them or choose another"
        )


def _client(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    """A client of the cluster at ``scheduler``, or of a new loopback-only LocalCluster."""
    import importlib

    try:
        distributed = importlib.import_module("distributed")
        Client, LocalCluster = distributed.Client, distributed.LocalCluster
    except ImportError:
        raise StatuteParseError(
            "--engine dask needs Dask: pip install 'statuteparse[dask]' (dask and distributed)"
        ) from None
    if scheduler is not None:
        try:
            return Client(scheduler, timeout="20s"), None
        except OSError as exc:
            raise StatuteParseError(f"{scheduler}: cannot reach the Dask scheduler: {exc}") from None
    import logging

    cluster = LocalCluster(
        n_workers=workers or cores(),
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # its HTTP routes: loopback, any free port
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.CRITICAL,
    )
    return Client(cluster), cluster


def run_dask(
    inputs: Sequence[Input],
    kind: Kind,
    folder: str,
    *,
    options: Options | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
) -> DaskResult:
    """Parse ``inputs`` on a Dask cluster and write ``kind`` part files into ``folder``.

    ``client``: an existing ``distributed.Client`` (then ``scheduler`` and ``workers`` are
    not used); else one for ``scheduler`` (``tcp://HOST:PORT``), else a LocalCluster of
    ``workers`` processes on 127.0.0.1.
    """
    options = options or Options()
    _check_folder(folder)
    failures: list[Failure] = []
    sendable: list[Input] = []
    for item in inputs:
        if item.source == "-":
            item = attrs.evolve(item, problem="standard input cannot be sent to a cluster")
        sendable.append(item)
    own_client = client is None
    cluster = None
    if client is None:
        client, cluster = _client(scheduler, workers)
    try:
        import importlib

        db = importlib.import_module("dask.bag")
        try:  # a cluster without workers would leave the run waiting for ever
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            raise StatuteParseError(
                f"{client.scheduler.address}: no Dask worker joined within {WAIT_FOR_WORKERS} s"
            ) from None
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        chunks = chunk_inputs(sendable, 4 * n_workers)
        if not chunks:
            return DaskResult((), (), 0)
        bag = db.from_sequence(chunks, npartitions=len(chunks)).map(write_chunk, kind, folder, options)
        futures = client.compute(bag.to_delayed())
        files: list[str] = []
        records = 0
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                ((path, count, failed),) = future.result()
            except Exception as exc:  # the chunk's workers died (KilledWorker) or it could not run
                reason = f"the cluster could not parse this input: {type(exc).__name__}: {exc}"
                failed = [Failure(item.source, reason) for _, item in chunk]
                path, count = _write_failures(chunk, failed, kind, folder)
            if path is not None:
                files.append(path)
            records += count
            failures.extend(failed)
        return DaskResult(tuple(files), tuple(failures), records)
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()


def parse_distributed(
    paths: Sequence[str | os.PathLike[str]],
    folder: str,
    *,
    kind: Kind = "jsonl",
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
    glob: Sequence[str] = (),
    lang: str | None = None,
    encoding: str | None = None,
    html: bool | None = None,
    code: str | None = None,
) -> DaskResult:
    """``statuteparse parse|table --engine dask`` from Python: parse ``paths`` on a cluster.

    ``paths`` are files and folders as for :func:`~statuteparse.batch.parse_many`;
    ``folder`` receives the part files (``kind``: ``jsonl`` documents, or ``parquet`` /
    ``csv`` sanctions tables).  The cluster is ``client``, else the scheduler at
    ``scheduler`` (``tcp://HOST:PORT``), else a LocalCluster of ``workers`` processes on
    127.0.0.1.  Raises :class:`~statuteparse.errors.StatuteParseError` when Dask is not
    installed, the scheduler cannot be reached or the folder already holds part files.
    """
    from .batch import expand_inputs

    options = Options(lang=lang, encoding=encoding, html=html, code=code)
    return run_dask(
        expand_inputs(paths, glob),
        kind,
        folder,
        options=options,
        scheduler=scheduler,
        workers=workers,
        client=client,
    )


def _write_failures(
    chunk: list[tuple[int, Input]], failed: list[Failure], kind: Kind, folder: str
) -> tuple[str | None, int]:
    """The part file of a chunk the cluster could not parse: its error records (JSON Lines only)."""
    if kind != "jsonl":
        return None, 0
    path = _join(folder, f"part-{chunk[0][0]:06d}.jsonl")
    with _open(path) as out:
        out.write("".join(error_line(f) + "\n" for f in failed).encode("utf-8"))
    return path, len(failed)
