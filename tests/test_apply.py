"""Applying an amending law to a base text: Law 227-IV on the 1997 Criminal Code, and small cases.

The small Russian base article and law below are constructed test inputs (modelled on
the code's layout), not corpus text.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from corpus_util import whole_code

from statuteparse.amend import parse_amendments
from statuteparse.apply import ApplyResult, apply_law
from statuteparse.diff import diff, normalize_text
from statuteparse.model import Article, Document
from statuteparse.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
LAW_227 = ROOT / "corpus" / "kz" / "amending" / "law-2009-12-10-227-IV-rus49440.ru.md"
BASE_LAST_AMENDMENT = "2009-07-16"  # the latest law in cc1997-2009's footnotes (16.07.2009 № 186-IV)

# Articles of the 1997 code that Law 227-IV amends.
ARTICLES_227 = ("11 58 59 63 64 72 77 96 103 104 117 120 121 170 175 176 177 178 179 181 183 190 191 221 "
                "223 227-1 248 257 270 271").split()


def _schema() -> dict[str, Any]:
    text = (files("statuteparse") / "schemas" / "amendments.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def codes() -> tuple[Document, Document, Document, ApplyResult]:
    base_text = whole_code("cc1997-2009.ru.md").read_text(encoding="utf-8")
    official_text = whole_code("cc1997-2010.ru.md").read_text(encoding="utf-8")
    law = parse_amendments(LAW_227.read_text(encoding="utf-8"), source=str(LAW_227.relative_to(ROOT)),
                           date="2009-12-10", number="227-IV")
    result = apply_law(law, base_text)
    base = parse_text(base_text, source="cc1997-2009.ru.md")
    official = parse_text(official_text, source="cc1997-2010.ru.md")
    applied = parse_text(result.text, source="applied")
    # apply_law maps the parser's spans back to the input (Document.original_offset), so the
    # normaliser may drop characters (here: 35 in the 2009 text) without moving any edit
    return base, official, applied, result


def test_227_every_instruction_applied(codes: tuple[Document, Document, Document, ApplyResult]) -> None:
    _, _, _, result = codes
    assert result.act == "kz-cc1997"
    assert (len(result.applied), len(result.not_applied)) == (36, 0)
    assert [(i, n) for _, i, n in result.skipped_acts] == [("kz-cpc1997", 189), ("kz-civpc1999", 115)]
    report = result.to_dict()
    jsonschema.validate(report, _schema())
    assert report["summary"] == {"applied": 36, "not_applied": 0}


def test_227_result_keeps_everything_else(codes: tuple[Document, Document, Document, ApplyResult]) -> None:
    base, _, applied, _ = codes
    assert [a.number for a in applied.articles] == [a.number for a in base.articles]
    for a in base.articles:
        if a.number not in ARTICLES_227:
            b = applied.article(a.number)
            assert b is not None
            assert applied.text[b.span.start:b.span.end] == base.text[a.span.start:a.span.end]
    # text outside the articles is copied byte for byte
    first = base.articles[0].span.start
    assert applied.text[:first] == base.text[:first]


def _later_laws(article: Article) -> set[str]:
    """Laws other than 227-IV that the official footnotes name, dated after the base text."""
    return {law.number for e in article.editorial for law in e.laws
            if law.number and law.number != "227-IV" and law.date and law.date > BASE_LAST_AMENDMENT}


def _structure(a: Article) -> Any:
    """Parts, items, sanctions and notes, with normalised text (editorial and footnotes left out)."""
    def t(x: str) -> str:
        return normalize_text(x)

    return (
        a.number, t(a.title), a.repealed,
        [(p.number, p.label, p.repealed, "" if p.repealed else t(p.text),
          [(c.label, c.repealed, t(c.text)) for c in p.circumstances],
          p.sanction and [(x.kind, x.min, x.max, x.subject, [(d.kind, d.mode, d.max) for d in x.additional])
                          for x in p.sanction.penalties])
         for p in a.parts],
        [(n.number, n.repealed, "" if n.repealed else t(n.text)) for n in a.notes],
    )


def _folded(doc: Document, a: Article) -> str:
    text = doc.text[a.span.start:a.span.end]
    text = re.sub(r"(?m)^[ \t]*Сноска[^\n]*", "", text).replace("<*>", "")
    return " ".join(text.split())


def test_227_matches_the_official_2010_text(codes: tuple[Document, Document, Document, ApplyResult]) -> None:
    _, official, applied, _ = codes
    only_227, also_other = [], {}
    for number in ARTICLES_227:
        o = official.article(number)
        assert o is not None
        assert any(law.number == "227-IV" for e in o.editorial for law in e.laws), number
        later = _later_laws(o)
        if later:
            also_other[number] = sorted(later)
        else:
            only_227.append(number)
    # the footnotes: 25 articles changed only by 227-IV; 5 also by laws of December 2009
    assert also_other == {"64": ["228-IV"], "72": ["228-IV"], "177": ["222-IV"], "190": ["222-IV"],
                          "221": ["222-IV"]}
    assert len(only_227) == 25
    equal, differ = [], []
    for number in only_227:
        a, o = applied.article(number), official.article(number)
        assert a is not None and o is not None
        same = _structure(a) == _structure(o) and _folded(applied, a) == _folded(official, o)
        (equal if same else differ).append(number)
    assert len(equal) == 24
    # art. 121: the law restates item г) as "совершенные неоднократно" (plural, agreeing with
    # "Те же действия"); the official consolidated text prints "совершенное неоднократно".
    assert differ == ["121"]
    a121, o121 = applied.article("121"), official.article("121")
    assert a121 is not None and o121 is not None
    law_words = [c.text for c in a121.parts[1].circumstances if c.label == "г"]
    official_words = [c.text for c in o121.parts[1].circumstances if c.label == "г"]
    assert (law_words, official_words) == (["совершенные неоднократно"], ["совершенное неоднократно"])
    ours = _folded(applied, a121).replace("совершенные неоднократно;", "совершенное неоднократно;")
    assert ours == _folded(official, o121)


def test_227_diff_of_270_and_271(codes: tuple[Document, Document, Document, ApplyResult]) -> None:
    base, _, applied, _ = codes
    d = diff(base, applied)
    changed = {a.old.number for a in d.articles if a.status != "unchanged" and a.old is not None}
    assert changed == set(ARTICLES_227)
    for number in ("270", "271"):
        art = next(a for a in d.articles if a.old is not None and a.old.number == number)
        p2 = next(p for p in art.parts if p.new is not None and p.new.number == 2)
        assert p2.text_changed and p2.status == "changed"
        assert p2.penalties == ()  # the penalty is the same
        new = applied.article(number)
        assert new is not None
        assert "организованной группой либо неоднократно" in new.parts[1].text
        assert any(f"Art. {number}, part 2" in line for line in d.summary)


# ----------------------------------------------------------------------------- small cases

BASE = """#### Статья 5. Пример

      1. Первое деяние, совершенное лицом, ранее судимым за такое деяние, -

      наказывается штрафом в размере до ста месячных расчетных показателей.

      2. То же деяние, совершенное:

      а) группой лиц;

      б) лицом, ранее судимым, -

      наказывается лишением свободы на срок до двух лет.

      3. Часть третья. Второе предложение третьей части.

      Примечание. Одно примечание к статье.

#### Статья 6. Другая

      1. Деяние - наказывается арестом на срок до трех месяцев.
"""

HEAD = "1. В Уголовный кодекс Республики Казахстан от 16 июля 1997 года:\n\n"


def _apply(items: str) -> ApplyResult:
    return apply_law(parse_amendments(HEAD + items), BASE, act="kz-cc1997")


def test_failures_change_nothing_and_the_rest_applies() -> None:
    result = _apply(
        '1) в части первой статьи 5 слова "нет таких слов" исключить;\n\n'
        '2) в статье 5 слово "деяние" заменить словом "действие";\n\n'
        "3) пункт в) части второй статьи 5 исключить;\n\n"
        "4) часть вторую статьи 9 исключить;\n\n"
        '5) в части первой статьи 6 слово "Деяние" заменить словом "Действие";\n'
    )
    reasons = [(o.item, o.reason) for o in result.not_applied]
    assert reasons == [
        ("1", "the words 'нет таких слов' are not in the target"),
        ("2", "the words 'деяние' occur 3 times in the target, not once"),
        ("3", "item в) not found in part 2 of article 5"),
        ("4", "article 9 not found in the base text"),
    ]
    assert [o.item for o in result.applied] == ["5"]
    assert result.text == BASE.replace("1. Деяние", "1. Действие")


def test_repeal_and_restate_items_keep_the_layout() -> None:
    result = _apply("1) пункт б) части второй статьи 5 исключить;\n\n2) в статье 5 примечание исключить;\n")
    assert not result.not_applied
    assert "      а) группой лиц, -\n\n      б) исключен.\n\n      наказывается лишением" in result.text
    assert "Примечание" not in result.text
    doc = parse_text(result.text)
    part2 = doc.articles[0].parts[1]
    assert [(c.label, c.repealed) for c in part2.circumstances] == [("а", False), ("б", True)]
    assert part2.sanction is not None and part2.sanction.penalties[0].kind == "imprisonment"


def test_inserts_and_renumbering() -> None:
    result = _apply(
        "1) в статье 5:\n\n"
        'часть вторую дополнить пунктом в) следующего содержания:\n\n"в) неоднократно, -";\n\n'
        'часть третью дополнить предложением третьим следующего содержания:\n\n"Третье предложение.";\n\n'
        'дополнить частью 2-1 следующего содержания:\n\n"2-1. Новая часть.";\n\n'
        'в части первой слова "совершенное лицом, ранее судимым за такое деяние," исключить;\n\n'
        "2) часть первую статьи 6 считать частью 2;\n"
    )
    assert not result.not_applied, result.not_applied
    text = result.text
    assert "      б) лицом, ранее судимым;\n\n      в) неоднократно, -\n\n      наказывается" in text
    assert "Второе предложение третьей части. Третье предложение." in text
    assert "до двух лет.\n\n      2-1. Новая часть.\n\n      3. Часть третья." in text
    assert "1. Первое деяние, -" in text
    assert "      2. Деяние - наказывается арестом" in text
    doc = parse_text(text)
    assert [p.label or str(p.number) for p in doc.articles[0].parts] == ["1", "2", "2-1", "3"]


def test_restate_several_parts_with_one_text_and_a_new_article() -> None:
    result = _apply(
        '1) части первую и третью статьи 5 изложить в следующей редакции:\n\n'
        '"1. Новая первая часть.\n\n3. Новая третья часть.";\n\n'
        "2) дополнить статьей 5-1 следующего содержания:\n\n"
        '"Статья 5-1. Вставленная\n\n1. Текст новой статьи.";\n'
    )
    assert not result.not_applied
    doc = parse_text(result.text)
    assert [a.number for a in doc.articles] == ["5", "5-1", "6"]
    assert [p.text for p in doc.articles[0].parts if p.number in (1, 3)] == [
        "Новая первая часть.", "Новая третья часть."]
    assert result.text.count("#### Статья 5-1. Вставленная\n\n      1. Текст новой статьи.") == 1


def test_other_acts_are_not_applied() -> None:
    law = parse_amendments(
        HEAD + "1) часть вторую статьи 6 исключить;\n\n"
        "2. В Уголовно-процессуальный кодекс Республики Казахстан от 13 декабря 1997 года:\n\n"
        "1) статью 5 исключить;\n"
    )
    result = apply_law(law, BASE, act="kz-cc1997")
    cpc = "Уголовно-процессуальный кодекс Республики Казахстан от 13 декабря 1997 года"
    assert result.skipped_acts == ((cpc, "kz-cpc1997", 1),)
    assert [o.reason for o in result.not_applied] == ["part 2 not found in article 6"]
    assert result.text == BASE


# ----------------------------------------------------------------------------- which act


LABOUR_BASE = (  # a constructed base text: no indent, no blank lines (its parts numbered, for the parser)
    "Трудовой кодекс Российской Федерации\n"
    "Статья 157. Оплата времени простоя\n"
    "1. Время простоя по вине работодателя оплачивается в размере не менее двух третей средней "
    "заработной платы работника.\n"
    "2. Время простоя по причинам, не зависящим от работодателя и работника, оплачивается в размере "
    "не менее двух третей тарифной ставки.\n"
)
LAW_311 = ROOT / "corpus" / "amending-other" / "ru-2021-07-02-311-FZ.ru.md"
LAW_356 = ROOT / "corpus" / "amending-other" / "ru-2021-07-02-356-FZ.ru.md"


def test_the_act_is_taken_from_the_base_title() -> None:
    law = parse_amendments(
        "Статья 1\n\nВнести в Трудовой кодекс Российской Федерации (Собрание законодательства Российской "
        "Федерации, 2002, № 1, ст. 3) следующие изменения:\n"
        '1) часть первую статьи 157 дополнить словами ", за исключением случаев, предусмотренных '
        'настоящим Кодексом";\n'
        "2) дополнить статьей 157¹ следующего содержания:\n"
        '"Статья 157¹. Новая статья\n'
        'Текст новой статьи.";\n\n'
        "Статья 2\n\nВнести в Земельный кодекс Российской Федерации следующие изменения:\n"
        "1) статью 5 признать утратившей силу.\n"
    )
    result = apply_law(law, LABOUR_BASE)
    assert [a for a, _i, _n in result.skipped_acts] == ["Земельный кодекс Российской Федерации"]
    assert [o.kind for o in result.applied] == ["insert_words", "insert"]
    assert not result.not_applied  # the other act's instruction is not reported as "not found"
    errors = list(jsonschema.Draft202012Validator(_schema()).iter_errors(result.to_dict()))
    assert not errors, errors[0]
    # the base's layout is kept: no blank lines, no indentation added
    assert result.text == LABOUR_BASE.replace(
        "двух третей средней заработной платы работника.",
        "двух третей средней заработной платы работника, за исключением случаев, предусмотренных "
        "настоящим Кодексом.") + "Статья 157¹. Новая статья\nТекст новой статьи.\n"


def test_wrong_act_exits_2_with_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from statuteparse.cli import main

    base = tmp_path / "tk.txt"
    base.write_text(LABOUR_BASE, encoding="utf-8")
    out = tmp_path / "new.txt"
    result = CliRunner().invoke(main, ["apply", str(LAW_356), str(base), "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1, result.stderr
    assert "Трудовой кодекс Российской Федерации" in lines[0] and "89-ФЗ" in lines[0] and "--act" in lines[0]
    assert not out.exists()
    # the right law on the same base: the act is found without --act
    result = CliRunner().invoke(main, ["apply", str(LAW_311), str(base), "-o", str(out)])
    assert result.exit_code == 1  # the base holds only article 157: the others find no target
    new = out.read_text(encoding="utf-8")
    assert new.count("за исключением случаев, предусмотренных настоящим Кодексом") == 1
    assert all(line.startswith("not applied: item ") for line in result.stderr.strip().split("\n"))


def test_227_picks_the_criminal_code_without_act(
        codes: tuple[Document, Document, Document, ApplyResult]) -> None:
    result = codes[3]
    assert result.act == "kz-cc1997"
    assert [i for _n, i, _c in result.skipped_acts] == ["kz-cpc1997", "kz-civpc1999"]
