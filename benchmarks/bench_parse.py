"""Benchmark: how fast statuteparse reads a whole criminal code, and how it scales.

Run from the checkout::

    .venv/bin/python benchmarks/bench_parse.py              # everything (about two minutes)
    .venv/bin/python benchmarks/bench_parse.py --quick      # 1x/3x scaling instead of 1x/10x
    .venv/bin/python benchmarks/bench_parse.py --profile    # also the top hotspots (cProfile)
    .venv/bin/python benchmarks/bench_parse.py --file PATH  # another input

What it reports (each figure is the best of several runs, to leave out noise):

* in-process parse of the whole 1997 code in one process (parsers built, the
  per-process caches emptied before each run, as a new process meets them):
  seconds, characters per second, milliseconds per article;
* peak Python memory of that parse (``tracemalloc``; a separate run, since tracing
  slows the parse down);
* whole processes, as a user meets them: a fresh Python doing one
  ``re.findall(r'\\w+|[^\\w\\s]', text)`` pass over the file (the floor: start Python,
  read, scan once), against ``statuteparse parse FILE > /dev/null`` (with its two
  processes, and forced to one); and the ratio (target: at most 5x); the time
  Python needs just to import click, attrs and lark; and ``statuteparse diff`` of the
  2009 and 2010 texts of the code (target: under 2 s);
* scaling: the same code repeated 10 times parses in at most about 10 times the time
  (linear; a regular expression that backtracks would show up here; the repeated
  sanctions are found in the sanction cache, so the ratio comes out below 10);
* the whole-process time of ``statuteparse parse`` on one article (target: 150 ms).

Exit status is 0 whatever the figures: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHOLE_CODE = ROOT.parent / "shared" / "corpus-sources" / "kz" / "cc1997-2010.ru.md"
OLD_CODE = WHOLE_CODE.with_name("cc1997-2009.ru.md")
ARTICLE = ROOT / "corpus" / "kz" / "cc1997" / "art128" / "2010.ru.txt"
BIN = Path(sys.executable).parent
CLI = BIN / "statuteparse"

REGEX_PASS = "import re,sys; re.findall(r'\\w+|[^\\w\\s]', open(sys.argv[1], encoding='utf-8').read())"


def best_of(n: int, fn: Callable[[], object]) -> float:
    """The shortest wall time of ``n`` calls of ``fn``."""
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def process_time(
    argv: list[str], n: int, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
) -> float:
    """The shortest wall time of ``n`` runs of the process ``argv`` (stdout to /dev/null)."""
    environ = {**os.environ, **(env or {})}

    def run() -> None:
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environ)
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(argv)}: exit status {proc.returncode}")

    return best_of(n, run)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=WHOLE_CODE, help="input (default: the 1997 code, 2010 text)")
    ap.add_argument("--quick", action="store_true", help="scale 1x to 3x instead of 1x to 10x")
    ap.add_argument("--profile", action="store_true", help="print the top hotspots of a whole-code parse")
    ap.add_argument("--repeat", type=int, default=5, help="runs per figure (best is kept)")
    ap.add_argument(
        "--diff",
        type=Path,
        default=OLD_CODE if OLD_CODE.is_file() else None,
        help="also time `statuteparse diff DIFF FILE` (default: the 2009 text of the 1997 code)",
    )
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    from statuteparse import numbers, parse_bytes, transform
    from statuteparse.grammar import article_parser, sanction_parser

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    article_parser()
    sanction_parser("ru")
    sanction_parser("en")
    t_build = time.perf_counter() - t0

    data = args.file.read_bytes()
    text = data.decode("utf-8")
    chars = len(text)
    doc = parse_bytes(data)
    n_articles = len(doc.articles)
    print(f"input: {args.file} ({chars:,} characters, {n_articles} articles)")
    print(
        f"import statuteparse: {t_import * 1000:.0f} ms; build LALR parsers (ru, en): {t_build * 1000:.0f} ms"
    )

    def cold(payload: bytes) -> Callable[[], object]:
        """A parse with the per-process caches emptied first (what a new process meets)."""

        def run() -> object:
            transform._read_clause_at_zero.cache_clear()
            numbers._cardinal.cache_clear()
            return parse_bytes(payload)

        return run

    t_parse = best_of(args.repeat, cold(data))
    print(
        f"\nin-process parse, one process, caches emptied: {t_parse:.3f} s = {chars / t_parse:,.0f} chars/s, "
        f"{t_parse / max(n_articles, 1) * 1000:.2f} ms/article"
    )

    tracemalloc.start()
    cold(data)()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory: {peak / 2**20:.1f} MiB ({peak / len(data):.1f} bytes per input byte)")

    sequential = {"STATUTEPARSE_PARALLEL_THRESHOLD": str(10**12)}
    t_regex = process_time([sys.executable, "-c", REGEX_PASS, str(args.file)], args.repeat)
    t_floor = process_time([sys.executable, "-c", "import click, attrs, lark"], args.repeat)
    t_cli = process_time([str(CLI), "parse", str(args.file)], args.repeat)
    t_cli_seq = process_time([str(CLI), "parse", str(args.file)], args.repeat, env=sequential)
    print(f"\nwhole process, regex pass:                    {t_regex:.3f} s")
    print(f"whole process, python -c 'import click, attrs, lark': {t_floor:.3f} s")
    print(f"whole process, statuteparse parse (2 processes): {t_cli:.3f} s")
    print(f"whole process, statuteparse parse (1 process):   {t_cli_seq:.3f} s")
    print(f"ratio: {t_cli / t_regex:.1f}x the regex pass (target <= 5x)")

    if args.diff is not None:
        t_diff = process_time([str(CLI), "diff", str(args.diff), str(args.file)], args.repeat, ok=(0, 1))
        pair = f"{args.diff.name} {args.file.name}"
        print(f"whole process, statuteparse diff {pair}: {t_diff:.3f} s (target < 2 s)")

    factor = 3 if args.quick else 10
    big = data * factor
    t_big = best_of(1 if factor == 10 else args.repeat, cold(big))
    print(
        f"\nscaling: {factor}x the input: {t_big:.2f} s = {t_big / t_parse:.1f}x the time "
        f"(linear would be {factor}x; repeated sanctions hit the sanction cache)"
    )

    t_one = process_time([str(CLI), "parse", str(ARTICLE)], max(args.repeat, 7))
    t_python = process_time([sys.executable, "-c", "pass"], max(args.repeat, 7))
    print(
        f"\nsingle article, whole process: {t_one * 1000:.0f} ms (target <= 150 ms; "
        f"bare python start: {t_python * 1000:.0f} ms; "
        f"importing click, attrs and lark: {t_floor * 1000:.0f} ms)"
    )

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        parse_bytes(data)
        prof.disable()
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out)
        stats.sort_stats("tottime").print_stats(25)
        print("\nhotspots (own time):")
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
