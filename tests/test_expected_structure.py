"""Hand-verified structure of every corpus file: the test oracle.

The expectations in ``tests/fixtures/expected/<code>.json`` were written by reading the statute text of each
corpus file (not the parser's output), following /work/shared/spec/json-contract.md.  Layout::

    {"files": {"corpus/kz/<code>/art<N>/<label>.<lang>.txt": {
        "language": "ru" | "en",
        "comment": "optional remark (fragments, ...)",
        "articles": [{
            "number": "128", "title": "...", "notes": <number of notes>,
            "xfail": {"article": "parser bug: ..."},                      # optional
            "parts": [{
                "number": 1,
                "circumstances": ["а", "б"],                               # labels in order
                "refers_to": [1, 2],
                "penalties": null | [{"kind", "min", "max", "subject",      # null = no sanction at all
                                      "additional": [{"kind", "mode", "max"}]}],
                "xfail": {"circumstances" | "refers_to" | "sanction": "parser bug: ..."}   # optional
            }]
        }]
    }}}

Each file gives one test case for the article headers (number, title, number of parts, number of notes) and
three per part (circumstances, refers_to, sanction), so a known parser bug is marked ``xfail(strict=True)`` on
exactly the case it breaks.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from statuteparse import parse_file

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_DIR = Path(__file__).resolve().parent / "fixtures" / "expected"
ASPECTS = ("circumstances", "refers_to", "sanction")


def _load() -> dict[str, dict]:
    files: dict[str, dict] = {}
    for path in sorted(EXPECTED_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for source, exp in data["files"].items():
            assert source not in files, f"{source} expected twice"
            files[source] = exp
    return files


EXPECTED = _load()


@cache
def _parsed(source: str) -> dict:
    return parse_file(ROOT / source).to_dict()


def _mark(reason: str | None):
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _article_cases():
    for source, exp in EXPECTED.items():
        reason = " / ".join(a["xfail"]["article"] for a in exp["articles"] if "article" in a.get("xfail", {}))
        yield pytest.param(source, id=source, marks=_mark(reason or None))


def _part_cases():
    for source, exp in EXPECTED.items():
        for ai, art in enumerate(exp["articles"]):
            for pi, part in enumerate(art["parts"]):
                for aspect in ASPECTS:
                    reason = part.get("xfail", {}).get(aspect)
                    case = f"{source}::art{art['number'] or '?'}::part{part['number']}::{aspect}"
                    yield pytest.param(source, ai, pi, aspect, id=case, marks=_mark(reason))


def test_every_corpus_file_has_expectations():
    corpus = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "corpus" / "kz").rglob("*.txt"))
    missing = [p for p in corpus if p not in EXPECTED]
    stale = [p for p in EXPECTED if p not in corpus]
    assert not missing, f"corpus files without hand-verified expectations: {missing}"
    assert not stale, f"expectations for files that are not in the corpus: {stale}"


@pytest.mark.parametrize("source", list(_article_cases()))
def test_articles(source):
    exp = EXPECTED[source]
    doc = _parsed(source)
    lang, text_lang = doc["language"], exp["language"]
    assert lang == text_lang, f"{source}: language {lang!r}, text is {text_lang!r}"
    got = [(a["number"], a["title"], len(a["parts"]), len(a["notes"])) for a in doc["articles"]]
    want = [(a["number"], a["title"], len(a["parts"]), a["notes"]) for a in exp["articles"]]
    assert len(got) == len(want), f"{source}: {len(got)} articles {got}, text has {len(want)} {want}"
    for g, w in zip(got, want, strict=True):
        art = f"{source} art. {w[0]!r}"
        assert g[0] == w[0], f"{art}: number {g[0]!r}, text says {w[0]!r}"
        assert g[1] == w[1], f"{art}: title {g[1]!r}, text says {w[1]!r}"
        assert g[2] == w[2], f"{art}: {g[2]} parts, text has {w[2]}"
        assert g[3] == w[3], f"{art}: {g[3]} notes, text has {w[3]}"
    for ga, wa in zip(doc["articles"], exp["articles"], strict=True):
        numbers = [p["number"] for p in ga["parts"]]
        text_numbers = [p["number"] for p in wa["parts"]]
        where = f"{source} art. {wa['number']!r}"
        assert numbers == text_numbers, f"{where}: part numbers {numbers}, text has {text_numbers}"


def _q(q):
    return None if q is None else f"{q['value']} {q['unit']}"


def _penalty(p: dict) -> dict:
    """The contract fields of a penalty, in the fixture's shape."""
    return {
        "kind": p["kind"],
        "min": p["min"] and {"value": p["min"]["value"], "unit": p["min"]["unit"]},
        "max": p["max"] and {"value": p["max"]["value"], "unit": p["max"]["unit"]},
        "subject": p["subject"],
        "additional": [{"kind": a["kind"], "mode": a["mode"],
                        "max": a["max"] and {"value": a["max"]["value"], "unit": a["max"]["unit"]}}
                       for a in p["additional"]],
    }


def _show(p: dict) -> str:
    add = ", ".join(f"{a['kind']}/{a['mode']}" + (f" max {_q(a['max'])}" if a["max"] else "")
                    for a in p["additional"])
    subj = f" [{p['subject']}]" if p["subject"] else ""
    return f"{p['kind']}{subj} {_q(p['min'])}..{_q(p['max'])}" + (f" + {add}" if add else "")


@pytest.mark.parametrize("source,ai,pi,aspect", list(_part_cases()))
def test_parts(source, ai, pi, aspect):
    art = EXPECTED[source]["articles"][ai]
    want = art["parts"][pi]
    where = f"{source} art. {art['number']!r} part {want['number']}"
    doc = _parsed(source)
    assert ai < len(doc["articles"]), f"{where}: parser gives only {len(doc['articles'])} articles"
    parts = doc["articles"][ai]["parts"]
    matching = [p for p in parts if p["number"] == want["number"]]
    assert len(matching) == 1, f"{where}: parser parts are {[p['number'] for p in parts]}"
    got = matching[0]

    if aspect == "circumstances":
        labels = [c["label"] for c in got["circumstances"]]
        assert labels == want["circumstances"], \
            f"{where}: circumstances {labels}, text has {want['circumstances']}"
    elif aspect == "refers_to":
        assert got["refers_to"] == want["refers_to"], \
            f"{where}: refers_to {got['refers_to']}, text refers to {want['refers_to']}"
    else:
        if want["penalties"] is None:
            found = got["sanction"] and got["sanction"]["text"]
            assert got["sanction"] is None, f"{where}: parser found a sanction {found!r}, text has none"
            return
        assert got["sanction"] is not None, f"{where}: no sanction parsed; text has {want['penalties']}"
        penalties = [_penalty(p) for p in got["sanction"]["penalties"]]
        assert penalties == want["penalties"], (
            f"{where}: sanction\n  parser: {[_show(p) for p in penalties]}\n"
            f"  text:   {[_show(p) for p in want['penalties']]}")
