"""Check that every corpus file is a verbatim copy of its recorded source.

Run from the repository root: ``python corpus/verify.py``. Standard library only.

Reads ``corpus/SOURCES.tsv`` and checks, for each row:

* ``source_kind == "shared"``: the corpus file is byte-identical to
  ``../shared/<source>`` (the shared folder beside the repository root).
* ``source_kind == "seed"``: the corpus file equals the text rebuilt from the seed
  cells listed in ``seed_cells`` (``LINE:CELL`` pairs, 1-based seed line, 0-based
  tab-separated cell), joined by as many newlines as the seed line numbers differ
  (so the blank lines of a page break are kept), plus one final newline; the lines
  between two pieces must be empty in the seed; and every non-empty line of the
  corpus file occurs verbatim in the seed.

It also checks that the table and the files under ``corpus/kz`` match one to one and
that every ``*.txt`` in ``../shared/corpus-sources/kz/articles`` is in the corpus.
Exits 1 on any mismatch, 2 if ``../shared`` is missing.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
REPO = CORPUS.parent
SHARED = REPO.parent / "shared"
TABLE = CORPUS / "SOURCES.tsv"
ARTICLES = SHARED / "corpus-sources" / "kz" / "articles"


def rebuild_from_seed(seed_lines: list[str], spec: str) -> str:
    """Rebuild a corpus file from a ``LINE:CELL,LINE:CELL`` spec (see module docstring)."""
    out: list[str] = []
    prev: int | None = None
    for piece in spec.split(","):
        line_s, cell_s = piece.split(":")
        line, cell = int(line_s), int(cell_s)
        if prev is not None:
            if line <= prev:
                raise ValueError(f"seed pieces out of order: {spec}")
            between = seed_lines[prev : line - 1]
            if any(x != "" for x in between):
                raise ValueError(f"non-empty seed line between pieces {prev} and {line}")
            out.append("\n" * (line - prev))
        cells = seed_lines[line - 1].split("\t")
        if cell >= len(cells) or cells[cell] == "":
            raise ValueError(f"seed line {line} has no text in cell {cell}")
        out.append(cells[cell])
        prev = line
    return "".join(out) + "\n"


def main() -> int:
    if not SHARED.is_dir():
        print(f"verify: {SHARED} not found (expected ../shared beside the repository root)", file=sys.stderr)
        return 2
    with TABLE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))

    errors: list[str] = []
    seeds: dict[str, tuple[str, list[str]]] = {}
    listed = set()
    for row in rows:
        rel = row["path"]
        listed.add(rel)
        target = REPO / rel
        if not target.is_file():
            errors.append(f"{rel}: missing")
            continue
        data = target.read_bytes()
        src = SHARED / row["source"]
        if not src.is_file():
            errors.append(f"{rel}: its source {src} is missing (a partial ../shared?)")
            continue
        if row["source_kind"] == "shared":
            if data != src.read_bytes():
                errors.append(f"{rel}: differs from {src}")
        elif row["source_kind"] == "seed":
            if row["source"] not in seeds:
                text = src.read_text(encoding="utf-8")
                seeds[row["source"]] = (text, text.split("\n"))
            seed_text, seed_lines = seeds[row["source"]]
            try:
                expected = rebuild_from_seed(seed_lines, row["seed_cells"])
            except (ValueError, IndexError) as exc:
                errors.append(f"{rel}: bad seed_cells {row['seed_cells']!r}: {exc}")
                continue
            if data != expected.encode("utf-8"):
                errors.append(f"{rel}: differs from seed cells {row['seed_cells']}")
            for n, line in enumerate(data.decode("utf-8").split("\n"), 1):
                if line and line not in seed_text:
                    errors.append(f"{rel}:{n}: line not found verbatim in the seed")
        else:
            errors.append(f"{rel}: unknown source_kind {row['source_kind']!r}")

    # corpus/kz/amending/ holds whole amending laws with their own SOURCES.md (checked by
    # tests/test_amend_corpus.py); this table covers the article versions.
    # corpus/kz/whole/ holds the whole codes, with their own SOURCES.md and checksums
    # (tests/test_corpus_sources.py).
    apart = (CORPUS / "kz" / "amending", CORPUS / "kz" / "whole")
    on_disk = {
        p.relative_to(REPO).as_posix()
        for p in (CORPUS / "kz").rglob("*")
        if p.is_file() and not any(a in p.parents for a in apart)
    }
    for rel in sorted(on_disk - listed):
        errors.append(f"{rel}: not listed in SOURCES.tsv")
    if len(listed) != len(rows):
        errors.append("SOURCES.tsv lists a path twice")
    copied = {r["source"] for r in rows if r["source_kind"] == "shared"}
    for p in sorted(ARTICLES.glob("*.txt")):
        if p.relative_to(SHARED).as_posix() not in copied:
            errors.append(f"{p}: shared source not copied into the corpus")

    for e in errors:
        print(f"verify: {e}", file=sys.stderr)
    if errors:
        return 1
    print(f"verify: {len(rows)} corpus files match their sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
