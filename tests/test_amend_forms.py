"""The law around the instructions: its articles, the acts it amends, what amends nothing.

The laws here are constructed test inputs in the standard wording of Russian federal and
Kazakh amending laws (not corpus text); the forms come from issue 11 and from the tests
of the peer parser P40b0s/law_changes_parser.
"""

from __future__ import annotations

import time
from typing import Any

import jsonschema
import pytest
from test_amend import _schema

from statuteparse.amend import AmendingLaw, Instruction, mask_quotes, parse_amendments


def _paths(ins: Instruction) -> list[str]:
    return ["/".join(f"{r.kind}:{r.label}" if r.label else r.kind for r in t.path) for t in ins.targets]


def _valid(law: AmendingLaw) -> dict[str, Any]:
    data = law.to_dict()
    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(data), key=str)
    assert not errors, errors[0]
    return data


RF_LAW = """\u00a0
РОССИЙСКАЯ ФЕДЕРАЦИЯ
\u00a0
ФЕДЕРАЛЬНЫЙ ЗАКОН
\u00a0
О внесении изменений в отдельные законодательные акты Российской Федерации
\u00a0
Принят Государственной Думой                              13 мая 2025 года
\u00a0
Статья 1
\u00a0
Внести в Федеральный закон от 22 апреля 1996 года № 39-ФЗ "О рынке ценных бумаг" (Собрание \
законодательства Российской Федерации, 1996, № 17, ст. 1918; 2024, № 1, ст. 5) следующие изменения:
1) пункт 5 статьи 7 изложить в следующей редакции:
"5. Новый пункт.";
2) в статье 20:
а) в пункте 2:
абзац второй изложить в следующей редакции:
"Новый абзац.";
дополнить абзацем третьим следующего содержания:
"Третий абзац.";
б) в пункте 3 второе предложение изложить в следующей редакции: "Новое предложение.";
3) статью 24² признать утратившей силу.
\u00a0
Статья 2
\u00a0
Внести в статью 24²⁰ Федерального закона от 29 июля 1998 года № 135-ФЗ "Об оценочной деятельности" \
(Собрание законодательства Российской Федерации, 1998, № 31, ст. 3813) следующие изменения:
1) часть первую признать утратившей силу;
2) части третью - шестую изложить в следующей редакции:
"3. Третья.
4. Четвертая.
5. Пятая.
6. Шестая.";
\u00a0
Статья 3
\u00a0
Статью 38 Федерального закона от 13 июля 2015 года № 218-ФЗ "О государственной регистрации недвижимости" \
(Собрание законодательства Российской Федерации, 2015, № 29, ст. 4344) дополнить частями 7 - 9 следующего \
содержания:
"7. Седьмая.
8. Восьмая.
9. Девятая.".
\u00a0
Статья 4
\u00a0
Часть 8 статьи 13 Закона Российской Федерации от 19 апреля 1991 года № 1032-1 "О занятости населения" \
(Ведомости СНД и ВС РСФСР, 1991, № 18, ст. 565) изложить в следующей редакции:
"8. Новая часть.".
\u00a0
Статья 5
\u00a0
Признать утратившими силу:
1) Федеральный закон от 10 января 2003 года № 15-ФЗ "О внесении изменения в статью 7 Федерального закона \
"О рынке ценных бумаг" (Собрание законодательства Российской Федерации, 2003, № 2, ст. 167);
2) статью 3 Федерального закона от 5 марта 2004 года № 9-ФЗ "О внесении изменений в некоторые \
законодательные акты" (Собрание законодательства Российской Федерации, 2004, № 10, ст. 837).
\u00a0
Статья 6
\u00a0
Установить, что положения статьи 7 Федерального закона от 22 апреля 1996 года № 39-ФЗ применяются к \
отношениям, возникшим после дня вступления в силу настоящего Федерального закона.
\u00a0
Статья 7
\u00a0
Настоящий Федеральный закон вступает в силу с 1 марта 2026 года.
\u00a0
\u00a0
Президент Российской Федерации                              В.Путин
\u00a0
Москва, Кремль
23 мая 2025 года
№ 124-ФЗ
"""


def test_the_law_itself() -> None:
    law = parse_amendments(RF_LAW)
    data = _valid(law)
    assert law.title == "О внесении изменений в отдельные законодательные акты Российской Федерации"
    # its own date and number (from the signature), not those of an act it cites
    assert (law.date, law.number) == ("2025-05-23", "124-ФЗ")
    assert [a.name for a in law.acts] == [
        'Федеральный закон от 22 апреля 1996 года № 39-ФЗ "О рынке ценных бумаг"',
        'Федеральный закон от 29 июля 1998 года № 135-ФЗ "Об оценочной деятельности"',
        'Федеральный закон от 13 июля 2015 года № 218-ФЗ "О государственной регистрации недвижимости"',
        'Закон Российской Федерации от 19 апреля 1991 года № 1032-1 "О занятости населения"',
        'Федеральный закон от 10 января 2003 года № 15-ФЗ "О внесении изменения в статью 7 '
        'Федерального закона "О рынке ценных бумаг"',
        'Федеральный закон от 5 марта 2004 года № 9-ФЗ "О внесении изменений в некоторые '
        'законодательные акты"',
    ]
    # articles that amend nothing are kept as such, not reported as failures
    assert [(o.article, o.what) for o in law.non_amending] == [("6", "rule"), ("7", "entry into force")]
    assert [n["line"] for n in data["non_amending"]] == [52, 56]  # their "Статья N" lines
    assert not law.diagnostics


def test_nesting_and_the_last_item_before_the_next_article() -> None:
    law = parse_amendments(RF_LAW)
    first = law.acts[0]
    assert [(i.kind, _paths(i)) for i in first.instructions] == [
        ("restate", ["article:7/item:5"]),
        ("restate", ["article:20/item:2/paragraph:2"]),
        ("insert", ["article:20/item:2"]),
        ("restate", ["article:20/item:3/sentence:2"]),
        ("repeal", ["article:24.2"]),
    ]
    assert [it.number for it in first.items] == ["1", "2", "3"]
    # item 3) ends at its own line: "Статья 2" and what follows belong to the next act
    last = first.items[-1]
    assert RF_LAW[last.span.start:last.span.end] == "3) статью 24² признать утратившей силу."
    assert first.instructions[2].labels == ("3",)


def test_an_act_named_in_its_head_or_its_instruction() -> None:
    law = parse_amendments(RF_LAW)
    oценка, registry, employment = law.acts[1], law.acts[2], law.acts[3]
    # "Внести в статью 24²⁰ …": every item is in that article
    assert [(i.kind, _paths(i)) for i in oценка.instructions] == [
        ("repeal", ["article:24.20/part:1"]),
        ("restate", [f"article:24.20/part:{n}" for n in (3, 4, 5, 6)]),
    ]
    # "Статью 38 Федерального закона … дополнить …": the act and the instruction in one sentence
    assert [(i.kind, _paths(i), i.labels) for i in registry.instructions] == [
        ("insert", ["article:38"], ("7", "8", "9"))]
    assert [(i.kind, _paths(i)) for i in employment.instructions] == [("restate", ["article:13/part:8"])]


def test_whole_acts_repealed() -> None:
    law = parse_amendments(RF_LAW)
    repealed = law.acts[4:]
    assert [(i.kind, _paths(i)) for a in repealed for i in a.instructions] == [
        ("repeal", []), ("repeal", ["article:3"])]


def test_never_silent_and_never_lost() -> None:
    text = RF_LAW.replace("2) в статье 20:", "2) в статье 20 сделать что-нибудь:")
    law = parse_amendments(text)
    bad = [i for i in law.acts[0].instructions if i.kind == "unparsed"]
    assert len(bad) == 1 and bad[0].diagnostic is not None
    d = bad[0].diagnostic
    line = text.split("\n")[d.line - 1]
    assert line.startswith("2) в статье 20 сделать") and line[d.column - 1:].startswith("сделать")
    assert "expected one of" in d.message
    # the lines below it are still read (their scope is lost: they say so with their targets)
    assert [i.kind for i in law.acts[0].instructions].count("restate") == 3
    # a verb in an article that reads as no instruction is reported with its line
    odd = parse_amendments(RF_LAW.replace(
        "Установить, что положения", "Установить, что положения изложить"))
    assert [(d.code, d.line) for d in odd.diagnostics] == [("unparsed-instruction", 54)]


KZ_LAW = """# О внесении изменений в Уголовный кодекс Республики Казахстан

Статья 1 . Внести изменения и дополнения в следующие законодательные акты Республики Казахстан:

1. В Уголовный кодекс Республики Казахстан от 16 июля 1997 г. (Ведомости Парламента Республики Казахстан, \
1997 г., N 15-16, ст. 211):

1) внесены изменения в текст на государственном языке, текст на русском языке не изменяется;

2) в статье 48 :

часть третью после слов "части первой статьи 49" дополнить словами ", части четвертой";

в части второй:

дополнить пунктом д) следующего содержания:

"д) в крупном размере,-";

дополнить частью четвертой следующего содержания:

"4. Новая часть.";

2. В Уголовно-процессуальный кодекс Республики Казахстан от 13 декабря 1997 г.:

статью 50 дополнить примечанием следующего содержания:

"Примечание. Текст.";

Статья 2. Настоящий Закон вводится в действие по истечении десяти календарных дней после его первого \
официального опубликования.

Президент
Республики Казахстан
"""


def test_kazakh_law_with_two_codes() -> None:
    law = parse_amendments(KZ_LAW)
    _valid(law)
    assert [(a.number, a.act_id) for a in law.acts] == [(1, "kz-cc1997"), (2, "kz-cpc1997")]
    assert [(i.kind, _paths(i)) for i in law.acts[0].instructions] == [
        ("no_change", []),
        ("insert_words", ["article:48/part:3"]),
        ("insert", ["article:48/part:2"]),
        ("insert", ["article:48"]),  # a part of the article, not of part two
    ]
    assert [(i.kind, _paths(i), i.unit) for i in law.acts[1].instructions] == [
        ("insert", ["article:50"], "note")]
    assert [(o.article, o.what) for o in law.non_amending] == [("2", "entry into force")]
    assert (law.date, law.number) == (None, None)  # the text prints neither
    assert not law.diagnostics


EN_LAW = """On amendments to the Criminal Code of the Republic of Kazakhstan

Article 1. The following amendments shall be made to the following legislative acts:

1. To the Criminal Code of the Republic of Kazakhstan of 16 July 1997:

1) in Article 20:

a) in part one the words "old" shall be replaced by the word "new", the word "other" shall be excluded;

b) part two shall be supplemented with the second sentence as follows: "New sentence.";

2) Articles 21 to 23 shall be excluded.

Article 2. This Law shall enter into force on 1 January 2010.
"""


def test_english_law() -> None:
    law = parse_amendments(EN_LAW)
    _valid(law)
    assert law.language == "en"
    assert [(i.kind, _paths(i)) for i in law.acts[0].instructions] == [
        ("replace_words", ["article:20/part:1"]),
        ("delete_words", ["article:20/part:1"]),
        ("insert", ["article:20/part:2"]),
        ("repeal", ["article:21", "article:22", "article:23"]),
    ]
    assert law.in_force == "2010-01-01"
    assert [(o.article, o.what) for o in law.non_amending] == [("2", "entry into force")]


EN_RF_STYLE = """On amendments to the Law of the Republic of Kazakhstan "On Road Traffic"

Article 1. Make the following amendments to the Law of the Republic of Kazakhstan of 17 April 2014 "On Road \
Traffic" (Bulletin of the Parliament of the Republic of Kazakhstan, 2014, No. 5-I, Art. 34):

1) in Article 20:

part two shall be excluded;

part three shall be amended to read as follows:

"3. New part three.";

2) Article 21 shall be supplemented with part 4 as follows:

"4. New part.";

Article 2. This Law shall enter into force upon expiry of ten calendar days after its first official \
publication.
"""


def test_english_law_that_makes_amendments_to_an_act() -> None:
    law = parse_amendments(EN_RF_STYLE)
    _valid(law)
    assert [a.name for a in law.acts] == [
        'Law of the Republic of Kazakhstan of 17 April 2014 "On Road Traffic"']
    assert [(i.kind, _paths(i), i.labels) for i in law.acts[0].instructions] == [
        ("repeal", ["article:20/part:2"], ()),
        ("restate", ["article:20/part:3"], ()),
        ("insert", ["article:21"], ("4",)),
    ]
    assert [(o.article, o.what) for o in law.non_amending] == [("2", "entry into force")]
    assert not law.diagnostics


# ----------------------------------------------------------------------------- linear time


def _best(fn: Any, *args: Any) -> float:
    times = []
    for _ in range(3):
        t = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t)
    return min(times)


def test_unclosed_quotes_keep_the_scan_linear() -> None:
    """20 000 opening « that never close cost about as much as 20 000 that do (same length)."""
    head = "1. В Уголовный кодекс Республики Казахстан от 16 июля 1997 года:\n\n1) в статье 5 слова "
    n = 20_000
    unclosed = head + "«а " * n + "исключить;\n"
    closed = head + "«а»" * n + "исключить;\n"
    assert len(unclosed) == len(closed)
    bad = _best(mask_quotes, unclosed)
    good = _best(mask_quotes, closed)
    assert bad < 10 * good + 0.05, (bad, good)
    # and the whole reader: a quarter of the input takes about a quarter of the time
    small = head + "«а " * (n // 4) + "исключить;\n"
    t_small = _best(parse_amendments, small)
    t_big = _best(parse_amendments, unclosed)
    assert t_big < 8 * t_small + 0.1, (t_big, t_small)  # quadratic would be 16x
    law = parse_amendments(unclosed)
    assert any(d.code == "unclosed-quote" for d in law.diagnostics)


# ----------------------------------------------------------------------------- other states

OTHER_STATES = {
    "kg": ("""Закон Кыргызской Республики

О внесении изменений в Уголовный кодекс Кыргызской Республики

Статья 1.

Внести в Уголовный кодекс Кыргызской Республики (Ведомости Жогорку Кенеша Кыргызской Республики, 2017 г., \
№ 2, ст. 90) следующие изменения:

1. В статье 5:
- в части 1 слова «лишение свободы» заменить словами «арест»;
- часть 2 признать утратившей силу.

2. Дополнить Кодекс статьей 9-1 следующего содержания:
«Статья 9-1. Новая
Текст.».

Статья 2.

Настоящий Закон вступает в силу по истечении десяти дней со дня официального опубликования.
""", "Уголовный кодекс Кыргызской Республики",
        [("replace_words", ["article:5/part:1"]), ("repeal", ["article:5/part:2"]), ("insert", [])]),
    "md": ("""ЗАКОН
о внесении изменений в Уголовный кодекс Республики Молдова

Статья I. — Уголовный кодекс Республики Молдова № 985/2002 (Официальный монитор Республики Молдова, 2009 г., \
№ 72–74, ст. 195) с последующими изменениями вносятся следующие изменения:

1. Статью 5 дополнить частью (3) следующего содержания:
«(3) Новая часть.»

2. В статье 6 части (1) и (2) признать утратившими силу.

Статья II. — Настоящий закон вступает в силу со дня опубликования.
""", "Уголовный кодекс Республики Молдова № 985/2002",
        [("insert", ["article:5"]), ("repeal", ["article:6/part:1", "article:6/part:2"])]),
    "by": ("""ЗАКОН РЕСПУБЛИКИ БЕЛАРУСЬ

Об изменении Уголовного кодекса Республики Беларусь

Статья 1. Внести в Уголовный кодекс Республики Беларусь от 9 июля 1999 года (Ведамасці Нацыянальнага сходу \
Рэспублікі Беларусь, 1999 г., № 24, ст. 420) следующие изменения и дополнения:

1. Часть первую статьи 4 после слова «преступления» дополнить словами «или правонарушения».

2. Статью 7 изложить в следующей редакции:
«Статья 7. Новая
Текст.»

Статья 2. Настоящий Закон вступает в силу через шесть месяцев после его официального опубликования.
""", "Уголовный кодекс Республики Беларусь от 9 июля 1999 года",
        [("insert_words", ["article:4/part:1"]), ("restate", ["article:7"])]),
    "uz": ("""ЗАКОН РЕСПУБЛИКИ УЗБЕКИСТАН

О внесении изменений в Уголовный кодекс Республики Узбекистан

Статья 1. Внести в Уголовный кодекс Республики Узбекистан следующие изменения:

1) в статье 15:
часть вторую после слов «не превышает» дополнить словами «пяти лет»;
в части третьей слова «десяти лет» заменить словами «восьми лет»;

2) статью 16 дополнить частью третьей следующего содержания:
«Новая часть.»;

Статья 2. Настоящий Закон вступает в силу со дня его официального опубликования.
""", "Уголовный кодекс Республики Узбекистан",
        [("insert_words", ["article:15/part:2"]), ("replace_words", ["article:15/part:3"]),
         ("insert", ["article:16"])]),
}


@pytest.mark.parametrize("state", sorted(OTHER_STATES))
def test_laws_of_other_states(state: str) -> None:
    text, act, expected = OTHER_STATES[state]
    law = parse_amendments(text)
    _valid(law)
    assert [a.name for a in law.acts] == [act]
    assert [(i.kind, _paths(i)) for i in law.acts[0].instructions] == expected
    assert [o.what for o in law.non_amending] == ["entry into force"]
    assert law.title is not None and law.title.lower().startswith(("о ", "об "))
    assert not law.diagnostics


GERUNDS = """ФЕДЕРАЛЬНЫЙ ЗАКОН

О внесении изменений в отдельные законодательные акты Российской Федерации

Статья 1

Внести в статью 12 Федерального закона от 7 февраля 2011 года № 3-ФЗ "О полиции" (Собрание законодательства \
Российской Федерации, 2011, № 7, ст. 900) изменение, изложив часть 2 в следующей редакции:
"2. Новая часть.".

Статья 2

Внести в Федеральный закон от 1 мая 2000 года № 5-ФЗ "О первом" изменение, дополнив его статьей 5¹ \
следующего содержания:
"Статья 5¹. Новая
Текст.".

Статья 3

Внести в часть 3 статьи 4 Федерального закона от 2 мая 2001 года № 6-ФЗ "О втором" изменение, заменив слова \
"старые" словами "новые".

Статья 4

Внести в статью 7 Федерального закона от 3 мая 2002 года № 7-ФЗ "О третьем" изменение, признав \
утратившей силу часть 4.

Статья 5

Настоящий Федеральный закон вступает в силу со дня его официального опубликования.
"""


def test_one_change_per_act_with_a_gerund() -> None:
    """'Внести в статью 12 … изменение, изложив часть 2 в следующей редакции': act, scope, instruction."""
    law = parse_amendments(GERUNDS)
    _valid(law)
    got = [(a.name.split(" ", 1)[0], i.kind, _paths(i), i.labels) for a in law.acts for i in a.instructions]
    assert got == [
        ("Федеральный", "restate", ["article:12/part:2"], ()),
        ("Федеральный", "insert", [], ("5.1",)),
        ("Федеральный", "replace_words", ["article:4/part:3"], ()),
        ("Федеральный", "repeal", ["article:7/part:4"], ()),
    ]
    assert not law.diagnostics
    assert [o.what for o in law.non_amending] == ["entry into force"]
