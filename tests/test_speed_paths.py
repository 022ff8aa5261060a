"""The speed machinery changes how fast, never what: program caches, parallel builds, fast exit.

Each test compares the fast path with the plain one on real text.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_util import CORPUS, whole_code

from statuteparse import cachedir, programs
from statuteparse.parse import parse_file, parse_in_parallel, parse_text, prepare_text
from statuteparse.serialize import document_to_dict

ARTICLE = CORPUS / "kz/cc1997/art128/2010.ru.txt"
SAMPLES = ["наказывается лишением свободы на срок до пяти лет", "Article 128-1. a) b)", "", "x" * 50]
PATTERNS = [
    (r"(?P<word>\w+)[ \t]+(?:до|от)\b", 0),
    (r"(?i:НАКАЗЫВА\w+)|(?P<art>Article)[ \t]+\d+(?:-\d+)?", 0),
    (r"^(?:[а-яё]|\d{1,2})\)", re.M),
    (r"(?<=\w)-(?=\w)|b\)", re.I),
]


def _behaviour(pattern: re.Pattern[str]) -> list[object]:
    return [
        (pattern.groups, dict(pattern.groupindex), pattern.flags),
        *([(m.span(), m.groups()) for m in pattern.finditer(s)] for s in SAMPLES),
    ]


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> cachedir.PrivateFolder:
    """A fresh private cache folder for this test (STATUTEPARSE_CACHE_DIR)."""
    monkeypatch.setenv("STATUTEPARSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("STATUTEPARSE_NO_CACHE", raising=False)
    folder = cachedir.private_folder()
    if folder is None:
        pytest.skip("no private cache folder on this platform")
    return folder


def test_stored_programs_compile_to_the_patterns_re_makes(private_cache: cachedir.PrivateFolder) -> None:
    cold = programs.ProgramCache.load("p")
    assert len(cold) == 0
    for source, flags in PATTERNS:
        assert _behaviour(cold.compile(source, flags)) == _behaviour(re.compile(source, flags))
    cold.save("p")
    warm = programs.ProgramCache.load("p")
    assert len(warm) == len(PATTERNS)
    for source, flags in PATTERNS:
        assert _behaviour(warm.compile(source, flags)) == _behaviour(re.compile(source, flags))
    assert warm.added == 0  # everything came from the file
    with pytest.raises(re.error):
        warm.compile("(unclosed")  # invalid patterns fail as re.compile fails


def _program_file(name: str) -> str:
    return f"{name}.{programs.format_tag()}.sre"


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal data", marshal.dumps(("another-python", {})), bytes(16) + marshal.dumps([1, 2, 3])],
    ids=["empty", "garbage", "no-mac", "wrong-checksum"],
)
def test_an_unusable_program_file_is_ignored(private_cache: cachedir.PrivateFolder, content: bytes) -> None:
    (Path(private_cache.path) / _program_file("p")).write_bytes(content)
    cache = programs.ProgramCache.load("p")
    assert len(cache) == 0
    source, flags = PATTERNS[0]
    assert _behaviour(cache.compile(source, flags)) == _behaviour(re.compile(source, flags))


def _write_programs(
    folder: cachedir.PrivateFolder, name: str, entries: dict[tuple[str, int], tuple[object, ...]]
) -> None:
    """A program file as ProgramCache.save writes it (MAC + marshal), with any entries."""
    assert folder.write(_program_file(name), marshal.dumps((programs.format_tag(), entries)))


def test_a_stored_program_that_does_not_fit_is_compiled_afresh(private_cache: cachedir.PrivateFolder) -> None:
    source, flags = PATTERNS[1]
    _write_programs(private_cache, "p", {(source, flags): (source, flags, [12345, 0], 0, {}, (None,))})
    cache = programs.ProgramCache.load("p")
    assert _behaviour(cache.compile(source, flags)) == _behaviour(re.compile(source, flags))


def test_a_program_stored_under_another_pattern_is_not_used(private_cache: cachedir.PrivateFolder) -> None:
    digits = programs._program(r"\d+", 0)
    _write_programs(private_cache, "p", {("[a-z]+", 0): digits})
    cache = programs.ProgramCache.load("p")
    assert len(cache) == 0
    assert cache.compile("[a-z]+").findall("abc 123") == ["abc"]


def test_a_program_swapped_with_a_recomputed_unkeyed_checksum_is_not_used(
    private_cache: cachedir.PrivateFolder,
) -> None:
    """The attack of issue 13: a valid program of another pattern, the file's checksum recomputed."""
    cache = programs.ProgramCache()
    cache.compile(r"\d+")
    cache.save("p")
    path = Path(private_cache.path) / _program_file("p")
    raw = path.read_bytes()
    head = len(cachedir.MAGIC) + 32
    tag, entries = marshal.loads(raw[head:])
    swapped = {key: (key[0], *programs._program("1", 0)[1:]) for key in entries}  # matches "1" only
    body = marshal.dumps((tag, swapped))
    for mac in (hashlib.blake2b(body, digest_size=32).digest(), raw[len(cachedir.MAGIC) : head]):
        path.write_bytes(cachedir.MAGIC + mac + body)
        loaded = programs.ProgramCache.load("p")
        assert len(loaded) == 0
        assert loaded.compile(r"\d+").findall("128 and 1") == ["128", "1"]


def test_a_damaged_byte_anywhere_discards_the_file(private_cache: cachedir.PrivateFolder) -> None:
    cache = programs.ProgramCache()
    cache.compile("a")
    cache.save("p")
    assert len(programs.ProgramCache.load("p")) == 1
    path = Path(private_cache.path) / _program_file("p")
    raw = bytearray(path.read_bytes())
    for where in range(len(raw)):
        damaged = bytearray(raw)
        damaged[where] ^= 0x01
        path.write_bytes(bytes(damaged))
        reloaded = programs.ProgramCache.load("p")
        assert len(reloaded) == 0, f"byte {where} changed and the file was still used"
        assert reloaded.compile("a").findall("aaa") == ["a", "a", "a"]


def test_lazy_patterns_compile_on_first_use_and_bind_methods() -> None:
    lazy = programs.lazy_re(r"(?P<n>\d+)-(?P<m>\d+)")
    assert "match" not in vars(lazy)
    assert lazy.match("275-1").group("m") == "1"
    assert "match" in vars(lazy)  # later calls skip __getattr__
    assert lazy.groupindex == {"n": 1, "m": 2}


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statuteparse", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_cold_and_warm_caches_and_no_cache_give_identical_output(tmp_path: Path) -> None:
    env = {"STATUTEPARSE_CACHE_DIR": str(tmp_path / "cache")}
    cold = _cli("parse", str(ARTICLE), env=env)
    written = sorted(p.name for p in (tmp_path / "cache").iterdir())
    warm = _cli("parse", str(ARTICLE), env=env)
    off = _cli("parse", str(ARTICLE), env={"STATUTEPARSE_NO_CACHE": "1", **env})
    assert cold.returncode == warm.returncode == off.returncode == 0
    assert cold.stdout == warm.stdout == off.stdout
    assert cold.stdout.startswith("{") and '"number": "128"' in cold.stdout
    if programs.format_tag() is not None:
        assert any(name.startswith("sanction-ru-") and name.endswith(".sre") for name in written)
        assert any(name.startswith("patterns-") for name in written)
    assert not any(name.endswith((".cache", ".pickle", ".pkl")) for name in written)


def test_the_program_exits_with_the_commands_status_and_complete_output(tmp_path: Path) -> None:
    env = {"STATUTEPARSE_CACHE_DIR": str(tmp_path)}
    ok = _cli("parse", str(ARTICLE), env=env)
    assert ok.returncode == 0 and ok.stdout.rstrip().endswith("}") and ok.stderr == ""
    missing = _cli("parse", str(tmp_path / "missing.txt"), env=env)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    newer = CORPUS / "kz/cc2014/art128/2020.ru.txt"
    changed = _cli("diff", str(ARTICLE), str(newer), env=env)
    assert changed.returncode == 1 and changed.stdout.rstrip().endswith("}")
    same = _cli("diff", str(ARTICLE), str(ARTICLE), env=env)
    assert same.returncode == 0


@pytest.fixture
def always_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork whatever the machine's load (the two-process path steps aside when the other core is busy)."""
    monkeypatch.setenv("STATUTEPARSE_PARALLEL", "1")


def test_two_processes_step_aside_when_the_other_core_is_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    from statuteparse import parse as parse_module

    monkeypatch.delenv("STATUTEPARSE_PARALLEL", raising=False)
    monkeypatch.setattr(parse_module, "_cores", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert not parse_module._cores_busy()  # an idle machine: two processes
    monkeypatch.setattr(parse_module, "_cores_busy", lambda: True)
    assert parse_module._fork_with_pipe() is None  # a busy one: this process alone


@pytest.mark.usefixtures("always_fork")
def test_parallel_build_gives_the_documents_a_single_process_builds() -> None:
    paths = [CORPUS / "kz/cc1997/art128/2009.ru.txt", ARTICLE, CORPUS / "kz/cc2014/art128/2020.ru.txt"]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    parallel = parse_in_parallel([prepare_text(t, source=str(p)) for t, p in zip(texts, paths, strict=True)])
    single = [parse_text(t, source=str(p)) for t, p in zip(texts, paths, strict=True)]
    assert [document_to_dict(d) for d in parallel] == [document_to_dict(d) for d in single]


@pytest.mark.usefixtures("always_fork")
def test_parallel_build_of_two_whole_codes_matches() -> None:
    old, new = whole_code("cc1997-2009.ru.md"), whole_code("cc1997-2010.ru.md")
    prepared = [prepare_text(p.read_text(encoding="utf-8"), source=str(p)) for p in (old, new)]
    parallel = parse_in_parallel(prepared)
    assert [document_to_dict(d) for d in parallel] == [
        document_to_dict(parse_file(old)),
        document_to_dict(parse_file(new)),
    ]
    assert [len(d.articles) for d in parallel] == [412, 416]


def test_without_fork_the_parallel_build_runs_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    texts = [ARTICLE.read_text(encoding="utf-8")]
    (doc,) = parse_in_parallel([prepare_text(texts[0], source=str(ARTICLE))])
    assert document_to_dict(doc) == document_to_dict(parse_text(texts[0], source=str(ARTICLE)))


@pytest.mark.usefixtures("always_fork")
def test_a_failure_here_stops_the_child_instead_of_hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child writes more than a pipe holds; if this process fails first, nobody must wait for ever."""
    import pickle

    from statuteparse import parse as parse_module

    if parse_module._cores() < 2 or not hasattr(os, "fork"):
        pytest.skip("no second core: nothing is forked")
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("kz/cc1997/*/*.ru.txt"))]
    prepared = prepare_text("\n\n".join(texts))
    childs = [i for i in prepared.article_indices if parse_module._share(prepared.pieces[i], i) == 1]
    payload = pickle.dumps({i: parse_module.build_article(prepared, i) for i in childs})
    assert len(payload) > 1 << 16  # more than a pipe holds (64 KiB on Linux): the child blocks until read
    real = parse_module.build_article
    parent = os.getpid()

    def failing(p: parse_module.Prepared, index: int) -> parse_module.Built:
        if os.getpid() == parent:
            raise RuntimeError("a bug while building")
        return real(p, index)

    monkeypatch.setattr(parse_module, "build_article", failing)
    with pytest.raises(RuntimeError, match="a bug while building"):
        parse_in_parallel([prepared])


def test_the_library_imports_only_what_parsing_needs(tmp_path: Path) -> None:
    """``parse_text`` loads neither the command line, the differ, orjson, charset-normalizer nor ``regex``."""
    script = (
        "import sys, statuteparse\n"
        f"doc = statuteparse.parse_file({str(ARTICLE)!r})\n"
        "assert doc.articles[0].number == '128'\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(loaded & {'click', 'rapidfuzz', 'orjson', 'charset_normalizer'}))\n"
        "print('regex._main' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "STATUTEPARSE_CACHE_DIR": str(tmp_path / "cache")},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "False"]


def test_regex_still_works_when_used_after_being_deferred() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import statuteparse, lark, regex; print(regex.sub(r'\\p{L}+', 'w', 'ab 1'))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout == "w 1\n", done.stderr


def test_every_public_name_resolves() -> None:
    import statuteparse

    assert sorted(statuteparse.__all__) == sorted(statuteparse._HOMES)
    for name in statuteparse.__all__:
        assert getattr(statuteparse, name) is not None
    script = "import statuteparse as s; assert callable(s.diff) and isinstance(s.Diff, type)"
    assert subprocess.run([sys.executable, "-c", script], timeout=60).returncode == 0


def _corpus_documents() -> list[str]:
    from statuteparse.serialize import dumps

    paths = sorted(CORPUS.glob("kz/*/*/*.txt"))[::3]
    out = []
    for path in paths:
        try:
            out.append(dumps(document_to_dict(parse_file(path))))
        except Exception as exc:  # noqa: BLE001 - the same failure must happen both ways
            out.append(f"{type(exc).__name__}: {exc}")
    return out


def test_lark_cython_and_pure_lark_give_identical_output(monkeypatch: pytest.MonkeyPatch) -> None:
    from statuteparse import grammar

    def fresh() -> None:
        grammar._cython_plugins.cache_clear()
        grammar.article_parser.cache_clear()
        grammar.sanction_parser.cache_clear()
        for cached in vars(grammar).values():
            if callable(getattr(cached, "cache_clear", None)) and cached is not grammar._grammar_folder:
                cached.cache_clear()
        from statuteparse import transform

        for cached in vars(transform).values():
            if callable(getattr(cached, "cache_clear", None)):
                cached.cache_clear()

    fresh()
    if not grammar.uses_lark_cython():
        pytest.skip("lark-cython is not installed")
    try:
        fast = _corpus_documents()
        text = whole_code("cc1997-2010.ru.md").read_text(encoding="utf-8")
        fast.append(repr(document_to_dict(parse_text(text))))
        monkeypatch.setenv("STATUTEPARSE_PURE_LARK", "1")
        fresh()
        assert not grammar.uses_lark_cython()
        pure = _corpus_documents()
        pure.append(repr(document_to_dict(parse_text(text))))
    finally:
        monkeypatch.delenv("STATUTEPARSE_PURE_LARK", raising=False)
        fresh()
    assert len(fast) > 10
    assert fast == pure


def test_language_detection_on_bytes_agrees_with_lang() -> None:
    from statuteparse import lang
    from statuteparse import parse as parse_module

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("kz/*/*/*.txt"))]
    prepared = prepare_text(whole_code("cc1997-2010.ru.md").read_text(encoding="utf-8"))
    texts += [prepared.text[p.start : p.end] for p in prepared.pieces]
    texts += [
        "",
        "abc где",
        "ab где",
        "Ӑӛ Ԁԁ ab",  # Cyrillic block ends at U+04FF: U+0500 is not counted
        "ÉÀ é abc дд",
        "x" * 4999 + "ддд",
        "д" * 2600 + "x" * 2500,
        "\ud800 surrogate abc",
        "Article 128. Слово",
        "ѐ ѐ ѐ ab" * 3,
    ]
    for text in texts:
        assert parse_module.detect_language(text) == lang.detect_language(text), text[:80]
