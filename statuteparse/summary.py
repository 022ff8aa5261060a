"""Readable summary lines of a diff, in English or Russian.

The wording lives in :data:`TEMPLATES` (one dict per language) and in the word
tables below; :mod:`statuteparse.diff` fills the templates. Guarantees: every
function here is pure and returns plain strings; an unknown language raises
:class:`ValueError` from :func:`templates`.
"""

from __future__ import annotations

from .model import Quantity

__all__ = [
    "TEMPLATES",
    "LANGUAGES",
    "templates",
    "render_range",
    "render_kind",
    "render_subject",
    "render_quantity",
    "shorten",
]

#: Summary templates per language; ``{where}`` is the article/part label built from ``art``/``part``.
TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "label_art": "Art. {num}",
        "label_art_renumbered": "Art. {old}→{new}",
        "label_part": "{art}, part {num}",
        "label_part_renumbered": "{art}, part {old}→{new}",
        "label_part_unnumbered": "{art}",
        "article_added": '{where}: article added: "{title}"',
        "article_removed": '{where}: article removed: "{title}"',
        "article_repealed": "{where}: article repealed",
        "article_renumbered": "{where}: article renumbered",
        "title_changed": '{where}: title changed: "{old}" → "{new}"',
        "part_added": "{where}: part added",
        "part_removed": "{where}: part removed",
        "part_repealed": "{where}: part repealed",
        "part_renumbered": "{where}: part renumbered",
        "wording_changed": "{where}: wording changed",
        "circ_added": '{where}: {what} added: "{text}"',
        "circ_removed": '{where}: {what} removed: "{text}"',
        "circ_changed": '{where}: {what} reworded: "{old}" → "{new}"',
        "circ_repealed": '{where}: {what} repealed: {label}) "{old}"',
        "circ_restored": '{where}: {what} restored: {label}) "{new}"',
        "circ_moved": '{where}: {what} moved to part {to}: "{text}"',
        "circ_what_aggravating": "aggravating circumstance",
        "circ_what_item": "item",
        "penalty_added": "{where}: penalty added: {penalty}",
        "penalty_removed": "{where}: penalty removed: {penalty}",
        "penalty_changed": "{where}: {kind} {old} → {new}{direction}",
        "direction": " ({direction})",
        "harsher": "harsher",
        "milder": "milder",
        "mixed": "mixed",
        "additional_changed": "{where}: additional {kind}: {old} → {new}",
        "mode_none": "none",
        "mode_optional": "optional",
        "mode_mandatory": "mandatory",
        "gravity_changed": "{where}: gravity: {old} → {new}",
        "gravity_none": "unknown",
        "gravity_small": "small",
        "gravity_medium": "medium",
        "gravity_grave": "grave",
        "gravity_especially_grave": "especially grave",
        "gravity_criminal_offence": "criminal offence",
        "note_added": '{where}: note added: "{text}"',
        "note_removed": '{where}: note removed: "{text}"',
        "note_changed": "{where}: note{num} reworded",
        "range_upto": "up to {max}",
        "range_from": "from {min}",
        "range_between": "{min} to {max}",
        "range_exact": "{max}",
        "range_none": "",
        "and": " and ",
        "outline_article": "Article {num}: {title}",
        "outline_part": "part {num}",
        "outline_refers": " (refers to {refs})",
        "outline_repealed": " repealed",
        "outline_circumstances": "circumstances: {labels}",
        "outline_if": " [if: {condition}]",
        "outline_life": " for life",
        "outline_unread": "sanction not understood (see diagnostics)",
        "outline_partial": "! sanction read only in part (see diagnostics)",
        "outline_note": "note {num}",
        "outline_floor": ", not less than {q}",
        "outline_ceiling": ", not more than {q}",
    },
    "ru": {
        "label_art": "Ст. {num}",
        "label_art_renumbered": "Ст. {old}→{new}",
        "label_part": "{art}, ч. {num}",
        "label_part_renumbered": "{art}, ч. {old}→{new}",
        "label_part_unnumbered": "{art}",
        "article_added": "{where}: статья добавлена: «{title}»",
        "article_removed": "{where}: статья исключена: «{title}»",
        "article_repealed": "{where}: статья утратила силу",
        "article_renumbered": "{where}: статья перенумерована",
        "title_changed": "{where}: заголовок изменён: «{old}» → «{new}»",
        "part_added": "{where}: часть добавлена",
        "part_removed": "{where}: часть исключена",
        "part_repealed": "{where}: часть утратила силу",
        "part_renumbered": "{where}: часть перенумерована",
        "wording_changed": "{where}: изменена редакция",
        "circ_added": "{where}: {what} добавлено: «{text}»",
        "circ_removed": "{where}: {what} исключено: «{text}»",
        "circ_changed": "{where}: {what} изменено: «{old}» → «{new}»",
        "circ_repealed": "{where}: {what} исключено (утратило силу): {label}) «{old}»",
        "circ_restored": "{where}: {what} восстановлено: {label}) «{new}»",
        "circ_moved": "{where}: {what} перенесено в ч. {to}: «{text}»",
        "circ_what_aggravating": "квалифицирующее обстоятельство",
        "circ_what_item": "положение",
        "penalty_added": "{where}: добавлено наказание: {penalty}",
        "penalty_removed": "{where}: исключено наказание: {penalty}",
        "penalty_changed": "{where}: {kind} {old} → {new}{direction}",
        "direction": " ({direction})",
        "harsher": "строже",
        "milder": "мягче",
        "mixed": "разнонаправленно",
        "additional_changed": "{where}: дополнительное наказание ({kind}): {old} → {new}",
        "mode_none": "нет",
        "mode_optional": "факультативное",
        "mode_mandatory": "обязательное",
        "gravity_changed": "{where}: категория преступления: {old} → {new}",
        "gravity_none": "неизвестна",
        "gravity_small": "небольшой тяжести",
        "gravity_medium": "средней тяжести",
        "gravity_grave": "тяжкое",
        "gravity_especially_grave": "особо тяжкое",
        "gravity_criminal_offence": "уголовный проступок",
        "note_added": "{where}: добавлено примечание: «{text}»",
        "note_removed": "{where}: исключено примечание: «{text}»",
        "note_changed": "{where}: изменено примечание{num}",
        "range_upto": "до {max}",
        "range_from": "от {min}",
        "range_between": "от {min} до {max}",
        "range_exact": "{max}",
        "range_none": "",
        "and": " и ",
        "outline_article": "Статья {num}: {title}",
        "outline_part": "часть {num}",
        "outline_refers": " (ссылается на {refs})",
        "outline_repealed": " утратила силу",
        "outline_circumstances": "обстоятельства: {labels}",
        "outline_if": " [если: {condition}]",
        "outline_life": " пожизненно",
        "outline_unread": "санкция не прочитана (см. диагностику)",
        "outline_partial": "! санкция прочитана не полностью (см. диагностику)",
        "outline_note": "примечание {num}",
        "outline_floor": ", но не менее {q}",
        "outline_ceiling": ", но не более {q}",
    },
}

#: Languages that have templates.
LANGUAGES: tuple[str, ...] = tuple(TEMPLATES)

_KINDS: dict[str, dict[str, str]] = {
    "en": {
        "imprisonment": "imprisonment",
        "life_imprisonment": "life imprisonment",
        "death_penalty": "death penalty",
        "fine": "fine",
        "correctional_labor": "correctional labour",
        "forced_labor": "forced labour",
        "compulsory_work": "compulsory work",
        "community_service": "community service",
        "restriction_of_liberty": "restriction of liberty",
        "arrest": "arrest",
        "deprivation_of_right": "deprivation of a right",
        "confiscation": "confiscation",
        "expulsion": "expulsion",
        "restriction_of_military_service": "restriction of military service",
        "disciplinary_military_unit": "disciplinary military unit",
        "deportation": "deportation",
        "warning": "warning",
    },
    "ru": {
        "imprisonment": "лишение свободы",
        "life_imprisonment": "пожизненное лишение свободы",
        "death_penalty": "смертная казнь",
        "fine": "штраф",
        "correctional_labor": "исправительные работы",
        "forced_labor": "принудительные работы",
        "compulsory_work": "обязательные работы",
        "community_service": "общественные работы",
        "restriction_of_liberty": "ограничение свободы",
        "arrest": "арест",
        "deprivation_of_right": "лишение права",
        "confiscation": "конфискация имущества",
        "expulsion": "выдворение",
        "restriction_of_military_service": "ограничение по военной службе",
        "disciplinary_military_unit": "дисциплинарная воинская часть",
        "deportation": "депортация",
        "warning": "предупреждение",
    },
}

# English: (singular, plural). Russian: (genitive singular, genitive plural) -- ranges read
# "до 1 года", "от 5 до 7 лет", so only the genitive is needed.
_UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "year": ("year", "years"),
        "month": ("month", "months"),
        "day": ("day", "days"),
        "hour": ("hour", "hours"),
        "mci": ("MCI", "MCI"),
        "income_month": ("month's income", "months' income"),
        "income_year": ("year's income", "years' income"),
        "rub": ("rouble", "roubles"),
        "min_wage": ("minimum wage", "minimum wages"),
        "base_amount": ("base amount", "base amounts"),
        "percent": ("percent", "percent"),
        "multiple": ("times", "times"),
        "kzt": ("tenge", "tenge"),
        "kgs": ("som", "soms"),
        "tjs": ("somoni", "somoni"),
        "uzs": ("sum", "sums"),
        "amd": ("dram", "drams"),
        "azn": ("manat", "manats"),
        "tmt": ("manat", "manats"),
        "mdl": ("leu", "lei"),
        "uah": ("hryvnia", "hryvnias"),
        "gel": ("lari", "lari"),
        "byn": ("Belarusian rouble", "Belarusian roubles"),
        "unspecified": ("(no unit)", "(no unit)"),
    },
    "ru": {
        "year": ("года", "лет"),
        "month": ("месяца", "месяцев"),
        "day": ("суток", "суток"),
        "hour": ("часа", "часов"),
        "mci": ("МРП", "МРП"),
        "income_month": ("месячного дохода", "месячных доходов"),
        "income_year": ("годового дохода", "годовых доходов"),
        "rub": ("рубля", "рублей"),
        "min_wage": ("МРОТ", "МРОТ"),
        "base_amount": ("базовой величины", "базовых величин"),
        "percent": ("процента", "процентов"),
        "multiple": ("-кратной суммы", "-кратной суммы"),
        "kzt": ("тенге", "тенге"),
        "kgs": ("сома", "сомов"),
        "tjs": ("сомони", "сомони"),
        "uzs": ("сума", "сумов"),
        "amd": ("драма", "драмов"),
        "azn": ("маната", "манатов"),
        "tmt": ("маната", "манатов"),
        "mdl": ("лея", "леев"),
        "uah": ("гривны", "гривен"),
        "gel": ("лари", "лари"),
        "byn": ("белорусского рубля", "белорусских рублей"),
        "unspecified": ("(единица не указана)", "(единица не указана)"),
    },
}

# What a multiple or a percentage is of (``10 times the bribe``).
_OF: dict[str, dict[str, str]] = {
    "en": {
        "bribe": "the bribe",
        "damage": "the damage",
        "value": "the value",
        "income": "the income",
        "difference": "the difference",
        "proceeds": "the proceeds",
        "amount": "the amount",
        "unpaid_tax": "the unpaid tax",
        "payment": "the payment",
        "funds": "the funds",
    },
    "ru": {
        "bribe": "взятки",
        "damage": "ущерба",
        "value": "стоимости",
        "income": "дохода",
        "difference": "разницы",
        "proceeds": "выручки",
        "amount": "суммы",
        "unpaid_tax": "неуплаченного налога",
        "payment": "платы",
        "funds": "средств",
    },
}


def templates(lang: str) -> dict[str, str]:
    """The template dict of ``lang`` (``en`` or ``ru``); ValueError for another language."""
    try:
        return TEMPLATES[lang]
    except KeyError:
        raise ValueError(
            f"unsupported summary language {lang!r} (use one of {', '.join(LANGUAGES)})"
        ) from None


#: Subjects of a penalty in words.
_SUBJECTS: dict[str, dict[str, str]] = {
    "en": {
        "individuals": "individuals",
        "officials": "officials",
        "individual_entrepreneurs": "individual entrepreneurs",
        "legal_entities": "legal entities",
        "small_medium_business": "small and medium businesses",
        "large_business": "large businesses",
    },
    "ru": {
        "individuals": "физические лица",
        "officials": "должностные лица",
        "individual_entrepreneurs": "индивидуальные предприниматели",
        "legal_entities": "юридические лица",
        "small_medium_business": "субъекты малого и среднего предпринимательства",
        "large_business": "субъекты крупного предпринимательства",
    },
}


def render_subject(subject: str, lang: str) -> str:
    """A penalty's subject in words."""
    return _SUBJECTS[lang].get(subject, subject.replace("_", " "))


def render_kind(kind: str, lang: str) -> str:
    """A penalty kind in words."""
    return _KINDS[lang].get(kind, kind.replace("_", " "))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def render_quantity(q: Quantity, lang: str) -> str:
    """``5 years`` / ``5 лет``."""
    one, many = _UNITS[lang].get(q.unit, (q.unit, q.unit))
    v = q.value
    if lang == "ru":
        whole = float(v).is_integer()
        singular = whole and int(v) % 10 == 1 and int(v) % 100 != 11
    else:
        singular = v == 1
    text = f"{_number(v)} {one if singular else many}"
    if lang == "ru" and q.unit == "multiple":
        text = f"{_number(v)}{one}"
    if q.of:
        text += " " + _OF[lang].get(q.of, q.of.replace("_", " "))
    return text


def render_range(qmin: Quantity | None, qmax: Quantity | None, lang: str) -> str:
    """A range in words: ``up to 5 years``, ``5 to 7 years``, ``от 5 месяцев до 1 года``."""
    t = templates(lang)
    if qmin is None and qmax is None:
        return t["range_none"]
    if qmin is None:
        assert qmax is not None
        return t["range_upto"].format(max=render_quantity(qmax, lang))
    if qmax is None:
        return t["range_from"].format(min=render_quantity(qmin, lang))
    if qmin == qmax:
        return t["range_exact"].format(max=render_quantity(qmax, lang))
    if qmin.unit == qmax.unit and qmin.of == qmax.of and qmin.unit != "multiple":
        return t["range_between"].format(min=_number(qmin.value), max=render_quantity(qmax, lang))
    return t["range_between"].format(min=render_quantity(qmin, lang), max=render_quantity(qmax, lang))


def shorten(text: str, width: int = 100) -> str:
    """``text`` cut to ``width`` characters at a word boundary, with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0]
    return cut + "…"
