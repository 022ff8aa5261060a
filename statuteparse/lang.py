"""Language data: the words and phrases that differ between Russian and English text.

Everything language-specific that is not in a grammar file lives here, as tables:
structural headings, references between parts, repealed markers and editorial
annotation kinds.  The words of sanctions (penalty kinds, units, currencies, subjects)
are tables in ``grammars/vocab/`` read by :mod:`statuteparse.vocab`.  Code elsewhere looks things up by
language; it never branches on ``lang == "ru"``.
"""

from __future__ import annotations

import re

import attrs

from . import numbers
from .programs import lazy_re


@attrs.frozen
class LanguageData:
    """The phrase tables of one language."""

    code: str
    #: A structural heading line (section, chapter, division, contents) -> level by group name.
    heading: re.Pattern[str]
    #: Words every explicit reference contains (a cheap test before the big pattern runs).
    reference_hints: tuple[str, ...]
    #: Explicit references to parts of the same article (``частями первой или второй настоящей
    #: статьи``, ``пунктом "а" части третьей``, ``in the first or second part of this article``)
    #: are read by a linear token walk back from a hint: word stems naming parts and points,
    #: the words that join the items of a list, and whether numbers may stand before the part
    #: word (English ``the first or second part``).
    part_stems: tuple[str, ...]
    point_stems: tuple[str, ...]
    reference_joiners: frozenset[str]
    numbers_before_part: bool
    #: Implicit reference to the preceding part (``То же деяние`` / ``The same act``).
    same_act: re.Pattern[str]
    #: Text that marks a provision as repealed (``исключен``, ``утратил силу``, ``excluded``).
    repealed: re.Pattern[str]
    #: Where to cut a sanction into alternatives when the whole clause does not parse.
    alternative_split: re.Pattern[str]
    #: Words that also cut there when a penalty kind follows (``или штрафом``, ``or a fine``).
    alternative_words: tuple[str, ...]
    #: What a weak sanction verb governs when it is prose, not a sanction (``влечет
    #: административную ответственность``), matched right after the verb.
    liability: re.Pattern[str]
    #: What stands between an article's number and its title when a provision of another act is
    #: quoted (``Article 56 of the Administrative Violations Code …: Title``).
    title_prefix: re.Pattern[str]
    #: Closing lines of a code (signature) that belong to no article.
    closing: re.Pattern[str]


_ORD = {lang: numbers.ORDINAL_WORD_PATTERN[lang] for lang in ("ru", "en")}


RU = LanguageData(
    code="ru",
    heading=lazy_re(
        r"^[ \t]*(?:#{1,6}[ \t]*)?(?:"
        r"(?P<division>(?:ОБЩАЯ|ОСОБЕННАЯ|Общая|Особенная)[ \t]+(?:ЧАСТЬ|часть))"
        r"|(?P<section>(?:Раздел|РАЗДЕЛ)[ \t]+(?:[IVXLCІ]+|\d+)\b)"
        r"|(?P<chapter>(?:Глава|ГЛАВА)[ \t]+\d+(?:-\d+)?\b)"
        r"|(?P<contents>(?:Оглавление|ОГЛАВЛЕНИЕ|Содержание|СОДЕРЖАНИЕ)[ \t]*$)"
        r")"
    ),
    reference_hints=("настоящей статьи",),
    part_stems=("част",),
    point_stems=("пункт", "подпункт"),
    reference_joiners=frozenset({"и", "или", "либо", "а", "также", "равно"}),
    numbers_before_part=False,
    same_act=lazy_re(r"^\W*(?:То[ \t]+же|Те[ \t]+же|Тот[ \t]+же|Та[ \t]+же)\b", re.I),
    repealed=lazy_re(
        r"^\W*(?:(?:Статья|Часть|Пункт|Подпункт|Примечание|Абзац)[ \t]+(?:\d[\d-]*[ \t]+)?)?"
        r"(?:исключен\w*|утратил\w*[ \t]+силу)",
        re.I,
    ),
    alternative_split=lazy_re(r"(?<![ \t])[ \t]*(?:,[ \t]*)?(?<!\w)либо(?=\w|\s)|;"),
    alternative_words=("или",),
    liability=lazy_re(
        r"[ \t]*(?:за[ \t]+собой[ \t]+)?"
        r"(?:(?:уголовн|административн|дисциплинарн|гражданск)\w+[ \t]+)?ответственност",
        re.I,
    ),
    title_prefix=lazy_re(r"^(?!)"),
    closing=lazy_re(r"^[ \t]*(?:Президент(?:[ \t]+Республики[ \t]+Казахстан)?)[ \t]*$"),
)

EN = LanguageData(
    code="en",
    heading=lazy_re(
        r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:"
        r"(?P<division>(?:GENERAL|SPECIAL|General|Special)[ \t]+(?:PART|Part))"
        r"|(?P<section>(?:Section|SECTION)[ \t]+(?:[IVXLC]+|\d+)\b)"
        r"|(?P<chapter>(?:Chapter|CHAPTER)[ \t]+\d+(?:-\d+)?\b)"
        r"|(?P<contents>(?:Contents|CONTENTS|Table[ \t]+of[ \t]+[Cc]ontents)[ \t]*$)"
        r")"
    ),
    reference_hints=("this article", "present article"),
    part_stems=("part",),
    point_stems=("paragraph", "subparagraph", "item", "point"),
    reference_joiners=frozenset({"or", "and", "of", "the", "in", "by", "under", "as", "well"}),
    numbers_before_part=True,
    same_act=lazy_re(
        r"^\W*The[ \t]+same[ \t]+(?:act|acts|action|actions|deed|deeds|offen[cs]e)\b", re.I
    ),
    repealed=lazy_re(r"^\W*(?:excluded|repealed|deleted|(?:is|was)[ \t]+repealed)\b", re.I),
    alternative_split=lazy_re(r";[ \t]*(?:or[ \t]+)?|,[ \t]*or[ \t]+(?!without)"),
    alternative_words=("or",),
    liability=lazy_re(
        r"[ \t]*(?:(?:criminal|administrative|disciplinary|civil)[ \t]+)?(?:liability|responsibility)", re.I
    ),
    title_prefix=lazy_re(r"^of[ \t]+the[ \t]+[^:.]{3,300}[:.][ \t]*"),
    closing=lazy_re(
        r"^[ \t]*President(?:[ \t]+of[ \t]+the[ \t]+Republic[ \t]+of[ \t]+Kazakhstan)?[ \t]*$"
    ),
)

LANGUAGES: dict[str, LanguageData] = {"ru": RU, "en": EN}

_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_LATIN = re.compile(r"[A-Za-z]+")


def detect_language(text: str) -> str:
    """``"ru"`` or ``"en"``, whichever script has more letters in ``text`` (ties go to ``ru``)."""
    sample = text[:5000]
    cyr = sum(map(len, _CYRILLIC.findall(sample)))
    lat = sum(map(len, _LATIN.findall(sample)))
    return "en" if lat > cyr else "ru"


# Editorial annotations: kind by wording (first match wins).
EDITORIAL_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        lazy_re(
            r"^Сноска|^Примечание РЦПИ|^<\*>$|^(?:см\.\s*)?(?:P\d+S|[A-Z]\d{6}[A-Z_]?)$|^[Сс] изменениями"
        ),
        "footnote",
    ),
    (lazy_re(r"исключен|утратил|excluded|repealed|deleted", re.I), "repealed"),
    (lazy_re(r"дополнен|введен|introduced|added|supplemented", re.I), "added"),
    (lazy_re(r"редакци|ред\.|изменени|amended", re.I), "amended"),
)

_MONTHS_RU = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_MONTHS_EN = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}

#: A date in an annotation: ``07.12.2011``, ``2 марта 2006 года``, ``5 May 2000``.
LAW_DATE = lazy_re(
    r"(?<!\d)(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})[ \t]+(?P<mname>[а-яА-Яa-zA-Z]+)[ \t]+(?P<y2>\d{4}))(?!\d)"
)
#: A law number in an annotation: ``№ 420-ФЗ``, ``N 131``, ``№ 227-IV``.
LAW_NUMBER = lazy_re(r"(?:№|(?<![\w])N|No\.?)[ \t]*(?P<num>\d+(?:-[\wІ]+)?)")


def month_number(name: str) -> int | None:
    """Month number of a Russian (genitive) or English month name."""
    low = name.lower()
    return _MONTHS_RU.get(low) or _MONTHS_EN.get(low)
