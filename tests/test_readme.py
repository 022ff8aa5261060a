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
    assert blocks[0].strip() == "pip install . && statuteparse parse corpus/kz/cc1997/art128/2010.ru.txt"
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
