"""Benchmark: many inputs in one call against one process per file, --jobs, and Dask.

Run from the checkout::

    .venv/bin/python benchmarks/bench_batch.py            # best of 3 (about three minutes)
    .venv/bin/python benchmarks/bench_batch.py --repeat 1 # one run each
    .venv/bin/python benchmarks/bench_batch.py --no-dask  # without the Dask figures

The inputs are the 58 article files of ``corpus/kz`` and the three Kazakh whole codes
(``corpus/kz/whole``, else ``../shared/corpus-sources/kz``; left out, and said so, when
neither has them).
Every figure is the wall time of whole processes, as a user meets them, stdout to a
file; the best of ``--repeat`` runs, to leave out noise, and the runs of the things
compared are interleaved (A B A B …), so that a burst of load from elsewhere hits both:

* one ``statuteparse parse FILE`` process per file, one after the other, against one
  ``statuteparse parse --jsonl FILE…`` call (target: at most 2.5 s, and at most a fifth);
* the three whole codes with ``--jobs 1`` and ``--jobs 2`` (target: 1.5x faster with
  two free cores);
* ``--engine dask`` on a LocalCluster of 1 and of 2 workers, whole process (the
  cluster's start-up included) and, in this process, the parse alone on a cluster
  already running.

It also checks that ``--jobs 1``, ``--jobs 2`` and Dask wrote the same lines (after
sorting), and prints the load average before and after, since other work on the
machine moves the figures.  Exit status is 0 whatever the figures: this is a
measurement, not a test.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus-sources" / "kz"
CLI = str(Path(sys.executable).parent / "statuteparse")


def articles() -> list[str]:
    """The corpus article files (as the tests' ``corpus_files``)."""
    return sorted(str(p) for p in (ROOT / "corpus" / "kz").rglob("*.txt") if "amending" not in p.parts)


def codes() -> list[str]:
    """The three Kazakh whole codes: in ``corpus/kz/whole`` where the checkout has them, else in ../shared."""
    for folder in (ROOT / "corpus" / "kz" / "whole", SHARED):
        found = sorted(str(p) for p in folder.glob("cc*.ru.md"))
        if found:
            return found
    return []


#: CPU seconds (user + system) of the processes of the last best run of each measure.
CPU: dict[str, float] = {}
_cpu_of_run = [0.0]


def wall(argv: list[str], out: Path | None = None, ok: tuple[int, ...] = (0,)) -> float:
    """Wall time of one process; stdout to ``out`` (or /dev/null).  Its CPU time, with
    its children's, is added to ``_cpu_of_run`` (less moved by other load than wall time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out or os.devnull, "wb") as sink:
        start = time.perf_counter()
        proc = subprocess.run(argv, stdout=sink, stderr=subprocess.DEVNULL)
        took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    _cpu_of_run[0] += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(argv[:4])} …: exit status {proc.returncode}")
    return took


def interleaved(repeat: int, runs: dict[str, Callable[[], float]]) -> dict[str, float]:
    """The best time of each of ``runs``, run in turn ``repeat`` times."""
    best = {name: float("inf") for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            _cpu_of_run[0] = 0.0
            took = run()
            if took < best[name]:
                best[name] = took
                CPU[name] = _cpu_of_run[0]
    return best


def per_file(files: list[str]) -> float:
    return sum(wall([CLI, "parse", "--compact", f]) for f in files)


def sorted_lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


def dask_lines(folder: Path) -> list[str]:
    return sorted(line for p in folder.glob("part-*.jsonl") for line in p.read_text("utf-8").splitlines())


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measure (the best is kept)")
    ap.add_argument("--no-dask", action="store_true", help="leave out the Dask figures")
    args = ap.parse_args()
    arts, whole = articles(), codes()
    every = arts + whole
    size = sum(map(os.path.getsize, every))
    print(f"inputs: {len(arts)} corpus files, {len(whole)} whole codes ({size:,} bytes)")
    if not whole:
        print(f"  (whole codes not found in {SHARED}: figures for the corpus files only)")
    print(f"cores: {len(os.sched_getaffinity(0))}; load average before: {load()}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    rows: list[tuple[str, str]] = []

    def one_call(jobs: int, files: list[str], out: Path | None = None) -> Callable[[], float]:
        return lambda: wall([CLI, "parse", "--jsonl", "--jobs", str(jobs), *files], out)

    t = interleaved(
        args.repeat,
        {
            "per_file": lambda: per_file(every),
            "call_j1": one_call(1, every, tmp / "j1.jsonl"),
            "call_j2": one_call(2, every, tmp / "j2.jsonl"),
        },
    )
    rows += [
        (
            f"{len(every)} inputs, one `statuteparse parse` process per file",
            f"{t['per_file']:.2f} s (CPU {CPU['per_file']:.2f} s)",
        ),
        (
            "the same, one `statuteparse parse --jsonl --jobs 1` call",
            f"{t['call_j1']:.2f} s ({t['call_j1'] / t['per_file']:.2f} of per-file)"
            f", CPU {CPU['call_j1']:.2f} s",
        ),
        (
            "the same, one call with `--jobs 2` (the default here)",
            f"{t['call_j2']:.2f} s ({t['call_j2'] / t['per_file']:.2f} of per-file)"
            f", CPU {CPU['call_j2']:.2f} s",
        ),
    ]
    same = sorted_lines(tmp / "j1.jsonl") == sorted_lines(tmp / "j2.jsonl")
    in_order = (tmp / "j1.jsonl").read_bytes() == (tmp / "j2.jsonl").read_bytes()
    if whole:
        c = interleaved(args.repeat, {"j1": one_call(1, whole), "j2": one_call(2, whole)})
        rows += [
            ("the 3 whole codes, `--jobs 1`", f"{c['j1']:.2f} s"),
            ("the 3 whole codes, `--jobs 2`", f"{c['j2']:.2f} s ({c['j1'] / c['j2']:.2f}x; target ≥ 1.5x)"),
        ]
    dask_same = None
    if not args.no_dask:
        dask_same = dask_figures(args.repeat, every, tmp, rows)
    print(f"load average after: {load()}\n")
    print("| measure | figure |\n|---|---|")
    for name, figure in rows:
        print(f"| {name} | {figure} |")
    print(f"\n--jobs 1 and --jobs 2 wrote the same lines: {same}; in the same order: {in_order}")
    if dask_same is not None:
        print(f"Dask (1 and 2 workers) wrote the same lines as --jobs 1, after sorting: {dask_same}")
    return 0


def dask_figures(repeat: int, files: list[str], tmp: Path, rows: list[tuple[str, str]]) -> bool | None:
    """Whole-process and in-process Dask figures; whether the outputs equal the local run's."""
    try:
        import distributed
    except ImportError:
        print("dask.distributed not installed: no Dask figures (pip install 'statuteparse[dask]')")
        return None
    from statuteparse.batch import expand_inputs
    from statuteparse.engines import run_dask

    counter = iter(range(10**6))

    def cli(workers: int) -> Callable[[], float]:
        def run() -> float:
            out = tmp / f"cli-{workers}-{next(counter)}"
            return wall([CLI, "parse", "--engine", "dask", "--workers", str(workers), *files, "-o", str(out)])

        return run

    t = interleaved(repeat, {"w1": cli(1), "w2": cli(2)})
    items = expand_inputs(files)
    compute: dict[int, float] = {}
    for workers in (1, 2):
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # its HTTP routes: loopback, any free port
            scheduler_kwargs={"dashboard": False},
            silence_logs=logging.CRITICAL,
        )
        client = distributed.Client(cluster)
        try:
            # the workers import statuteparse and build the parsers once, as on a long-lived cluster
            run_dask(items[:2], "jsonl", str(tmp / f"warm-{workers}"), client=client)
            best = float("inf")
            for n in range(repeat):
                start = time.perf_counter()
                run_dask(items, "jsonl", str(tmp / f"in-{workers}-{n}"), client=client)
                best = min(best, time.perf_counter() - start)
            compute[workers] = best
        finally:
            client.close()
            cluster.close()
    rows += [
        ("`--engine dask`, LocalCluster of 1 worker, whole process (start-up included)", f"{t['w1']:.2f} s"),
        ("`--engine dask`, LocalCluster of 2 workers, whole process (start-up included)", f"{t['w2']:.2f} s"),
        ("Dask, 1 worker already running, the parse alone", f"{compute[1]:.2f} s"),
        (
            "Dask, 2 workers already running, the parse alone",
            f"{compute[2]:.2f} s ({compute[1] / compute[2]:.2f}x)",
        ),
    ]
    local = sorted_lines(tmp / "j1.jsonl")
    return dask_lines(tmp / "in-1-0") == local and dask_lines(tmp / "in-2-0") == local


if __name__ == "__main__":
    sys.exit(main())
