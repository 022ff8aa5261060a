"""Number words of the Russian and English statute texts: cardinals and ordinals.

Sanctions state their limits in words ("лишением свободы на срок от пяти до семи
лет", "штрафом в размере от ста до пятисот месячных расчетных показателей",
"imprisonment for a term of five to seven years"), parts are cited by ordinal
adjectives ("частью третьей", "the first part").  This module turns such words into
numbers.

Everything that differs between the languages is *data*: the word tables
(``_RU_CARDINALS``, ``_EN_CARDINALS``, ``_RU_ORDINAL_STEMS`` ...) and the per-language
switches in :data:`_RULES`.  The phrase grammar in :func:`cardinal` is shared; the
regular expressions :data:`CARDINAL_WORD_PATTERN` and :data:`ORDINAL_WORD_PATTERN`
are generated from the same tables, so the patterns and the value functions cannot
drift apart.

Public API::

    cardinal(words, lang) -> int | float | None
    ordinal(word, lang) -> int | None
    is_number_word(word, lang) -> bool
    CARDINAL_WORD_PATTERN[lang], ORDINAL_WORD_PATTERN[lang]  (regex source strings)

Words are matched case-insensitively; in Russian "ё" and "е" are interchangeable.
Languages are ``"ru"`` and ``"en"`` (a region suffix such as ``"ru-KZ"`` is
ignored); any other language raises :class:`ValueError`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, Literal, TypeAlias

__all__ = [
    "CARDINAL_WORD_PATTERN",
    "ORDINAL_WORD_PATTERN",
    "cardinal",
    "is_number_word",
    "ordinal",
]

# ---------------------------------------------------------------------------
# Word kinds (the categories the shared phrase grammar works with)
# ---------------------------------------------------------------------------

_Kind = Literal[
    "unit",  # 1-9; may follow a "ten" ("двадцати пяти", "twenty five")
    "teen",  # 10-19; ends a group
    "ten",  # 20, 30 ... 90
    "tens_unit",  # 21-99 written as one hyphenated word ("twenty-five"); generated
    "hundred",  # a whole hundreds word: "ста" 100, "пятисот" 500
    "hundred_multiplier",  # "hundred": multiplies the preceding unit ("five hundred")
    "scale",  # 1000, 10**6, 10**9: multiplies the preceding group
    "fraction",  # a group of its own that is not a whole number: "полутора" 1.5
    "article",  # English "a"/"an": one, but only before "hundred" or a scale word
    "and",  # English connector: "one hundred and five", "one and a half"
    "half",  # English "half", only in "<n> and a half"
    "denominator",  # a decimal fraction's last word: "пяти десятых" 0.5, "двух сотых" 0.02
]

_Value: TypeAlias = int | Fraction

# ---------------------------------------------------------------------------
# Russian cardinals.  Each row: kind, value, every form (all cases, genders and the
# plural of "один").  Forms are written with "ё" where the standard spelling has it;
# the "е" spelling is derived automatically.
# ---------------------------------------------------------------------------

_RU_CARDINALS: Final[tuple[tuple[_Kind, _Value, str], ...]] = (
    ("unit", 1, "один одного одному одним одном одна одной одною одну одно одни одних одними"),
    ("unit", 2, "два две двух двум двумя"),
    ("unit", 3, "три трёх трём тремя"),
    ("unit", 4, "четыре четырёх четырём четырьмя"),
    ("unit", 5, "пять пяти пятью"),
    ("unit", 6, "шесть шести шестью"),
    ("unit", 7, "семь семи семью"),
    ("unit", 8, "восемь восьми восемью восьмью"),
    ("unit", 9, "девять девяти девятью"),
    ("teen", 10, "десять десяти десятью"),
    ("teen", 11, "одиннадцать одиннадцати одиннадцатью"),
    ("teen", 12, "двенадцать двенадцати двенадцатью"),
    ("teen", 13, "тринадцать тринадцати тринадцатью"),
    ("teen", 14, "четырнадцать четырнадцати четырнадцатью"),
    ("teen", 15, "пятнадцать пятнадцати пятнадцатью"),
    ("teen", 16, "шестнадцать шестнадцати шестнадцатью"),
    ("teen", 17, "семнадцать семнадцати семнадцатью"),
    ("teen", 18, "восемнадцать восемнадцати восемнадцатью"),
    ("teen", 19, "девятнадцать девятнадцати девятнадцатью"),
    ("ten", 20, "двадцать двадцати двадцатью"),
    ("ten", 30, "тридцать тридцати тридцатью"),
    ("ten", 40, "сорок сорока"),
    ("ten", 50, "пятьдесят пятидесяти пятьюдесятью"),
    ("ten", 60, "шестьдесят шестидесяти шестьюдесятью"),
    ("ten", 70, "семьдесят семидесяти семьюдесятью"),
    ("ten", 80, "восемьдесят восьмидесяти восемьюдесятью восьмьюдесятью"),
    ("ten", 90, "девяносто девяноста"),
    ("hundred", 100, "сто ста"),
    ("hundred", 150, "полтораста полутораста"),
    ("hundred", 200, "двести двухсот двумстам двумястами двухстах"),
    ("hundred", 300, "триста трёхсот трёмстам тремястами трёхстах"),
    ("hundred", 400, "четыреста четырёхсот четырёмстам четырьмястами четырёхстах"),
    ("hundred", 500, "пятьсот пятисот пятистам пятьюстами пятистах"),
    ("hundred", 600, "шестьсот шестисот шестистам шестьюстами шестистах"),
    ("hundred", 700, "семьсот семисот семистам семьюстами семистах"),
    ("hundred", 800, "восемьсот восьмисот восьмистам восемьюстами восьмьюстами восьмистах"),
    ("hundred", 900, "девятьсот девятисот девятистам девятьюстами девятистах"),
    ("scale", 1000, "тысяча тысячи тысяче тысячу тысячей тысячею тысяч тысячам тысячами тысячах"),
    (
        "scale",
        10**6,
        "миллион миллиона миллиону миллионом миллионе миллионы миллионов миллионам миллионами миллионах",
    ),
    (
        "scale",
        10**9,
        "миллиард миллиарда миллиарду миллиардом миллиарде миллиарды миллиардов миллиардам"
        " миллиардами миллиардах",
    ),
    ("fraction", Fraction(3, 2), "полтора полторы полутора"),
    ("denominator", Fraction(1, 10), "десятая десятой десятую десятые десятых десятым десятыми"),
    ("denominator", Fraction(1, 100), "сотая сотой сотую сотые сотых сотым сотыми"),
)

# ---------------------------------------------------------------------------
# English cardinals.  "hundred" is a multiplier word, not a hundreds word, and the
# connectors "a", "and", "half" exist only here; hyphenated "twenty-five" forms are
# generated from the "ten" and "unit" rows (see _RULES["en"].hyphen_compounds).
# ---------------------------------------------------------------------------

_EN_CARDINALS: Final[tuple[tuple[_Kind, _Value, str], ...]] = (
    ("unit", 1, "one"),
    ("unit", 2, "two"),
    ("unit", 3, "three"),
    ("unit", 4, "four"),
    ("unit", 5, "five"),
    ("unit", 6, "six"),
    ("unit", 7, "seven"),
    ("unit", 8, "eight"),
    ("unit", 9, "nine"),
    ("teen", 10, "ten"),
    ("teen", 11, "eleven"),
    ("teen", 12, "twelve"),
    ("teen", 13, "thirteen"),
    ("teen", 14, "fourteen"),
    ("teen", 15, "fifteen"),
    ("teen", 16, "sixteen"),
    ("teen", 17, "seventeen"),
    ("teen", 18, "eighteen"),
    ("teen", 19, "nineteen"),
    ("ten", 20, "twenty"),
    ("ten", 30, "thirty"),
    ("ten", 40, "forty"),
    ("ten", 50, "fifty"),
    ("ten", 60, "sixty"),
    ("ten", 70, "seventy"),
    ("ten", 80, "eighty"),
    ("ten", 90, "ninety"),
    ("hundred_multiplier", 100, "hundred"),
    ("scale", 1000, "thousand"),
    ("scale", 10**6, "million"),
    ("scale", 10**9, "billion"),
    ("article", 1, "a an"),
    ("and", 0, "and"),
    ("half", Fraction(1, 2), "half"),
)

# ---------------------------------------------------------------------------
# Russian ordinals: stem + declension type.  The ending sets cover every case,
# gender and number of the adjective; "ой" is the masculine nominative of the
# stressed type ("второй") and the feminine oblique of both hard types ("пятой").
# ---------------------------------------------------------------------------

_RU_ORDINAL_ENDINGS: Final[dict[str, str]] = {
    "hard": "ый ого ому ым ом ая ой ую ою ое ые ых ыми",
    "stressed": "ой ого ому ым ом ая ую ою ое ые ых ыми",
    "third": "ий ьего ьему ьим ьем ья ьей ью ьею ье ьи ьих ьими",
}

_RU_ORDINAL_STEMS: Final[tuple[tuple[int, str, str], ...]] = (
    (1, "перв", "hard"),
    (2, "втор", "stressed"),
    (3, "трет", "third"),
    (4, "четвёрт", "hard"),
    (5, "пят", "hard"),
    (6, "шест", "stressed"),
    (7, "седьм", "stressed"),
    (8, "восьм", "stressed"),
    (9, "девят", "hard"),
    (10, "десят", "hard"),
    (11, "одиннадцат", "hard"),
    (12, "двенадцат", "hard"),
    (13, "тринадцат", "hard"),
    (14, "четырнадцат", "hard"),
    (15, "пятнадцат", "hard"),
    (16, "шестнадцат", "hard"),
    (17, "семнадцат", "hard"),
    (18, "восемнадцат", "hard"),
    (19, "девятнадцат", "hard"),
    (20, "двадцат", "hard"),
    (30, "тридцат", "hard"),
    (40, "сороков", "stressed"),
    (50, "пятидесят", "hard"),
    (60, "шестидесят", "hard"),
    (70, "семидесят", "hard"),
    (80, "восьмидесят", "hard"),
    (90, "девяност", "hard"),
    (100, "сот", "hard"),
)

# Endings allowed after a hyphen in a digit ordinal: "1-й", "2-я", "3-ей", "5-ой".
_RU_ORDINAL_DIGIT_SUFFIXES: Final[str] = (
    "й я е ю м х го му ми ой ая ое ую ые ый ий ей ья ье ью ого ому ым ом ых ыми ого его ему им ем их"
)

# ---------------------------------------------------------------------------
# English ordinals; "twenty-first" style compounds are generated (tens + "-" +
# ordinal of 1-9) when _RULES["en"].hyphen_compounds is set.
# ---------------------------------------------------------------------------

_EN_ORDINALS: Final[tuple[tuple[int, str], ...]] = (
    (1, "first"),
    (2, "second"),
    (3, "third"),
    (4, "fourth"),
    (5, "fifth"),
    (6, "sixth"),
    (7, "seventh"),
    (8, "eighth"),
    (9, "ninth"),
    (10, "tenth"),
    (11, "eleventh"),
    (12, "twelfth"),
    (13, "thirteenth"),
    (14, "fourteenth"),
    (15, "fifteenth"),
    (16, "sixteenth"),
    (17, "seventeenth"),
    (18, "eighteenth"),
    (19, "nineteenth"),
    (20, "twentieth"),
    (30, "thirtieth"),
    (40, "fortieth"),
    (50, "fiftieth"),
    (60, "sixtieth"),
    (70, "seventieth"),
    (80, "eightieth"),
    (90, "ninetieth"),
    (100, "hundredth"),
)


# ---------------------------------------------------------------------------
# Per-language switches (the remaining language differences, also as data)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """Grammar switches of one language."""

    cardinals: tuple[tuple[_Kind, _Value, str], ...]
    #: Whether a scale word may stand without a multiplier ("тысячи пятисот" = 1500).
    bare_scale: bool
    #: Whether "twenty-five" / "twenty-first" are written as one hyphenated word.
    hyphen_compounds: bool
    #: Whether "," groups thousands in digits ("1,000"); otherwise it is a decimal comma.
    comma_groups_thousands: bool
    #: Regex (source) of the suffix of a digit ordinal ("-й", "st"), applied to normalised words.
    ordinal_digit_suffix: str
    #: (value, form) of every ordinal word form.
    ordinals: tuple[tuple[int, str], ...]
    #: The one correct digit-ordinal suffix of a number ("st" for 21), or None when
    #: any suffix of ``ordinal_digit_suffix`` will do.
    ordinal_suffix_of: Callable[[int], str] | None


#: Characters that may separate groups of three digits inside one token
#: (space, no-break space, thin space, narrow no-break space).
_DIGIT_GROUP_SPACES: Final[str] = " \u00a0\u2009\u202f"
#: Hyphen-like characters accepted in "twenty-five"; normalised to "-".
_HYPHENS: Final[str] = "-\u2010\u2011"
#: Regex source of any one of them.
_HYPHEN_CLASS: Final[str] = "[" + "".join(re.escape(h) for h in _HYPHENS) + "]"


def _ru_ordinal_forms() -> tuple[tuple[int, str], ...]:
    """Every (value, form) of the Russian ordinal stems with their declension endings."""
    return tuple(
        (value, stem + ending)
        for value, stem, declension in _RU_ORDINAL_STEMS
        for ending in _RU_ORDINAL_ENDINGS[declension].split()
    )


def _english_ordinal_suffix(number: int) -> str:
    """ "st", "nd", "rd" or "th" for ``number`` (11th, 12th, 13th take "th")."""
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _alternation(words: Iterable[str]) -> str:
    """``(?:a|b)`` of literal words, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


_RULES: Final[dict[str, _Rules]] = {
    "ru": _Rules(
        cardinals=_RU_CARDINALS,
        bare_scale=True,
        hyphen_compounds=False,
        comma_groups_thousands=False,
        ordinal_digit_suffix=_HYPHEN_CLASS + _alternation(_RU_ORDINAL_DIGIT_SUFFIXES.split()),
        ordinals=_ru_ordinal_forms(),
        ordinal_suffix_of=None,
    ),
    "en": _Rules(
        cardinals=_EN_CARDINALS,
        bare_scale=False,
        hyphen_compounds=True,
        comma_groups_thousands=True,
        ordinal_digit_suffix="(?:st|nd|rd|th)",
        ordinals=_EN_ORDINALS,
        ordinal_suffix_of=_english_ordinal_suffix,
    ),
}


# ---------------------------------------------------------------------------
# Normalisation and the compiled lexicons
# ---------------------------------------------------------------------------

_HYPHEN_TRANSLATION: Final[dict[int, str]] = {ord(h): "-" for h in _HYPHENS}


def _normalise(word: str) -> str:
    """Case-fold, ``ё`` → ``е``, unify hyphens."""
    return word.casefold().replace("ё", "е").translate(_HYPHEN_TRANSLATION)


def _yo_variants(form: str) -> list[str]:
    """The form as written and, if it has "ё", its "е" spelling."""
    return [form, form.replace("ё", "е")] if "ё" in form else [form]


@dataclass(frozen=True)
class _Lexicon:
    """Everything derived from the tables of one language."""

    rules: _Rules
    #: normalised word -> (kind, value)
    cardinal_words: Mapping[str, tuple[_Kind, _Value]]
    #: normalised word -> ordinal value
    ordinal_words: Mapping[str, int]
    #: every spelling (with "ё" variants) of the cardinal / ordinal words, for the patterns
    cardinal_spellings: frozenset[str]
    ordinal_spellings: frozenset[str]
    #: digits with an optional ordinal suffix; groups: number, suffix
    ordinal_digits_re: re.Pattern[str]


def _build_lexicon(rules: _Rules) -> _Lexicon:
    """Expand the tables of one language into lookup maps and spelling lists."""
    words: dict[str, tuple[_Kind, _Value]] = {}
    spellings: set[str] = set()

    def add(form: str, kind: _Kind, value: _Value) -> None:
        key = _normalise(form)
        if key in words and words[key] != (kind, value):
            raise AssertionError(f"number word {form!r} defined twice")
        words[key] = (kind, value)
        spellings.update(_yo_variants(form))

    for kind, value, forms in rules.cardinals:
        for form in forms.split():
            add(form, kind, value)

    ordinals: dict[str, int] = {}
    ordinal_spellings: set[str] = set()

    def add_ordinal(form: str, value: int) -> None:
        key = _normalise(form)
        if key in ordinals and ordinals[key] != value:
            raise AssertionError(f"ordinal word {form!r} defined twice")
        ordinals[key] = value
        ordinal_spellings.update(_yo_variants(form))

    for value, form in rules.ordinals:
        add_ordinal(form, value)

    if rules.hyphen_compounds:
        tens = [(f, int(v)) for k, v, fs in rules.cardinals if k == "ten" for f in fs.split()]
        units = [(f, int(v)) for k, v, fs in rules.cardinals if k == "unit" for f in fs.split()]
        for ten_form, ten_value in tens:
            for unit_form, unit_value in units:
                add(f"{ten_form}-{unit_form}", "tens_unit", ten_value + unit_value)
            for ordinal_value, ordinal_form in rules.ordinals:
                if ordinal_value < 10:
                    add_ordinal(f"{ten_form}-{ordinal_form}", ten_value + ordinal_value)

    return _Lexicon(
        rules=rules,
        cardinal_words=words,
        ordinal_words=ordinals,
        cardinal_spellings=frozenset(spellings),
        ordinal_spellings=frozenset(ordinal_spellings),
        ordinal_digits_re=re.compile("([0-9]+)(" + rules.ordinal_digit_suffix + ")?"),
    )


def _lang_key(lang: str) -> str:
    """The table key of ``lang`` ("ru-KZ" -> "ru")."""
    return lang.casefold().replace("_", "-").split("-")[0]


@functools.cache
def _built_lexicon(key: str) -> _Lexicon:
    return _build_lexicon(_RULES[key])


def _lexicon(lang: str) -> _Lexicon:
    """The lexicon of ``lang`` ("ru", "en", "ru-KZ" ...), built on first use; ValueError if unsupported."""
    key = _lang_key(lang)
    if key not in _RULES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {sorted(_RULES)}")
    return _built_lexicon(key)


# ---------------------------------------------------------------------------
# Regular expressions generated from the tables
# ---------------------------------------------------------------------------


class _TrieNode:
    """A character trie of literal words, turned into a regex without nested quantifiers."""

    __slots__ = ("_depth", "children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _TrieNode] = {}
        self.terminal = False
        self._depth: int | None = None

    def add(self, word: str) -> None:
        node = self
        for char in word:
            node = node.children.setdefault(char, _TrieNode())
        node.terminal = True

    def depth(self) -> int:
        """Length of the longest word below this node (computed once: the trie is complete by then)."""
        if self._depth is None:
            self._depth = max((1 + child.depth() for child in self.children.values()), default=0)
        return self._depth

    def pattern(self) -> str:
        """Regex source matching exactly the words below this node.

        Branches start with distinct characters and are ordered longest first; a
        word that is a prefix of another becomes an optional (greedy) tail, so the
        longest spelling is tried first.
        """
        branches = sorted(self.children.items(), key=lambda item: (-item[1].depth(), item[0]))
        alternatives = [_char_pattern(char) + child.pattern() for char, child in branches]
        if not alternatives:
            return ""
        if len(alternatives) == 1 and not self.terminal:
            return alternatives[0]
        group = "(?:" + "|".join(alternatives) + ")"
        return group + "?" if self.terminal else group


def _char_pattern(char: str) -> str:
    """One literal character of a word; any hyphen-like character for "-"."""
    return _HYPHEN_CLASS if char == "-" else re.escape(char)


def _word_pattern(spellings: Iterable[str]) -> str:
    """Regex source of one word out of ``spellings`` (a trie: literal stems + endings)."""
    root = _TrieNode()
    for spelling in spellings:
        root.add(spelling)
    return root.pattern()


#: Digit tokens: "5", "2,5", "2.5"; with thousands commas "1,000,000" where the
#: language groups with commas.  One quantifier per repeated unit, nothing nested.
_DIGITS_PATTERN: Final[str] = r"[0-9]+(?:[.,][0-9]+)?"
_COMMA_GROUPED_PATTERN: Final[str] = r"[0-9]{1,3}(?:,[0-9][0-9][0-9])+(?:\.[0-9]+)?"


def _cardinal_digits_pattern(rules: _Rules) -> str:
    """Regex source of a digit token of the language (comma groups first when used)."""
    return _COMMA_GROUPED_PATTERN + "|" + _DIGITS_PATTERN if rules.comma_groups_thousands else _DIGITS_PATTERN


def _cardinal_word_pattern(lang: str) -> str:
    lex = _lexicon(lang)
    return "(?:" + _word_pattern(lex.cardinal_spellings) + "|" + _cardinal_digits_pattern(lex.rules) + ")"


def _ordinal_word_pattern(lang: str) -> str:
    lex = _lexicon(lang)
    digits = "[0-9]+(?:" + lex.rules.ordinal_digit_suffix + ")?"
    return "(?:" + _word_pattern(lex.ordinal_spellings) + "|" + digits + ")"


class _Patterns(Mapping[str, str]):
    """Regex sources per language, generated on first use and remembered on disk.

    Generating them walks every spelling of the tables (8-10 ms at every start); they
    depend on nothing but this module's source and the Python version (``re.escape``),
    so they are kept in the private cache folder (:mod:`statuteparse.cachedir`) under a
    hash of both.  What comes back from there is used only if it is a mapping of every
    language to a string.
    """

    def __init__(self, kind: str) -> None:
        self._kind = kind

    def __getitem__(self, lang: str) -> str:
        return _generated_patterns()[self._kind][lang]

    def __iter__(self) -> Iterator[str]:
        return iter(_RULES)

    def __len__(self) -> int:
        return len(_RULES)


_GENERATORS: Final[dict[str, Callable[[str], str]]] = {
    "cardinal": _cardinal_word_pattern,
    "ordinal": _ordinal_word_pattern,
}


@functools.cache
def _generated_patterns() -> dict[str, dict[str, str]]:
    """``{"cardinal": {lang: source}, "ordinal": {lang: source}}``, from the disk cache if it fits."""
    import json
    import sys

    from . import cachedir

    folder = cachedir.private_folder()
    name = None
    if folder is not None:
        try:
            with open(__file__, "rb") as f:
                made_of = f.read() + sys.version.encode("utf-8")
        except OSError:
            folder = None
        else:
            import hashlib

            name = f"numbers-{hashlib.blake2b(made_of, digest_size=12).hexdigest()}.json"
            body = folder.read(name)
            try:
                stored = json.loads(body) if body is not None else None
            except ValueError:
                stored = None
            if (
                isinstance(stored, dict)
                and set(stored) == set(_GENERATORS)
                and all(
                    isinstance(v, dict)
                    and set(v) == set(_RULES)
                    and all(isinstance(x, str) for x in v.values())
                    for v in stored.values()
                )
            ):
                return stored
    made = {kind: {lang: make(lang) for lang in _RULES} for kind, make in _GENERATORS.items()}
    if folder is not None and name is not None:
        folder.write(name, json.dumps(made, ensure_ascii=False).encode("utf-8"))
    return made


CARDINAL_WORD_PATTERN: Final[Mapping[str, str]] = _Patterns("cardinal")
"""Per language, regex source matching one cardinal number word.

Covers every form of every table word (all cases and genders in Russian, "ё" or
"е"), the English connectors "a"/"an", "and", "half" (they occur inside phrases
such as "a hundred", "one and a half"), hyphenated "twenty-five", and digit tokens
("5", "000", "2,5", English "1,000").  No anchors: use it between ``\\b`` boundaries
and with ``re.IGNORECASE``.  The word alternatives are a trie of literal characters
(no nested quantifiers), so matching is linear.
"""

ORDINAL_WORD_PATTERN: Final[Mapping[str, str]] = _Patterns("ordinal")
"""Per language, regex source matching one ordinal number word.

Russian ordinal adjectives 1-20, the tens and 100 in every case, gender and number
("первой", "третьей", "четвёртой"/"четвертой"); English "first" ... "twentieth",
the tens, "hundredth" and "twenty-first" compounds; digits ("1"), with a suffix
("1-й", "3-ей"; "1st", "22nd").  Use between ``\\b`` boundaries with
``re.IGNORECASE``.
"""

# ---------------------------------------------------------------------------
# Cardinal phrases
# ---------------------------------------------------------------------------

_SUB_HUNDRED_KINDS: Final[frozenset[str]] = frozenset({"unit", "teen", "ten", "tens_unit"})
_PLAIN_DIGITS_RE: Final[re.Pattern[str]] = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_SPACE_GROUPED_RE: Final[re.Pattern[str]] = re.compile(r"[0-9]{1,3}(?: [0-9][0-9][0-9])+(?:[.,][0-9]+)?")
_COMMA_GROUPED_RE: Final[re.Pattern[str]] = re.compile(_COMMA_GROUPED_PATTERN)
_DIGIT_TOKEN_RE: Final[re.Pattern[str]] = re.compile(r"[0-9][0-9.,]*")


#: The most digits a number may have (a quadrillion and more is not an amount, and JSON
#: readers lose precision past 2**53).
MAX_DIGITS: Final = 15


def _digits_value(tokens: Sequence[str], rules: _Rules) -> Fraction | None:
    """Value of a run of digit tokens ("1", "000" / "2,5" / "1,000"), or None.

    More than :data:`MAX_DIGITS` digits is no amount a statute writes: None, so the caller
    reports it (and nothing downstream meets an integer JSON cannot hold).
    """
    text = " ".join(tokens)
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        return None
    if rules.comma_groups_thousands and _COMMA_GROUPED_RE.fullmatch(text):
        return Fraction(text.replace(",", ""))
    if _SPACE_GROUPED_RE.fullmatch(text) or _PLAIN_DIGITS_RE.fullmatch(text):
        return Fraction(text.replace(" ", "").replace(",", "."))
    return None


class _Phrase:
    """Cursor over the normalised words of a cardinal phrase."""

    def __init__(self, tokens: Sequence[str], lexicon: _Lexicon) -> None:
        self.tokens = tokens
        self.lexicon = lexicon

    def kind(self, i: int) -> _Kind | None:
        """Kind of word ``i``; None past the end or for a word not in the tables."""
        if i >= len(self.tokens):
            return None
        entry = self.lexicon.cardinal_words.get(self.tokens[i])
        return entry[0] if entry else None

    def value(self, i: int) -> _Value:
        """Value of word ``i``, which must be in the tables."""
        return self.lexicon.cardinal_words[self.tokens[i]][1]

    def group(self, i: int) -> tuple[Fraction | None, int]:
        """Parse one group below 1000 (or a fraction such as 1.5) starting at ``i``.

        Returns the group value (None if no group starts here) and the index after it.
        """
        kind = self.kind(i)
        if kind == "fraction":
            return Fraction(self.value(i)), i + 1
        if kind == "article" and self.kind(i + 1) == "scale":
            return Fraction(self.value(i)), i + 1  # "a thousand"
        j = i
        hundreds: _Value = 0
        if kind == "hundred":
            hundreds = self.value(j)
            j += 1
        elif kind in ("unit", "article") and self.kind(j + 1) == "hundred_multiplier":
            hundreds = self.value(j) * self.value(j + 1)
            j += 2
        if hundreds and self.kind(j) == "and" and self.kind(j + 1) in _SUB_HUNDRED_KINDS:
            j += 1  # "one hundred and five"
        rest: _Value = 0
        kind = self.kind(j)
        if kind == "ten":
            rest = self.value(j)
            j += 1
            if self.kind(j) == "unit":
                rest += self.value(j)
                j += 1
        elif kind in ("teen", "unit", "tens_unit"):
            rest = self.value(j)
            j += 1
        if (
            rest
            and not hundreds
            and self.kind(j) == "and"
            and self.kind(j + 1) == "article"
            and self.kind(j + 2) == "half"
        ):
            rest += self.value(j + 2)  # "one and a half", "two and a half"
            j += 3
        if j == i:
            return None, i
        return Fraction(hundreds + rest), j

    def parse(self) -> Fraction | None:
        """Value of the whole phrase, or None unless every word is consumed."""
        tokens, rules = self.tokens, self.lexicon.rules
        n = len(tokens)
        if n == 0:
            return None
        # Digits first: "10", "1 000", "2,5", optionally followed by one scale word.
        digit_count = 0
        while digit_count < n and _DIGIT_TOKEN_RE.fullmatch(tokens[digit_count]):
            digit_count += 1
        if digit_count:
            number = _digits_value(tokens[:digit_count], rules)
            if number is None:
                return None
            if digit_count == n:
                return number
            if digit_count + 1 == n and self.kind(digit_count) == "scale":
                return number * self.value(digit_count)
            return None

        total = Fraction(0)
        previous_scale: _Value | None = None
        i = 0
        while i < n:
            if (
                previous_scale is not None
                and self.kind(i) == "and"
                and self.kind(i + 1) in _SUB_HUNDRED_KINDS
            ):
                i += 1  # "one thousand and five"
            group, j = self.group(i)
            if self.kind(j) == "scale":
                scale = self.value(j)
                if previous_scale is not None and scale >= previous_scale:
                    return None  # scales must descend: "тысячи тысяч", "thousand million"
                if group is None:
                    if not (rules.bare_scale and i == 0):
                        return None
                    group = Fraction(1)  # bare "тысячи" = 1000
                if group.denominator != 1 and j + 1 != n:
                    return None  # "полутора тысяч пятисот"
                total += group * scale
                previous_scale = scale
                i = j + 1
                continue
            if group is None or j != n:
                return None  # unknown word, or words in the wrong order ("пяти пяти")
            if group.denominator != 1 and previous_scale is not None:
                return None  # "тысячи полтора"
            total += group
            i = j
        return total


def _as_number(value: Fraction) -> int | float:
    """``int`` for whole values, ``float`` otherwise."""
    return int(value) if value.denominator == 1 else float(value)


def cardinal(words: Sequence[str], lang: str) -> int | float | None:
    """Value of the cardinal number phrase ``words`` in ``lang``, or None.

    ``words`` is the phrase already split on whitespace, e.g. ``["двух", "тысяч",
    "пятисот"]`` (2500), ``["ста", "двадцати"]`` (120), ``["полутора", "тысяч"]``
    (1500), ``["one", "hundred"]``, ``["twenty-five"]``, ``["one", "and", "a",
    "half"]`` (1.5).  Any grammatical case and gender is accepted (no agreement is
    checked); "ё"/"е" and letter case do not matter.  Digits work too: ``["5"]``,
    ``["1", "000"]`` (groups of three after a space, no-break or thin space),
    ``["2,5"]`` / ``["2.5"]`` (2.5), English ``["1,000"]``, and digits followed by
    one scale word: ``["10", "тысяч"]`` (10000).

    A bare Russian scale word counts as one: ``["тысячи"]`` is 1000, ``["тысячи",
    "пятисот"]`` 1500; English needs "a"/"one" ("a thousand").

    Returns an ``int`` for whole values and a ``float`` otherwise (``["полутора"]``
    is 1.5).  Returns None for an empty phrase, an unknown word (punctuation is not
    stripped), or words that do not form one number ("пяти пяти", "ста ста",
    "пятнадцати пяти", "тысячи тысяч").  Raises ValueError for an unsupported
    ``lang``.
    """
    return _cardinal(tuple(words), lang)


@functools.lru_cache(maxsize=8192)
def _cardinal(words: tuple[str, ...], lang: str) -> int | float | None:
    """:func:`cardinal`, remembered: a code repeats the same few hundred number phrases."""
    lexicon = _lexicon(lang)
    tokens: list[str] = []
    for word in words:
        pieces = word
        for space in _DIGIT_GROUP_SPACES:
            pieces = pieces.replace(space, " ")
        tokens.extend(_normalise(piece) for piece in pieces.split())
    denominator = lexicon.cardinal_words.get(tokens[-1]) if tokens else None
    if denominator is not None and denominator[0] == "denominator":
        # "пяти десятых" is five tenths: a whole number of the fraction's parts
        numerator = _Phrase(tokens[:-1], lexicon).parse() if len(tokens) > 1 else None
        if numerator is None or numerator.denominator != 1 or numerator >= 1 / denominator[1]:
            return None
        value: Fraction | None = numerator * denominator[1]
    else:
        value = _Phrase(tokens, lexicon).parse()
    return None if value is None else _as_number(value)


def is_number_word(word: str, lang: str) -> bool:
    """Whether ``word`` can be one word of a cardinal phrase in ``lang``.

    True for every form in the tables (including the English connectors "a", "an",
    "and", "half", which are numbers only inside a phrase), hyphenated English
    compounds ("twenty-five") and digit tokens ("5", "000", "2,5").  Agrees with
    :data:`CARDINAL_WORD_PATTERN`.  Raises ValueError for an unsupported ``lang``.
    """
    lexicon = _lexicon(lang)
    key = _normalise(word)
    if key in lexicon.cardinal_words:
        return True
    if _PLAIN_DIGITS_RE.fullmatch(key):
        return True
    return bool(lexicon.rules.comma_groups_thousands and _COMMA_GROUPED_RE.fullmatch(key))


# ---------------------------------------------------------------------------
# Ordinals
# ---------------------------------------------------------------------------


def ordinal(word: str, lang: str) -> int | None:
    """Value of the ordinal number word ``word`` in ``lang``, or None.

    Russian ordinal adjectives in every case, gender and number: "первой" 1,
    "второю" 2, "третьей" 3, "четвёртой"/"четвертой" 4 ... "двадцатой" 20, the tens
    ("тридцатой") and "сотой" 100.  English "first" ... "twentieth", the tens,
    "hundredth", "twenty-first".  Digits: "1", "2" and suffixed forms "1-й", "3-ей"
    (Russian) or "1st", "22nd", "11th" (English; a wrong suffix such as "1nd" gives
    None).  Zero is not an ordinal.  Raises ValueError for an unsupported ``lang``.
    """
    lexicon = _lexicon(lang)
    key = _normalise(word)
    found = lexicon.ordinal_words.get(key)
    if found is not None:
        return found
    match = lexicon.ordinal_digits_re.fullmatch(key)
    if match is None:
        return None
    number = int(match.group(1))
    if number == 0:
        return None
    suffix, suffix_of = match.group(2), lexicon.rules.ordinal_suffix_of
    if suffix and suffix_of is not None and suffix != suffix_of(number):
        return None
    return number
