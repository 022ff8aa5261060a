"""Adversarial inputs: does parsing time grow linearly with the input?

Run from the checkout::

    .venv/bin/python benchmarks/bench_linear.py            # n = 500 and 2000 repetitions
    .venv/bin/python benchmarks/bench_linear.py --n 1000   # n and 4n

Each case repeats one small unit (a dash, a comma, ``<*>``, a line break, ``а)`` …)
``n`` and ``4n`` times inside one context (a part, an item, a sanction, a sanction's
subject, an English sanction, a heading) and parses both.  Linear time gives a ratio
near 4; a regular expression that backtracks over the repeated unit gives about 16
(quadratic), which would hang on a megabyte.  Cases whose ratio exceeds 7 (and that
take more than 50 ms) are printed; ``--all`` prints every case.

``--memory`` measures instead the peak memory (tracemalloc) per input character of
parsing a few large inputs (runs of 16 blanks, plain prose, many parts, many articles)
at two sizes: bytes per character that stay flat from one size to the next mean memory
linear in the input.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from statuteparse import StatuteParseError, parse_text  # noqa: E402

UNITS = [
    " -",
    ",",
    " ,",
    "- ",
    "(",
    ")",
    "((",
    "а) ",
    "1. ",
    ";",
    "; ",
    ": ",
    " и ",
    "или ",
    "либо ",
    "с ",
    "со ",
    "в ",
    "на ",
    "от ",
    "до ",
    "пяти ",
    "лет ",
    "*",
    "**",
    "#",
    "<*>",
    "см. ",
    "P",
    "A1",
    "—",
    "– ",
    ".",
    ". ",
    "\t",
    "\u00a0",
    " ",
    "\n",
    " \n",
    "-\n",
    "х-\nх",
    "лица ",
    "а в ",
    "размере ",
    "or ",
    "with ",
    "for ",
    "in the amount ",
    "a) ",
    "of ",
    "(В ",
    "В редакции ",
    "Сноска",
    "права ",
    "конфискацией ",
    "лишением ",
]
CONTEXTS = {
    "part": lambda u: "Статья 1. X\n1. Кража " + u + "x\n",
    "item": lambda u: "Статья 1. X\n1. Деяния:\nа) кража " + u + "x\n",
    "sanction": lambda u: "Статья 1. X\n1. Кража - наказывается лишением свободы " + u + "x.\n",
    "subject": lambda u: "Статья 1. X\n1. Кража - наказывается штрафом на физических лиц " + u + "x.\n",
    "en": lambda u: "Article 1: X\n1. Theft shall be punished by a fine for individuals " + u + "x.\n",
    "heading": lambda u: "Статья 1. " + u + "\n1. Кража\n",
}


def timed(text: str) -> float:
    t = time.perf_counter()
    try:
        parse_text(text)
    except StatuteParseError:
        pass
    return time.perf_counter() - t


MEMORY_CASES = {
    "runs of 16 blanks": lambda n: "Статья 1. X\n1. Кража" + ("x" + " " * 16) * (n // 17) + "\n",
    "plain prose": lambda n: "Статья 1. X\n1. Кража " + "слово " * (n // 6) + "\n",
    "many parts": lambda n: "Статья 1. X\n" + "".join(f"{i}. Кража.\n" for i in range(1, n // 12)),
    "many articles": lambda n: "".join(
        f"Статья {i}. Кража\n1. Кража - наказывается штрафом.\n" for i in range(1, n // 52)
    ),
}


def memory(sizes: tuple[int, ...]) -> None:
    """Peak traced memory per input character, per case and size."""
    import tracemalloc

    timed("Статья 1. X\n1. a - наказывается штрафом.")
    for name, build in MEMORY_CASES.items():
        for n in sizes:
            text = build(n)
            tracemalloc.start()
            t = time.perf_counter()
            timed(text)
            spent = time.perf_counter() - t
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{name:18s} {len(text):9,d} chars  peak {peak / 2**20:7.1f} MiB  "
                f"{peak / len(text):6.0f} bytes/char  {spent:6.2f} s",
                flush=True,
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--memory", action="store_true", help="peak memory per input character instead")
    args = ap.parse_args()
    if args.memory:
        memory((100_000, 400_000))
        return 0
    timed("Статья 1. X\n1. a - наказывается штрафом.")  # build the parsers first
    worst = 0.0
    for (name, context), unit in itertools.product(CONTEXTS.items(), UNITS):
        # Best of two, to keep a stray pause from looking like backtracking.
        small = min(timed(context(unit * args.n)) for _ in range(2))
        large = min(timed(context(unit * 4 * args.n)) for _ in range(2))
        ratio = large / max(small, 1e-4)
        if args.all or (ratio > 7 and large > 0.05):
            print(
                f"{name:9s} {unit!r:18s} n: {small * 1000:8.1f} ms  "
                f"4n: {large * 1000:8.1f} ms  ratio {ratio:5.1f}",
                flush=True,
            )
        worst = max(worst, ratio if large > 0.05 else 0.0)
    print(f"worst ratio (4x input): {worst:.1f} (linear ~4, quadratic ~16)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
