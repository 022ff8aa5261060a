"""Language data: the words and phrases that differ between Russian and English text.

Everything language-specific that is not in a grammar file lives here, as tables:
structural headings, references between parts, repealed markers, editorial
annotation kinds, penalty subjects and units.  Code elsewhere looks things up by
language; it never branches on ``lang == "ru"``.
"""

from __future__ import annotations

import re
from typing import Any, cast

import attrs
import regex

from . import numbers


@attrs.frozen
class LanguageData:
    """The phrase tables of one language."""

    code: str
    #: A structural heading line (section, chapter, division, contents) -> level by group name.
    heading: regex.Pattern[str]
    #: Explicit reference to parts of the same article; group ``refs`` holds the ordinals.
    reference: regex.Pattern[str]
    #: Words every explicit reference contains (a cheap test before the big pattern runs).
    reference_hints: tuple[str, ...]
    #: Implicit reference to the preceding part (``То же деяние`` / ``The same act``).
    same_act: regex.Pattern[str]
    #: Text that marks a provision as repealed (``исключен``, ``утратил силу``, ``excluded``).
    repealed: regex.Pattern[str]
    #: Where to cut a sanction into alternatives when the whole clause does not parse.
    alternative_split: regex.Pattern[str]
    #: Unit words (already matched by the grammar's UNIT) -> contract unit.
    units: tuple[tuple[regex.Pattern[str], str], ...]
    #: Subject phrases -> subject identifier.
    subjects: tuple[tuple[regex.Pattern[str], str], ...]
    #: What stands between an article's number and its title when a provision of another act is
    #: quoted (``Article 56 of the Administrative Violations Code …: Title``).
    title_prefix: regex.Pattern[str]
    #: Closing lines of a code (signature) that belong to no article.
    closing: regex.Pattern[str]


_ORD = {lang: numbers.ORDINAL_WORD_PATTERN[lang] for lang in ("ru", "en")}


class _Lazy:
    """A regular expression compiled on first use (keeps start-up fast for big patterns)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: regex.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = regex.compile(*self._args)
        return getattr(self._compiled, name)


def _lazy(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    return cast("regex.Pattern[str]", _Lazy(pattern, flags))


_RU_UNITS = (
    (regex.compile(r"^(?:лет|года|год)$"), "year"),
    (regex.compile(r"^(?:месяц\w*)$"), "month"),
    (regex.compile(r"^(?:суток|дней|дня|день)$"), "day"),
    (regex.compile(r"^(?:час\w*)$"), "hour"),
    (regex.compile(r"^(?:(?:(?:месячн|минимальн)\w+ ?)?расчетн\w+ показател\w+|показател\w+ для расчетов|МРП)$"), "mci"),  # noqa: E501
    (regex.compile(r"^минимальн"), "min_wage"),
    (regex.compile(r"^рубл"), "rub"),
)

_EN_UNITS = (
    (regex.compile(r"^years?$", regex.I), "year"),
    (regex.compile(r"^monthly (?:wages?|salar)", regex.I), "income_month"),
    (regex.compile(r"^months?$", regex.I), "month"),
    (regex.compile(r"^days?$", regex.I), "day"),
    (regex.compile(r"^hours?$", regex.I), "hour"),
    (regex.compile(r"^(?:monthly (?:assessment|calculation|calculated)|MCI)", regex.I), "mci"),
    (regex.compile(r"^minimum", regex.I), "min_wage"),
    (regex.compile(r"^r(?:o)?ubles?$", regex.I), "rub"),
)

RU = LanguageData(
    code="ru",
    heading=regex.compile(
        r"^[ \t]*(?:#{1,6}[ \t]*)?(?:"
        r"(?P<division>(?:ОБЩАЯ|ОСОБЕННАЯ|Общая|Особенная)[ \t]+(?:ЧАСТЬ|часть))"
        r"|(?P<section>(?:Раздел|РАЗДЕЛ)[ \t]+(?:[IVXLC]+|\d+)\b)"
        r"|(?P<chapter>(?:Глава|ГЛАВА)[ \t]+\d+(?:-\d+)?\b)"
        r"|(?P<contents>(?:Оглавление|ОГЛАВЛЕНИЕ|Содержание|СОДЕРЖАНИЕ)[ \t]*$)"
        r")"
    ),
    reference=_lazy(
        r"(?:част(?:ью|ями|ей|и|ях|ям)|пункт(?:ом|ами|а|ах))[ \t]+"
        rf"(?P<refs>(?:(?:{_ORD['ru']}|\d+(?:-\d+)?)(?:[ \t]*(?:,|или|и|либо|[-–—])[ \t]*)?)+)"
        r"[ \t]*настоящей[ \t]+статьи",
        regex.I,
    ),
    reference_hints=("настоящей статьи",),
    same_act=regex.compile(r"^\W*(?:То[ \t]+же|Те[ \t]+же|Тот[ \t]+же|Та[ \t]+же)\b", regex.I),
    repealed=regex.compile(
        r"^\W*(?:(?:Статья|Часть|Пункт|Подпункт|Примечание|Абзац)[ \t]+(?:\d[\d-]*[ \t]+)?)?"
        r"(?:исключен\w*|утратил\w*[ \t]+силу)",
        regex.I,
    ),
    alternative_split=regex.compile(r"(?<![ \t])[ \t]*(?:,[ \t]*)?(?<!\w)либо(?=\w|\s)|;"),
    units=_RU_UNITS,
    subjects=(
        (regex.compile(r"крупного", regex.I), "large_business"),
        (regex.compile(r"малого|среднего|индивидуальных", regex.I), "small_medium_business"),
        (regex.compile(r"физических|граждан", regex.I), "individuals"),
        (regex.compile(r"должностных", regex.I), "officials"),
        (regex.compile(r"юридических", regex.I), "legal_entities"),
    ),
    title_prefix=regex.compile(r"^(?!)"),
    closing=regex.compile(r"^[ \t]*(?:Президент(?:[ \t]+Республики[ \t]+Казахстан)?)[ \t]*$"),
)

EN = LanguageData(
    code="en",
    heading=regex.compile(
        r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:"
        r"(?P<division>(?:GENERAL|SPECIAL|General|Special)[ \t]+(?:PART|Part))"
        r"|(?P<section>(?:Section|SECTION)[ \t]+(?:[IVXLC]+|\d+)\b)"
        r"|(?P<chapter>(?:Chapter|CHAPTER)[ \t]+\d+(?:-\d+)?\b)"
        r"|(?P<contents>(?:Contents|CONTENTS|Table[ \t]+of[ \t]+[Cc]ontents)[ \t]*$)"
        r")"
    ),
    reference=_lazy(
        r"(?:(?:in|by|under|of)[ \t]+(?:the[ \t]+)?"
        rf"(?P<refs>(?:(?:{_ORD['en']}|\d+)(?:[ \t]*,[ \t]*|[ \t]+(?:or|and|of)[ \t]+(?:the[ \t]+)?|[ \t]*[-–][ \t]*|[ \t]+)?)+)"  # noqa: E501
        r"[ \t]*parts?"
        r"|parts?[ \t]+(?P<refs>(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
        r"(?:[ \t]*,[ \t]*|[ \t]+(?:or|and)[ \t]+|[ \t]*[-–][ \t]*)?)+))"
        r"[ \t]+of[ \t]+(?:this|the[ \t]+present)[ \t]+article",
        regex.I,
    ),
    reference_hints=("this article", "present article"),
    same_act=regex.compile(
        r"^\W*The[ \t]+same[ \t]+(?:act|acts|action|actions|deed|deeds|offen[cs]e)\b", regex.I
    ),
    repealed=regex.compile(r"^\W*(?:excluded|repealed|deleted|(?:is|was)[ \t]+repealed)\b", regex.I),
    alternative_split=regex.compile(r";[ \t]*(?:or[ \t]+)?|,[ \t]*or[ \t]+(?!without)"),
    units=_EN_UNITS,
    subjects=(
        (regex.compile(r"officials", regex.I), "officials"),
        (regex.compile(r"legal", regex.I), "legal_entities"),
        (regex.compile(r"entrepreneur", regex.I), "individual_entrepreneurs"),
        (regex.compile(r"individuals|physical", regex.I), "individuals"),
    ),
    title_prefix=regex.compile(r"^of[ \t]+the[ \t]+[^:.]{3,300}[:.][ \t]*"),
    closing=regex.compile(
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
EDITORIAL_KINDS: tuple[tuple[regex.Pattern[str], str], ...] = (
    (
        regex.compile(
            r"^Сноска|^Примечание РЦПИ|^<\*>$|^(?:см\.\s*)?(?:P\d+S|[A-Z]\d{6}[A-Z_]?)$|^[Сс] изменениями"
        ),
        "footnote",
    ),
    (regex.compile(r"исключен|утратил|excluded|repealed|deleted", regex.I), "repealed"),
    (regex.compile(r"дополнен|введен|introduced|added|supplemented", regex.I), "added"),
    (regex.compile(r"редакци|ред\.|изменени|amended", regex.I), "amended"),
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
LAW_DATE = regex.compile(
    r"(?<!\d)(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})[ \t]+(?P<mname>[а-яА-Яa-zA-Z]+)[ \t]+(?P<y2>\d{4}))(?!\d)"
)
#: A law number in an annotation: ``№ 420-ФЗ``, ``N 131``, ``№ 227-IV``.
LAW_NUMBER = regex.compile(r"(?:№|(?<![\w])N|No\.?)[ \t]*(?P<num>\d+(?:-[\wІ]+)?)")


def month_number(name: str) -> int | None:
    """Month number of a Russian (genitive) or English month name."""
    low = name.lower()
    return _MONTHS_RU.get(low) or _MONTHS_EN.get(low)
