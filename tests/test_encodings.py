"""Encodings: the same article in any supported encoding parses to the same document.

``decode`` promises: UTF-8 with or without BOM, UTF-16/32 with BOM, and the single-byte
Cyrillic code pages (cp1251, KOI8-R, cp866, ISO 8859-5) all read back the text that was
written; ``--encoding`` forces one codec.  cp1251 and KOI8-R accept almost any byte, so
reading one as the other never fails, it only garbles: the tests re-encode real corpus
articles, including very short pieces of them, where a detector has least to go on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corpus_util import CORPUS, corpus_files, corpus_id

from statuteparse import InputError, parse_bytes
from statuteparse.cli import main
from statuteparse.decode import decode_bytes

RU_FILES = [p for p in corpus_files() if p.name.endswith(".ru.txt")]
ARTICLE = CORPUS / "kz/cc1997/art128/2010.ru.txt"

# A codec, and bytes to put before the encoded text (a BOM where the codec writes none).
ENCODINGS: dict[str, tuple[str, bytes]] = {
    "utf-8": ("utf-8", b""),
    "utf-8-bom": ("utf-8", b"\xef\xbb\xbf"),
    "utf-16-le-bom": ("utf-16-le", b"\xff\xfe"),
    "utf-16-be-bom": ("utf-16-be", b"\xfe\xff"),
    "utf-32-bom": ("utf-32", b""),
    "cp1251": ("cp1251", b""),
    "koi8-r": ("koi8_r", b""),
    "cp866": ("cp866", b""),
    "iso8859-5": ("iso8859_5", b""),
}


def encode(text: str, name: str) -> bytes:
    """``text`` in encoding ``name``; characters a code page lacks (en dash in KOI8-R) are simplified."""
    codec, prefix = ENCODINGS[name]
    try:
        return prefix + text.encode(codec)
    except UnicodeEncodeError:
        simpler = (
            text.replace("–", "-").replace("—", "-").replace("«", '"').replace("»", '"').replace("№", "N")
        )
        return prefix + simpler.encode(codec)


def encodable(text: str, name: str) -> str:
    """What ``encode`` actually wrote, as text (to compare against)."""
    codec, prefix = ENCODINGS[name]
    return encode(text, name)[len(prefix) :].decode(codec)


def without_source(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "source"}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
@pytest.mark.parametrize("path", RU_FILES, ids=corpus_id)
def test_every_russian_article_decodes_back_in_every_encoding(path: Path, name: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert decode_bytes(encode(text, name)) == encodable(text, name)


@pytest.mark.parametrize("name", ["cp1251", "koi8-r", "cp866", "iso8859-5"])
@pytest.mark.parametrize("length", [12, 20, 40, 80])
def test_short_pieces_of_russian_text_are_not_confused(name: str, length: int) -> None:
    """cp1251 vs KOI8-R is decided by letter case, which works even on a dozen characters."""
    wrong = []
    for path in RU_FILES:
        piece = path.read_text(encoding="utf-8")[:length]
        if not any(ord(c) > 127 for c in piece):
            continue
        if decode_bytes(encode(piece, name)) != encodable(piece, name):
            wrong.append(corpus_id(path))
    assert wrong == []


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_same_article_same_json_in_every_encoding(name: str) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    reference = without_source(parse_bytes(encodable(text, name).encode("utf-8")).to_dict())
    doc = parse_bytes(encode(text, name), source=f"art128.{name}.txt")
    assert doc.source == f"art128.{name}.txt"
    assert without_source(doc.to_dict()) == reference


def test_utf8_and_cp1251_of_whole_code_agree() -> None:
    from corpus_util import whole_code

    text = whole_code("cc1997-2010.ru.md").read_text(encoding="utf-8")
    utf8 = parse_bytes(text.encode("utf-8"))
    cp1251 = parse_bytes(text.encode("cp1251", errors="replace").decode("cp1251").encode("cp1251"))
    same = parse_bytes(text.encode("cp1251", errors="replace").decode("cp1251").encode("utf-8"))
    assert utf8.articles  # sanity
    assert without_source(cp1251.to_dict()) == without_source(same.to_dict())


def test_english_article_in_cp1252_decodes() -> None:
    path = CORPUS / "kz/cc1997/art128/2006-03-02.en.txt"
    text = path.read_text(encoding="utf-8")
    assert decode_bytes(text.encode("cp1252", errors="replace")) == text.encode(
        "cp1252", errors="replace"
    ).decode("cp1252")


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["cp1251", "koi8-r", "utf-16-le-bom"])
def test_cli_detects_encoding_from_stdin(name: str) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    code, out, err = run("parse", "-", input=encode(text, name))
    assert code == 0, err
    assert json.loads(out)["articles"][0]["title"] == "Торговля людьми"


def test_cli_encoding_option_forces_the_codec() -> None:
    """KOI8-R bytes read as cp1251 on purpose: no error (cp1251 reads these bytes), but no article."""
    data = encode(ARTICLE.read_text(encoding="utf-8"), "koi8-r")
    code, out, _ = run("parse", "-", "--encoding", "koi8-r", input=data)
    assert code == 0
    assert json.loads(out)["articles"][0]["number"] == "128"
    code, out, err = run("parse", "-", "--encoding", "cp1251", input=data)
    # Read as cp1251, "Статья" becomes "уФБФШС": the heading is lost, the numbered parts remain.
    if code == 0:
        assert json.loads(out)["articles"][0]["title"] != "Торговля людьми"
    else:
        assert code == 2 and len(err.splitlines()) == 1


def test_forced_utf8_rejects_cp1251_bytes_in_one_line() -> None:
    data = encode(ARTICLE.read_text(encoding="utf-8"), "cp1251")
    code, out, err = run("parse", "-", "--encoding", "utf-8", input=data)
    assert code == 2
    assert out == ""
    assert err.splitlines() == ["statuteparse: error: <stdin>: cannot be decoded as utf-8: byte 0"]


def test_unknown_encoding_is_one_line() -> None:
    code, _, err = run("parse", "-", "--encoding", "klingon", input=b"x")
    assert code == 2
    assert err.splitlines() == ["statuteparse: error: <stdin>: unknown encoding 'klingon'"]


def test_bom_is_not_part_of_the_text() -> None:
    doc = parse_bytes(b"\xef\xbb\xbf" + ARTICLE.read_bytes())
    assert not doc.text.startswith("\ufeff")
    assert doc.articles[0].span.start == 0


def test_utf16_without_bom_is_binary_not_garbage() -> None:
    """UTF-16 without a BOM has NUL bytes in Russian-free text: reported as binary, not misread."""
    with pytest.raises(InputError, match="binary"):
        decode_bytes("Article 1. Text".encode("utf-16-le"))
