"""A new user's first hour (issue 15): no silent no-ops, a readable first screen, a typed package."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from statuteparse.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = str(ROOT / "corpus/kz/cc1997/art128/2010.ru.txt")
OTHER = str(ROOT / "corpus/kz/cc1997/art128/2009.ru.txt")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_an_unknown_code_is_said_not_swallowed() -> None:
    code, out, err = _run("parse", "--code", "xx-foo", ARTICLE)
    assert code == 0 and out.startswith("{")
    assert "unknown code 'xx-foo'" in err and "kz-cc1997" in err
    code, _, err = _run("diff", "--old-code", "kz-cc1997", "--new-code", "zz", OTHER, ARTICLE)
    assert "unknown code 'zz' for --new-code" in err
    _, _, err = _run("parse", "--code", "kz-cc1997", ARTICLE)
    assert err == ""


def test_format_that_does_not_apply_to_a_stage_is_refused() -> None:
    code, _, err = _run("parse", "--stage", "tree", "--format", "outline", ARTICLE)
    assert code == 2 and "--format outline does not apply to --stage tree" in err
    code, _, err = _run("parse", "--ui-lang", "en", ARTICLE)
    assert code == 2 and "--ui-lang applies to --format outline only" in err


def test_the_outline_speaks_the_readers_language() -> None:
    _, ru, _ = _run("parse", "--format", "outline", ARTICLE)
    _, en, _ = _run("parse", "--format", "outline", "--ui-lang", "en", ARTICLE)
    assert "лишение свободы от 7 до 15 лет + конфискация имущества (обязательное)" in ru
    assert "imprisonment 7 to 15 years + confiscation (mandatory)" in en
    assert "year " not in en and "income_month" not in en


def test_schema_help_names_every_kind() -> None:
    _, out, _ = _run("schema", "--help")
    for kind in ("parse", "diff", "amendments", "apply", "crosscheck"):
        assert kind in out
    code, out, _ = _run("schema", "apply")
    assert code == 0 and "ApplyReport" in out


def test_the_package_is_typed() -> None:
    assert (ROOT / "statuteparse" / "py.typed").is_file()


def test_a_forced_encoding_that_does_not_fit_is_said(tmp_path: Path) -> None:
    text = Path(ARTICLE).read_text(encoding="utf-8")
    cp1251 = tmp_path / "art.cp1251.txt"
    cp1251.write_bytes(text.encode("cp1251"))
    code, out, _ = _run("parse", "--format", "outline", "--encoding", "cp1251", ARTICLE)
    assert code == 0
    assert "encoding-doubt: the text does not look like cp1251: its bytes are valid UTF-8" in out
    _, out, _ = _run("parse", "--format", "outline", "--encoding", "koi8_r", str(cp1251))
    assert "does not look like koi8-r: it reads as Russian in cp1251" in out
    for right in (("cp1251", str(cp1251)), ("utf-8", ARTICLE)):
        _, out, _ = _run("parse", "--format", "outline", "--encoding", right[0], right[1])
        assert "encoding-doubt" not in out and "Статья 128: Торговля людьми" in out
