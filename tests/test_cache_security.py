"""The disk cache cannot run code or change the output (issue 13).

Every location the cache could live in is tried with planted files: pickles that would
run code when unpickled (the old ``.lark.cache`` format and every name the cache uses
now), program files whose programs were swapped for those of other patterns (with an
unkeyed checksum recomputed, or a MAC under a planted key), planted keys, symbolic
links and folders that belong to someone else or that others may write to.  Then every
cache file is damaged byte by byte.  The output must stay what it is without a cache,
and the payload must never run.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from corpus_util import CORPUS

from statuteparse import cachedir, grammar, numbers, programs
from statuteparse.parse import parse_text
from statuteparse.serialize import document_to_dict

ARTICLE = CORPUS / "kz/cc1997/art128/2010.ru.txt"
_CACHE_VARS = ("STATUTEPARSE_CACHE_DIR", "XDG_CACHE_HOME", "HOME", "TMPDIR", "STATUTEPARSE_NO_CACHE")

pytestmark = pytest.mark.skipif(not cachedir._SUPPORTED, reason="no disk cache on this platform")


class _Payload:
    """Unpickled, it creates the marker file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def _run(env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in _CACHE_VARS}
    src = str(Path(__file__).resolve().parent.parent)
    base["PYTHONPATH"] = src + os.pathsep + base.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "statuteparse", "parse", str(ARTICLE.resolve())],
        capture_output=True,
        text=True,
        env={**base, **env},
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    home = tmp_path_factory.mktemp("refhome")
    done = _run({"STATUTEPARSE_NO_CACHE": "1", "HOME": str(home)})
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files a real run writes into an empty cache folder."""
    folder = tmp_path_factory.mktemp("genuine") / "cache"
    done = _run({"STATUTEPARSE_CACHE_DIR": str(folder)})
    assert done.returncode == 0, done.stderr
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert "key" in files
    assert any(n.endswith(".json") for n in files) and any(n.endswith(".sre") for n in files)
    return files


def _old_lark_cache_names() -> list[str]:
    """The names the cache used before issue 13 (Lark's pickled ``.lark.cache``)."""
    import lark

    names = []
    for name, text, _ in grammar._sources():
        digest = hashlib.sha256((lark.__version__ + "\0" + text).encode("utf-8")).hexdigest()[:16]
        names.append(f"{name}-{digest}.lark.cache")
    return names


def _swapped_programs(body: bytes) -> bytes:
    """A program file's body with every program replaced by that of another pattern of the file."""
    tag, entries = marshal.loads(body)
    keys = list(entries)
    swapped = {key: (key[0], *entries[keys[(i + 1) % len(keys)]][1:]) for i, key in enumerate(keys)}
    return marshal.dumps((tag, swapped))


def _plant(folder: Path, genuine: dict[str, bytes], marker: Path, *, with_key: bool) -> None:
    """Fill ``folder`` with what an attacker would leave there."""
    payload = pickle.dumps(_Payload(marker))
    head = len(cachedir.MAGIC) + 32
    planted_key = b"k" * 32
    for name in _old_lark_cache_names():
        (folder / name).write_bytes(b"0" * 64 + b"\n" + payload + payload)
    for name, content in genuine.items():
        if name == "key":
            if with_key:
                (folder / name).write_bytes(planted_key)
                (folder / name).chmod(0o600)
            continue
        if name.endswith(".sre"):
            body = _swapped_programs(content[head:])
            if with_key:
                mac = cachedir._mac(planted_key, name, body)
            else:
                mac = hashlib.blake2b(body, digest_size=32).digest()  # an unkeyed checksum, recomputed
            (folder / name).write_bytes(cachedir.MAGIC + mac + body)
        else:
            (folder / name).write_bytes(payload)
            (folder / f"{name}.pickle").write_bytes(payload)


def _location(root: Path, where: str) -> tuple[Path, dict[str, str], Path | None]:
    """The cache folder the code would use for ``where``, and the environment that selects it."""
    home = root / "home"
    home.mkdir(exist_ok=True)
    if where == "STATUTEPARSE_CACHE_DIR":
        folder = root / "shared-cache"
        return folder, {"STATUTEPARSE_CACHE_DIR": str(folder), "HOME": str(home)}, None
    if where == "XDG_CACHE_HOME":
        return root / "xdg" / "statuteparse", {"XDG_CACHE_HOME": str(root / "xdg"), "HOME": str(home)}, None
    if where == "relative XDG_CACHE_HOME":
        # A relative XDG_CACHE_HOME is ignored (XDG specification): nothing in cwd/rel is read.
        evil = root / "evil"
        evil.mkdir(exist_ok=True)
        return evil / "rel" / "statuteparse", {"XDG_CACHE_HOME": "rel", "HOME": str(home)}, evil
    if where == "HOME":
        return home / ".cache" / "statuteparse", {"HOME": str(home)}, None
    assert where == "temp"
    tmp = root / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {"HOME": str(root / "no-such-home"), "TMPDIR": str(tmp)}
    return tmp / f"statuteparse-cache-{os.geteuid()}", env, None


LOCATIONS = ["STATUTEPARSE_CACHE_DIR", "XDG_CACHE_HOME", "relative XDG_CACHE_HOME", "HOME", "temp"]
#: How the planted folder looks: ours (0700, files planted anyway, no key planted: it
#: could not be), writable by others (0777, key planted), someone else's (0700, key
#: planted), or a symbolic link to a folder others can write to (key planted).
SCENARIOS = ["ours", "writable by others", "someone else's", "symlink"]


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("where", LOCATIONS)
def test_planted_cache_files_run_no_code_and_change_nothing(
    tmp_path: Path, where: str, scenario: str, reference: str, genuine: dict[str, bytes]
) -> None:
    folder, env, cwd = _location(tmp_path, where)
    marker = tmp_path / "PWNED"
    if scenario == "someone else's" and os.geteuid() != 0:
        pytest.skip("making a folder someone else's needs root")
    target = folder if scenario != "symlink" else tmp_path / "attacker"
    target.mkdir(parents=True, mode=0o700)
    _plant(target, genuine, marker, with_key=scenario != "ours")
    if scenario == "writable by others":
        target.chmod(0o777)
    elif scenario == "someone else's":
        for path in [target, *target.iterdir()]:
            os.chown(path, 65534, 65534)
    elif scenario == "symlink":
        target.chmod(0o777)
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.symlink_to(target, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    for _ in range(2):  # the second run meets whatever the first one left
        done = _run(env, cwd)
        assert done.returncode == 0, done.stderr
        assert done.stdout == reference
        assert done.stderr == ""
        assert not marker.exists(), "a planted pickle was loaded"

    if scenario != "ours" or where == "relative XDG_CACHE_HOME":  # a folder not used is left alone
        assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    else:  # our folder: the planted files were ignored and replaced by good ones
        assert (folder / "key").stat().st_mode & 0o077 == 0
        assert folder.stat().st_mode & 0o777 == 0o700


def test_the_planted_payloads_are_live(tmp_path: Path, genuine: dict[str, bytes]) -> None:
    """Control: the pickles would run code, and the swapped programs would change the output, if trusted."""
    marker = tmp_path / "PWNED"
    target = tmp_path / "planted"
    target.mkdir()
    _plant(target, genuine, marker, with_key=True)
    pickled = next(p for p in target.iterdir() if p.name.endswith(".json"))
    pickle.loads(pickled.read_bytes())
    assert marker.exists()

    # The swapped programs, under the MAC of the folder's own key, are what a trusting
    # cache would load: the output changes (or the parse fails).
    folder = tmp_path / "trusting"
    folder.mkdir(mode=0o700)
    head = len(cachedir.MAGIC) + 32
    key = genuine["key"]
    for name, content in genuine.items():
        if name.endswith(".sre") and not name.startswith("patterns-"):
            body = _swapped_programs(content[head:])
            content = cachedir.MAGIC + cachedir._mac(key, name, body) + body
        (folder / name).write_bytes(content)
        (folder / name).chmod(0o600)
    done = _run({"STATUTEPARSE_CACHE_DIR": str(folder), "HOME": str(tmp_path)})
    plain = _run({"STATUTEPARSE_NO_CACHE": "1", "HOME": str(tmp_path)})
    assert (done.returncode, done.stdout) != (plain.returncode, plain.stdout)


# ---------------------------------------------------------------------------------------
# damage, byte by byte
# ---------------------------------------------------------------------------------------


def _new_process() -> None:
    """Forget what this process loaded, as a new process would."""
    from statuteparse import transform

    numbers._generated_patterns.cache_clear()
    grammar.article_parser.cache_clear()
    grammar.sanction_parser.cache_clear()
    cachedir._open.clear()
    programs._shared = None
    for cached in vars(transform).values():  # per-process caches of sanction readings
        if callable(getattr(cached, "cache_clear", None)):
            cached.cache_clear()


@pytest.fixture
def in_process_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STATUTEPARSE_CACHE_DIR", str(folder))
    monkeypatch.delenv("STATUTEPARSE_NO_CACHE", raising=False)
    monkeypatch.setattr(grammar, "_PACKAGED", tmp_path / "no-packaged-tables")
    _new_process()
    yield folder
    _new_process()


def _parse_json() -> str:
    doc = parse_text(ARTICLE.read_text(encoding="utf-8"), source="art128")
    return json.dumps(document_to_dict(doc), ensure_ascii=False, sort_keys=True)


def _positions(size: int, count: int, seed: str) -> list[int]:
    """``count`` positions in a file of ``size`` bytes: both ends, the header, and a seeded sample."""
    fixed = {0, 1, size - 1, len(cachedir.MAGIC), len(cachedir.MAGIC) + 31, len(cachedir.MAGIC) + 32}
    rng = random.Random(seed)
    sample = rng.sample(range(size), min(size, count))
    return sorted({p for p in fixed | set(sample) if 0 <= p < size})[:count]


def test_a_damaged_byte_in_any_cache_file_is_ignored_and_repaired(in_process_cache: Path) -> None:
    expected = _parse_json()
    _new_process()
    files = {p.name: p.read_bytes() for p in in_process_cache.iterdir()}
    assert len(files) >= 5  # key, tables and programs of two grammars, shared patterns
    for name, original in sorted(files.items()):
        for n, where in enumerate(_positions(len(original), 150, name)):
            for other, content in files.items():  # a clean slate, then one damaged byte
                (in_process_cache / other).write_bytes(content)
            damaged = bytearray(original)
            damaged[where] ^= 1 << (n % 8)
            (in_process_cache / name).write_bytes(bytes(damaged))
            cachedir._open.clear()
            folder = cachedir.private_folder()
            assert folder is not None
            readable = {other for other in files if other != "key" and folder.read(other) is not None}
            if name == "key":
                assert not readable, f"key byte {where}: files still verified"
            else:
                assert name not in readable, f"{name} byte {where} damaged and still read"
                assert readable == set(files) - {name, "key"}
            if n % 25 == 0:  # the whole way: identical output, no crash, the file repaired
                _new_process()
                assert _parse_json() == expected, f"{name} byte {where}"
                numbers.ORDINAL_WORD_PATTERN["ru"]  # what lang.py reads when a new process imports it
                programs.save_shared()
                _new_process()
                repaired = cachedir.private_folder()
                assert repaired is not None
                unrepaired = [other for other in files if other != "key" and repaired.read(other) is None]
                assert not unrepaired, f"{name} byte {where}"


def test_damaged_packaged_tables_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUTEPARSE_NO_CACHE", "1")
    packaged = tmp_path / "_tables"
    written = grammar.write_packaged_tables(packaged)
    monkeypatch.setattr(grammar, "_PACKAGED", packaged)
    name, text, options = grammar._article_source()
    file_name = grammar.table_file_name(name, options)
    path = packaged / file_name
    assert path in written
    original = path.read_bytes()
    good = grammar._packaged_tables(file_name)
    assert good is not None and grammar._from_tables(good, programs.ProgramCache()).parse("x\n")
    for where in _positions(len(original), 150, file_name):
        damaged = bytearray(original)
        damaged[where] ^= 0x20
        path.write_bytes(bytes(damaged))
        assert grammar._packaged_tables(file_name) is None, f"byte {where} damaged and still used"


@pytest.mark.parametrize("source", ["article", "sanction-ru", "sanction-en"])
def test_tables_survive_the_json_round_trip_exactly(source: str) -> None:
    name, text, options = next(s for s in grammar._sources() if s[0] == source)
    tables = grammar.analyse(text, options)
    assert grammar.loads_tables(grammar.dumps_tables(tables)) == tables


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"[]",
        b'{"data": {}, "memo": {}}',
        b'{"format": 2, "data": {"parser": {"parser": {"tokens": [[1]], "states": []}}}, "memo": []}',
        b'{"format": 2, "data": {"parser": {"parser": {"tokens": [], "states": [[0, [1, 2]]]}}}, "memo": []}',
        b'{"format": 2, "data": {"parser": {"parser": {"tokens": [], "states": []}}}, "memo": []}',
        b'{"data": 1, "memo": 2}',
        b"\xff",
    ],
)
def test_malformed_table_documents_are_refused(raw: bytes) -> None:
    with pytest.raises((ValueError, UnicodeDecodeError)):
        grammar.loads_tables(raw)


def test_folder_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A configured folder must be 0700 already; a default one of ours that others only read is closed."""
    monkeypatch.delenv("STATUTEPARSE_NO_CACHE", raising=False)
    cachedir._open.clear()
    configured = tmp_path / "configured"
    configured.mkdir(mode=0o755)
    configured.chmod(0o755)
    monkeypatch.setenv("STATUTEPARSE_CACHE_DIR", str(configured))
    assert cachedir.private_folder() is None
    assert configured.stat().st_mode & 0o777 == 0o755  # never changed
    monkeypatch.delenv("STATUTEPARSE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    default = tmp_path / "xdg" / "statuteparse"
    default.mkdir(parents=True)
    default.chmod(0o755)
    folder = cachedir.private_folder()
    assert folder is not None and folder.path == str(default)
    assert default.stat().st_mode & 0o777 == 0o700
    assert folder.write("f", b"body") and folder.read("f") == b"body"
    assert (default / "f").stat().st_mode & 0o777 == 0o600
    assert not [p for p in default.iterdir() if p.name.endswith(".tmp")]
    (default / "g").symlink_to(default / "f")
    assert folder.read("g") is None  # links are not followed
    os.mkfifo(default / "h")
    assert folder.read("h") is None  # and a FIFO does not hang the reader
    cachedir._open.clear()


def test_a_lark_cython_that_does_not_fit_falls_back_to_pure_lark(
    in_process_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _parse_json()
    _new_process()

    class Broken:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise TypeError("built for another lark")

    grammar._cython_plugins.cache_clear()
    monkeypatch.setattr(grammar, "_cython_plugins", lambda: {"ContextualLexer": Broken, "BasicLexer": Broken})
    assert _parse_json() == expected
    _new_process()


def test_tables_of_an_unexpected_shape_are_not_stored() -> None:
    tables = grammar.analyse(*grammar._article_source()[1:])
    tables["data"]["options"]["surprise"] = (1, 2)
    with pytest.raises(TypeError):
        grammar.dumps_tables(tables)
    tables["data"]["options"]["surprise"] = {1: 2}
    with pytest.raises(TypeError):
        grammar.dumps_tables(tables)
