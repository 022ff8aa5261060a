"""Every ``console`` example in the README is run, and its output must match."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuteparse.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _examples() -> list[tuple[str, str]]:
    out = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        lines = block.splitlines()
        assert lines[0].startswith("$ statuteparse ")
        out.append((lines[0][2:], "\n".join(lines[1:]) + "\n"))
    return out


EXAMPLES = _examples()


def test_readme_starts_with_install_and_test_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    first = "pip install . && statuteparse parse --format outline corpus/kz/cc1997/art128/2010.ru.txt"
    assert blocks[0].strip() == first
    assert blocks[1].strip() == "pip install '.[test]' && pytest"


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("command, expected", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example(command: str, expected: str) -> None:
    args = shlex.split(command)[1:]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(cwd)
    assert result.output == expected


def _shell_commands() -> list[str]:
    """The ``statuteparse`` commands of the README's ``sh`` blocks after the first two (install and test)."""
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)[2:]
    return [
        line.strip()
        for block in blocks
        for line in block.splitlines()
        if line.strip().startswith("statuteparse ")
    ]


def test_readme_has_the_whole_code_examples() -> None:
    commands = _shell_commands()
    assert any(c.startswith("statuteparse diff") and "corpus/kz/whole/" in c for c in commands)
    assert any(c.startswith("statuteparse apply") and "corpus/kz/whole/" in c for c in commands)


@pytest.mark.parametrize("command", _shell_commands())
def test_readme_shell_command_runs_from_a_clone(command: str, tmp_path: Path) -> None:
    """Each command runs as written, in a folder that holds only the clone's corpus and tests."""
    for name in ("corpus", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, shlex.split(command)[1:])
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    allowed = (0, 1) if command.startswith("statuteparse diff") else (0,)
    assert result.exit_code in allowed, result.output
    if command.startswith("statuteparse apply"):
        written = shlex.split(command)[shlex.split(command).index("-o") + 1]
        assert (tmp_path / written).stat().st_size > 500_000
    else:
        assert result.output.strip()


def test_readme_python_example() -> None:
    """The ``pycon`` block of the README runs as a doctest, from the repository root."""
    import doctest

    [block] = re.findall(r"```pycon\n(.*?)```", README, flags=re.S)
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        runner.run(test)
    finally:
        os.chdir(cwd)
    assert runner.failures == 0 and runner.tries >= 6
