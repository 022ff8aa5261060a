"""Tests of statuteparse.numbers, driven by the fixture tables in tests/fixtures/numbers/.

Fixture format (``*.tsv``): ``phrase<TAB>value[<TAB>note]``; ``value`` is an integer,
a decimal such as ``1.5`` (a float is expected) or ``None``.  Cardinal phrases are
split on ASCII spaces.  ``#`` lines and blank lines are ignored.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pytest
import regex

try:
    from statuteparse import numbers
except ModuleNotFoundError:  # not installed and no conftest: import from this checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from statuteparse import numbers

CARDINAL_WORD_PATTERN = numbers.CARDINAL_WORD_PATTERN
ORDINAL_WORD_PATTERN = numbers.ORDINAL_WORD_PATTERN
cardinal = numbers.cardinal
is_number_word = numbers.is_number_word
ordinal = numbers.ordinal

FIXTURES = Path(__file__).parent / "fixtures" / "numbers"
REPO = Path(__file__).resolve().parent.parent
LANGS = ("ru", "en")


class Case(NamedTuple):
    lang: str
    phrase: str
    expected: int | float | None
    where: str


def _value(text: str) -> int | float | None:
    if text == "None":
        return None
    return float(text) if "." in text else int(text)


def _load(kind: str) -> list[Case]:
    cases: list[Case] = []
    for lang in LANGS:
        path = FIXTURES / f"{kind}.{lang}.tsv"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            phrase, value, *_ = line.split("\t")
            cases.append(Case(lang, phrase, _value(value), f"{path.name}:{number}"))
    return cases


CARDINAL_CASES = _load("cardinal")
ORDINAL_CASES = _load("ordinal")


def _ids(cases: list[Case]) -> list[str]:
    return [f"{c.lang}-{c.phrase}" for c in cases]


def _whole_word(pattern: str, flavour: str = "re") -> re.Pattern[str] | regex.Pattern[str]:
    source = r"\b" + pattern + r"\b"
    if flavour == "regex":
        return regex.compile(source, regex.IGNORECASE)
    return re.compile(source, re.IGNORECASE)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CARDINAL_CASES, ids=_ids(CARDINAL_CASES))
def test_cardinal(case: Case) -> None:
    got = cardinal(case.phrase.split(" "), case.lang)
    assert got == case.expected, case.where
    assert type(got) is type(case.expected), f"{case.where}: int for whole values, float otherwise"


@pytest.mark.parametrize("case", ORDINAL_CASES, ids=_ids(ORDINAL_CASES))
def test_ordinal(case: Case) -> None:
    assert ordinal(case.phrase, case.lang) == case.expected, case.where


def test_fixtures_are_substantial() -> None:
    for kind, cases in (("cardinal", CARDINAL_CASES), ("ordinal", ORDINAL_CASES)):
        for lang in LANGS:
            positive = [c for c in cases if c.lang == lang and c.expected is not None]
            negative = [c for c in cases if c.lang == lang and c.expected is None]
            assert len(positive) >= 20 and len(negative) >= 5, (kind, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_empty_phrase(lang: str) -> None:
    assert cardinal([], lang) is None
    assert cardinal([""], lang) is None
    assert ordinal("", lang) is None


@pytest.mark.parametrize(
    ("words", "lang", "expected"),
    [
        (["1\u2009000"], "ru", 1000),  # thin space inside one token
        (["1\u00a0000"], "ru", 1000),  # no-break space
        (["1\u202f000", "000"], "ru", 1000000),  # narrow no-break space
        (["10\u00a0000", "тысяч"], "ru", 10000000),
        (["1\u2009000"], "en", 1000),
        (["двух", "тысяч", "пятисот"], "ru-KZ", 2500),  # region suffix ignored
        (["five"], "EN", 5),
    ],
)
def test_cardinal_special_tokens(words: list[str], lang: str, expected: int) -> None:
    assert cardinal(words, lang) == expected


def test_unknown_language() -> None:
    with pytest.raises(ValueError):
        cardinal(["пяти"], "kk")
    with pytest.raises(ValueError):
        ordinal("первой", "de")
    with pytest.raises(ValueError):
        is_number_word("five", "fr")


# ---------------------------------------------------------------------------
# Word patterns and is_number_word
# ---------------------------------------------------------------------------


def _positive_words(cases: list[Case], lang: str) -> list[str]:
    words = {w for c in cases if c.lang == lang and c.expected is not None for w in c.phrase.split(" ")}
    return sorted(words)


@pytest.mark.parametrize("flavour", ["re", "regex"])
@pytest.mark.parametrize("lang", LANGS)
def test_cardinal_pattern_matches_every_fixture_word(lang: str, flavour: str) -> None:
    pattern = _whole_word(CARDINAL_WORD_PATTERN[lang], flavour)
    words = _positive_words(CARDINAL_CASES, lang)
    assert words
    assert [w for w in words if not pattern.fullmatch(w)] == []
    assert [w for w in words if not is_number_word(w, lang)] == []


@pytest.mark.parametrize("flavour", ["re", "regex"])
@pytest.mark.parametrize("lang", LANGS)
def test_ordinal_pattern_matches_every_fixture_word(lang: str, flavour: str) -> None:
    pattern = _whole_word(ORDINAL_WORD_PATTERN[lang], flavour)
    words = _positive_words(ORDINAL_CASES, lang)
    assert words
    assert [w for w in words if not pattern.fullmatch(w)] == []


NON_CARDINALS = {
    "ru": [
        "лет",
        "срок",
        "пятно",
        "статья",
        "семья",
        "трети",
        "первой",
        "пятой",
        "пятилет",
        "стамесячных",
        "тысячираз",
        "десятикратного",
        "пятнадцатилетнего",
        "сотрудник",
        "одинаковых",
        "стали",
    ],
    "en": ["years", "term", "often", "tenth", "first", "anderson", "attend", "hundreds", "seventh", "tense"],
}
NON_ORDINALS = {
    "ru": ["лет", "срок", "пятно", "пяти", "первенство", "вторник", "третей", "трети", "седьмица"],
    "en": ["years", "one", "five", "firstly", "secondary", "thirds", "tenths"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_patterns_reject_non_numbers(lang: str) -> None:
    cardinal_re = _whole_word(CARDINAL_WORD_PATTERN[lang])
    ordinal_re = _whole_word(ORDINAL_WORD_PATTERN[lang])
    for word in NON_CARDINALS[lang]:
        assert cardinal_re.search(word) is None, word
        assert not is_number_word(word, lang), word
    for word in NON_ORDINALS[lang]:
        assert ordinal_re.search(word) is None, word


def test_patterns_find_the_numbers_of_a_sanction() -> None:
    text = (
        "наказывается штрафом в размере от ста до пятисот месячных расчетных показателей "
        "либо лишением свободы на срок от пяти до семи лет, а равно частью третьей"
    )
    found = _whole_word(CARDINAL_WORD_PATTERN["ru"]).findall(text)
    assert found == ["ста", "пятисот", "пяти", "семи"]
    assert _whole_word(ORDINAL_WORD_PATTERN["ru"]).findall(text) == ["третьей"]
    text_en = (
        "shall be punished by a fine in the amount of one hundred to five hundred monthly "
        "assessment indicators, or by imprisonment for a term of twenty-five years"
    )
    found_en = _whole_word(CARDINAL_WORD_PATTERN["en"]).findall(text_en)
    assert found_en == ["a", "one", "hundred", "five", "hundred", "a", "twenty-five"]


def _corpus_tokens(lang: str) -> set[str]:
    tokens: set[str] = set()
    for path in (REPO / "corpus").rglob(f"*.{lang}.txt"):
        for raw in path.read_text(encoding="utf-8").split():
            token = raw.strip(".,;:!?()[]«»\"'“”<>/*–—")
            if token:
                tokens.add(token)
    return tokens


@pytest.mark.parametrize("lang", LANGS)
def test_pattern_and_is_number_word_agree_on_the_corpus(lang: str) -> None:
    """The generated patterns never drift from the lookup tables."""
    tokens = _corpus_tokens(lang)
    if not tokens:
        pytest.skip("no corpus texts in this checkout")
    cardinal_re = _whole_word(CARDINAL_WORD_PATTERN[lang])
    ordinal_re = _whole_word(ORDINAL_WORD_PATTERN[lang])
    for token in sorted(tokens):
        assert bool(cardinal_re.fullmatch(token)) == is_number_word(token, lang), token
        if not token[0].isdigit():
            assert bool(ordinal_re.fullmatch(token)) == (ordinal(token, lang) is not None), token


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "text",
    [
        "пят" * 20000,
        "двадцатидвадцати" * 5000,
        "1," * 50000,
        "1" * 100000 + "x",
        "1,000" * 20000,
        "twentytwenty-" * 8000,
        "перв" * 20000 + "о",
    ],
)
def test_patterns_are_linear(lang: str, text: str) -> None:
    start = time.perf_counter()
    for pattern in (CARDINAL_WORD_PATTERN[lang], ORDINAL_WORD_PATTERN[lang]):
        _whole_word(pattern).findall(text)
    assert time.perf_counter() - start < 2.0
