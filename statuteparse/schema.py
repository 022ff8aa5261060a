"""The published JSON Schemas of the statuteparse JSON contract, and a validator.

Two document kinds are described, one schema each (JSON Schema draft 2020-12),
shipped inside the package under ``statuteparse/schemas/``:

* ``"parse"`` -- ``statuteparse/document/1``, what ``statuteparse parse`` prints
  (``schemas/document.schema.json``);
* ``"diff"`` -- ``statuteparse/diff/1``, what ``statuteparse diff`` prints
  (``schemas/diff.schema.json``);
* ``"amendments"`` -- ``statuteparse/amendments/1`` and ``statuteparse/apply/1``, what
  ``statuteparse amendments`` and ``statuteparse apply --report`` write
  (``schemas/amendments.schema.json``);
* ``"crosscheck"`` -- ``statuteparse/crosscheck/1``, what ``statuteparse crosscheck``
  prints (``schemas/crosscheck.schema.json``).

:func:`load_schema` returns a schema as a plain dict; :func:`validate` checks a
document against it and returns readable error messages. Validation needs the
:mod:`jsonschema` package, which is a test dependency and not a runtime one: it is
imported lazily and a :class:`RuntimeError` explains what to install when it is
missing. The only I/O done here is reading the packaged schema files.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import import_module
from importlib.resources import files
from typing import Any, Literal

__all__ = ["SchemaKind", "SCHEMA_FILES", "load_schema", "validate"]

SchemaKind = Literal["parse", "diff", "amendments", "apply", "crosscheck"]

#: File name (inside ``statuteparse/schemas/``) of the schema of each document kind.
SCHEMA_FILES: dict[str, str] = {
    "parse": "document.schema.json",
    "diff": "diff.schema.json",
    "amendments": "amendments.schema.json",
    # the apply report (statuteparse/apply/1) is the ApplyReport branch of the same file
    "apply": "amendments.schema.json",
    "crosscheck": "crosscheck.schema.json",
}


@cache
def _schema_text(kind: str) -> str:
    try:
        name = SCHEMA_FILES[kind]
    except KeyError:
        raise ValueError(f"unknown schema kind {kind!r}; expected one of {sorted(SCHEMA_FILES)}") from None
    return (files("statuteparse") / "schemas" / name).read_text(encoding="utf-8")


def load_schema(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one document kind.

    ``kind`` is ``"parse"`` for ``statuteparse/document/1`` or ``"diff"`` for
    ``statuteparse/diff/1``. The schema is read from the installed package; each call
    returns a fresh dict that the caller may modify.

    :raises ValueError: if ``kind`` is not one of the known kinds.
    """
    schema = json.loads(_schema_text(kind))
    if not isinstance(schema, dict):  # pragma: no cover - the packaged files are objects
        raise ValueError(f"schema file for {kind!r} does not hold a JSON object")
    return copy.deepcopy(schema)


def validate(doc: dict[str, Any], kind: SchemaKind) -> list[str]:
    """Validate ``doc`` against the schema of ``kind``; return the problems found.

    Each problem is one line ``"<path>: <message>"`` where the path is written like
    ``$.articles[0].parts[1].sanction.penalties[0].kind`` (``$`` is the document
    itself). An empty list means the document conforms. Errors inside ``anyOf``
    alternatives (nullable values) are reported at the deepest relevant place, not as
    "not valid under any of the given schemas" (which is kept only for a value of none
    of the allowed types).

    :raises RuntimeError: if :mod:`jsonschema` is not installed (it is a test
        dependency: ``pip install 'statuteparse[test]'``).
    :raises ValueError: if ``kind`` is not one of the known kinds.
    """
    try:
        # Imported by name: jsonschema is optional and ships no type stubs of its own.
        jsonschema = import_module("jsonschema")
        best_match = import_module("jsonschema.exceptions").best_match
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "statuteparse.schema.validate needs the 'jsonschema' package, which is a test dependency "
            "and not installed; install it with: pip install 'jsonschema>=4.19' "
            "(or pip install 'statuteparse[test]')"
        ) from exc

    validator = jsonschema.Draft202012Validator(load_schema(kind))
    messages: list[str] = []
    for error in validator.iter_errors(doc):
        for leaf in _leaf_errors(error, best_match):
            message = f"{_json_path(leaf.absolute_path)}: {leaf.message}"
            if message not in messages:
                messages.append(message)
    return sorted(messages)


def _leaf_errors(error: Any, best_match: Any) -> list[Any]:
    """The errors that explain ``error``, descending into ``anyOf``/``oneOf`` alternatives.

    A nullable value is written ``anyOf: [{$ref: X}, {type: null}]``; when it fails, the
    alternative that merely says "is not of type 'null'" explains nothing, so it is set
    aside and the errors of the remaining alternative (the one the value was meant to
    match) are reported instead, recursively.
    """
    if not error.context:
        return [error]
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        key = sub.relative_schema_path[0] if sub.relative_schema_path else None
        branches.setdefault(key, []).append(sub)
    # Alternatives that fail only because the value has the wrong type altogether.
    meaningful = [
        errs
        for errs in branches.values()
        if not all(e.validator == "type" and not e.relative_path for e in errs)
    ]
    if not meaningful:  # the value has none of the allowed types: "not valid under any of ..."
        return [error]
    chosen = meaningful[0] if len(meaningful) == 1 else [best_match(error.context)]
    leaves: list[Any] = []
    for sub in chosen:
        leaves.extend(_leaf_errors(sub, best_match))
    return leaves


def _json_path(path: Any) -> str:
    """``deque(["articles", 0, "parts"])`` -> ``"$.articles[0].parts"``."""
    out = "$"
    for element in path:
        if isinstance(element, int):
            out += f"[{element}]"
        else:
            out += f".{element}"
    return out
