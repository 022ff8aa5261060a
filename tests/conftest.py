"""Shared test helpers: the corpus file list, a JSON-text snapshot extension, whole-code paths."""

from __future__ import annotations

from typing import Any

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class JSONSnapshot(SingleFileSnapshotExtension):
    """One reviewable ``.json`` file per snapshot: the exact serialized JSON text."""

    _write_mode = WriteMode.TEXT
    file_extension = "json"

    def serialize(self, data: Any, **kwargs: Any) -> str:
        return str(data)


@pytest.fixture
def json_snapshot(snapshot: Any) -> Any:
    """A syrupy snapshot that stores JSON text as its own file."""
    return snapshot.use_extension(JSONSnapshot)
