"""The published JSON Schemas (statuteparse/schemas/*.schema.json) against the contract.

Hand-written documents, not parser output: these tests pin the schemas themselves
(/work/shared/spec/json-contract.md), so they run before any parser exists.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
try:
    from statuteparse import schema as sp_schema
except ImportError:  # plain `pytest` without the package installed: use the checkout
    sys.path.insert(0, str(ROOT))
    from statuteparse import schema as sp_schema

SCHEMA_DIR = ROOT / "statuteparse" / "schemas"

SANCTION_TEXT = (
    "наказываются лишением свободы на срок от пяти до семи лет с конфискацией имущества или без таковой"
)
PART_TEXT = "Вымогательство, то есть требование передачи чужого имущества, " + SANCTION_TEXT + "."


def minimal_document() -> dict[str, Any]:
    """Art. 128 with one part whose sanction is imprisonment 5-7 years with optional confiscation."""
    return {
        "schema": "statuteparse/document/1",
        "source": "corpus/kz/cc1997/art128/2010-01-01.ru.txt",
        "language": "ru",
        "articles": [
            {
                "number": "128",
                "title": "Вымогательство",
                "language": "ru",
                "parts": [
                    {
                        "number": None,
                        "text": PART_TEXT,
                        "refers_to": [],
                        "circumstances": [],
                        "sanction": {
                            "text": SANCTION_TEXT,
                            "penalties": [
                                {
                                    "kind": "imprisonment",
                                    "min": {"value": 5, "unit": "year"},
                                    "max": {"value": 7, "unit": "year"},
                                    "subject": None,
                                    "additional": [{"kind": "confiscation", "mode": "optional", "max": None}],
                                }
                            ],
                        },
                        "span": [0, len(PART_TEXT)],
                    }
                ],
                "notes": [],
                "span": [0, len(PART_TEXT)],
            }
        ],
        "diagnostics": [],
        # Fields we emit beyond the contract's, validated when present.
        "text_length": len(PART_TEXT),
        "code": "kz-cc1997",
        "blocks": [],
    }


def full_document() -> dict[str, Any]:
    """The minimal document with every optional field we emit filled in."""
    doc = minimal_document()
    art = doc["articles"][0]
    part = art["parts"][0]
    editorial = {
        "text": "(В редакции Закона РК от 07.12.2011 № 420-IV)",
        "kind": "amended",
        "laws": [{"date": "2011-12-07", "number": "420-IV"}, {"date": None, "number": None}],
        "span": [10, 20],
    }
    art.update({"repealed": False, "editorial": [editorial], "heading": ["Раздел 1", "Глава 2."]})
    part.update({"number": 2, "refers_to": [1], "repealed": False, "editorial": [], "label": None})
    part["circumstances"] = [
        {"label": "а", "text": "группой лиц по предварительному сговору", "span": [1, 2]},
        {"label": "е.1", "text": "неоднократно", "span": [3, 4], "repealed": True, "editorial": [editorial]},
    ]
    part["sanction"]["span"] = [PART_TEXT.index(SANCTION_TEXT), len(PART_TEXT) - 1]
    penalty = part["sanction"]["penalties"][0]
    penalty["span"] = None
    penalty["additional"][0].update({"min": {"value": 1, "unit": "year"}, "span": [6, 7]})
    penalty["additional"].append(
        {"kind": "deprivation_of_right", "mode": "mandatory", "max": {"value": 3, "unit": "year"}}
    )
    part["sanction"]["penalties"].append(
        {
            "kind": "fine",
            "min": None,
            "max": {"value": 2.5, "unit": "mci"},
            "subject": "legal_entities",
            "additional": [],
            "span": [7, 8],
        }
    )
    art["notes"] = [
        {"number": None, "text": "Примечание.", "span": [8, 9], "repealed": False, "editorial": []}
    ]
    doc["diagnostics"] = [
        {
            "severity": "warning",
            "code": "unparsed-sanction",
            "message": "could not read the sanction",
            "span": [0, 3],
            "line": 12,
            "column": 5,
        }
    ]
    doc["blocks"] = [{"kind": "heading", "text": "Глава 2.", "span": [0, 8], "level": "chapter"}]
    doc["source"] = None
    return doc


def minimal_diff() -> dict[str, Any]:
    circumstance = {"label": "в", "text": "неоднократно", "span": [10, 22]}
    old_range = {"min": {"value": 5, "unit": "year"}, "max": {"value": 7, "unit": "year"}}
    new_range = {"min": {"value": 6, "unit": "month"}, "max": {"value": 7, "unit": "year"}}
    return {
        "schema": "statuteparse/diff/1",
        "old": {"source": "corpus/kz/cc1997/art128/2010-01-01.ru.txt"},
        "new": {"source": "corpus/kz/cc1997/art128/2012-01-01.ru.txt"},
        "articles": [
            {
                "old": {"number": "128", "title": "Вымогательство"},
                "new": {"number": "128", "title": "Вымогательство"},
                "status": "changed",
                "title_changed": False,
                "parts": [
                    {
                        "old": 1,
                        "new": 1,
                        "status": "unchanged",
                        "circumstances": {
                            "added": [],
                            "removed": [],
                            "changed": [],
                            "moved_in": [],
                            "moved_out": [],
                        },
                        "penalties": [],
                        "additional": [],
                        "text_changed": False,
                        "gravity": None,
                    },
                    {
                        "old": 2,
                        "new": 2,
                        "status": "changed",
                        "circumstances": {
                            "added": [circumstance],
                            "removed": [],
                            "changed": [{"old": circumstance, "new": {**circumstance, "label": "г"}}],
                            "moved_in": [{"from_part": 3, **circumstance}],
                            "moved_out": [{"to_part": 4, **circumstance}],
                        },
                        "penalties": [
                            {"kind": "imprisonment", "change": "changed", "old": old_range, "new": new_range},
                            {
                                "kind": "fine",
                                "change": "removed",
                                "old": {"min": None, "max": None},
                                "new": None,
                            },
                        ],
                        "additional": [{"kind": "confiscation", "old": "optional", "new": "mandatory"}],
                        "text_changed": True,
                        "gravity": {"old": "grave", "new": None},
                    },
                    {
                        "old": None,
                        "new": 3,
                        "status": "added",
                        "circumstances": {
                            "added": [],
                            "removed": [],
                            "changed": [],
                            "moved_in": [],
                            "moved_out": [],
                        },
                        "penalties": [],
                        "additional": [],
                        "text_changed": True,
                        "gravity": {"old": None, "new": "especially_grave"},
                    },
                ],
                "notes": {
                    "added": [{"number": 1, "text": "a"}],
                    "removed": [],
                    "changed": [{"old": {"number": None, "text": "a"}, "new": {"number": None, "text": "b"}}],
                },
                "summary": ["Art. 128, part 2: aggravating circumstance added: repeatedly"],
            },
            {
                "old": None,
                "new": {"number": "128.1", "title": "New"},
                "status": "added",
                "title_changed": False,
                "parts": [],
                "notes": {"added": [], "removed": [], "changed": []},
                "summary": [],
            },
        ],
        "summary": ["Art. 128, part 2: aggravating circumstance added: repeatedly"],
    }


# -- the schema files themselves -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["parse", "diff"])
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = sp_schema.load_schema(kind)  # type: ignore[arg-type]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"].startswith("https://statuteparse.example/schemas/")
    for name, definition in schema["$defs"].items():
        assert definition.get("title"), f"$defs/{name} has no title"


@pytest.mark.parametrize(("kind", "name"), [("parse", "document.schema.json"), ("diff", "diff.schema.json")])
def test_packaged_file_matches_load_schema(kind: str, name: str) -> None:
    path = SCHEMA_DIR / name
    assert path.is_file()
    assert json.loads(path.read_text(encoding="utf-8")) == sp_schema.load_schema(kind)  # type: ignore[arg-type]


def test_shared_definitions_are_identical() -> None:
    doc, diff = sp_schema.load_schema("parse"), sp_schema.load_schema("diff")
    shared = set(doc["$defs"]) & set(diff["$defs"])
    assert {"Span", "Quantity", "Unit", "PenaltyKind", "Circumstance", "Note", "Editorial", "Mode"} <= shared
    for name in shared:
        assert doc["$defs"][name] == diff["$defs"][name], name


def test_vocabularies_match_the_model() -> None:
    model = pytest.importorskip("statuteparse.model")
    defs = sp_schema.load_schema("parse")["$defs"]
    assert set(defs["PenaltyKind"]["enum"]) == set(model.PENALTY_KINDS)
    assert set(defs["Unit"]["enum"]) == set(model.UNITS)
    assert set(defs["Editorial"]["properties"]["kind"]["enum"]) == set(model.EDITORIAL_KINDS)


def test_load_schema_returns_a_fresh_copy() -> None:
    schema = sp_schema.load_schema("parse")
    schema["title"] = "changed"
    assert sp_schema.load_schema("parse")["title"] == "statuteparse/document/1"


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown schema kind"):
        sp_schema.load_schema("report")  # type: ignore[arg-type]


# -- documents ------------------------------------------------------------------------------


def test_minimal_document_validates() -> None:
    assert sp_schema.validate(minimal_document(), "parse") == []


def test_full_document_validates() -> None:
    assert sp_schema.validate(full_document(), "parse") == []


def test_minimal_diff_validates() -> None:
    assert sp_schema.validate(minimal_diff(), "diff") == []


def _penalty(doc: dict[str, Any]) -> dict[str, Any]:
    penalty: dict[str, Any] = doc["articles"][0]["parts"][0]["sanction"]["penalties"][0]
    return penalty


def _bad_kind(doc: dict[str, Any]) -> None:
    _penalty(doc)["kind"] = "jail"


def _bad_unit(doc: dict[str, Any]) -> None:
    _penalty(doc)["max"]["unit"] = "decade"


def _bad_span(doc: dict[str, Any]) -> None:
    doc["articles"][0]["span"] = [0, 5, 9]


def _negative_span(doc: dict[str, Any]) -> None:
    doc["articles"][0]["parts"][0]["span"] = [-1, 5]


def _missing_parts(doc: dict[str, Any]) -> None:
    del doc["articles"][0]["parts"]


def _bad_severity(doc: dict[str, Any]) -> None:
    doc["diagnostics"] = [
        {"severity": "fatal", "code": "x", "message": "m", "span": [0, 1], "line": 1, "column": 1}
    ]


def _bad_line(doc: dict[str, Any]) -> None:
    doc["diagnostics"] = [
        {"severity": "error", "code": "x", "message": "m", "span": [0, 1], "line": 0, "column": 1}
    ]


def _bad_mode(doc: dict[str, Any]) -> None:
    _penalty(doc)["additional"][0]["mode"] = "maybe"


def _bad_law_date(doc: dict[str, Any]) -> None:
    doc["articles"][0]["editorial"] = [
        {
            "text": "(…)",
            "kind": "amended",
            "laws": [{"date": "07.12.2011", "number": "420-ФЗ"}],
            "span": [0, 1],
        }
    ]


def _superscript_number(doc: dict[str, Any]) -> None:
    doc["articles"][0]["number"] = "127¹"


def _sanction_of_wrong_type(doc: dict[str, Any]) -> None:
    doc["articles"][0]["parts"][0]["sanction"] = "лишение свободы"


def _wrong_schema_id(doc: dict[str, Any]) -> None:
    doc["schema"] = "statuteparse/document/2"


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        (_bad_kind, "$.articles[0].parts[0].sanction.penalties[0].kind", "'jail'"),
        (_bad_unit, "$.articles[0].parts[0].sanction.penalties[0].max.unit", "'decade'"),
        (_bad_span, "$.articles[0].span", "too long"),
        (_negative_span, "$.articles[0].parts[0].span[0]", "minimum"),
        (_missing_parts, "$.articles[0]", "'parts' is a required property"),
        (_bad_severity, "$.diagnostics[0].severity", "'fatal'"),
        (_bad_line, "$.diagnostics[0].line", "minimum"),
        (_bad_mode, "$.articles[0].parts[0].sanction.penalties[0].additional[0].mode", "'maybe'"),
        (_bad_law_date, "$.articles[0].editorial[0].laws[0].date", "07.12.2011"),
        (_superscript_number, "$.articles[0].number", "127¹"),
        (_sanction_of_wrong_type, "$.articles[0].parts[0].sanction", "not valid under any"),
        (_wrong_schema_id, "$.schema", "statuteparse/document/1"),
    ],
)
def test_invalid_document_is_reported_with_its_path(mutate: Any, path: str, fragment: str) -> None:
    doc = copy.deepcopy(minimal_document())
    mutate(doc)
    errors = sp_schema.validate(doc, "parse")
    assert errors, "expected the document to be rejected"
    matching = [e for e in errors if e.startswith(path + ": ")]
    assert matching, errors
    assert any(fragment in e for e in matching), errors


def _diff_status_modified(diff: dict[str, Any]) -> None:
    diff["articles"][0]["status"] = "modified"


def _part_status_repealed(diff: dict[str, Any]) -> None:
    diff["articles"][0]["parts"][0]["status"] = "repealed"


def _bad_gravity(diff: dict[str, Any]) -> None:
    diff["articles"][0]["parts"][1]["gravity"] = {"old": "minor", "new": None}


def _bad_change(diff: dict[str, Any]) -> None:
    diff["articles"][0]["parts"][1]["penalties"][0]["change"] = "modified"


def _added_with_old_side(diff: dict[str, Any]) -> None:
    diff["articles"][1]["old"] = {"number": "128.1", "title": "New"}


def _moved_in_without_from_part(diff: dict[str, Any]) -> None:
    del diff["articles"][0]["parts"][1]["circumstances"]["moved_in"][0]["from_part"]


def _missing_moved_out(diff: dict[str, Any]) -> None:
    del diff["articles"][0]["parts"][0]["circumstances"]["moved_out"]


def _range_with_bad_unit(diff: dict[str, Any]) -> None:
    diff["articles"][0]["parts"][1]["penalties"][0]["new"]["min"] = {"value": 1, "unit": "decade"}


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        (_diff_status_modified, "$.articles[0].status", "'modified'"),
        (_part_status_repealed, "$.articles[0].parts[0].status", "'repealed'"),
        (_bad_gravity, "$.articles[0].parts[1].gravity.old", "'minor'"),
        (_bad_change, "$.articles[0].parts[1].penalties[0].change", "'modified'"),
        (_added_with_old_side, "$.articles[1].old", "is not of type 'null'"),
        (_moved_in_without_from_part, "$.articles[0].parts[1].circumstances.moved_in[0]", "'from_part'"),
        (_missing_moved_out, "$.articles[0].parts[0].circumstances", "'moved_out'"),
        (_range_with_bad_unit, "$.articles[0].parts[1].penalties[0].new.min.unit", "'decade'"),
    ],
)
def test_invalid_diff_is_reported_with_its_path(mutate: Any, path: str, fragment: str) -> None:
    diff = copy.deepcopy(minimal_diff())
    mutate(diff)
    errors = sp_schema.validate(diff, "diff")
    assert errors, "expected the diff to be rejected"
    matching = [e for e in errors if e.startswith(path + ": ")]
    assert matching, errors
    assert any(fragment in e for e in matching), errors


def test_extra_fields_are_allowed() -> None:
    doc = minimal_document()
    doc["generator"] = "statuteparse 0.1.0"
    _penalty(doc)["note"] = "anything"
    assert sp_schema.validate(doc, "parse") == []


def test_validate_without_jsonschema_raises_runtime_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    monkeypatch.setitem(sys.modules, "jsonschema.exceptions", None)
    with pytest.raises(RuntimeError, match="jsonschema"):
        sp_schema.validate(minimal_document(), "parse")


def test_document_is_not_a_diff() -> None:
    assert sp_schema.validate(minimal_document(), "diff")
