"""Hatch build hook: ship the grammars' LALR tables inside the wheel (issue 13).

At wheel build time, every grammar is analysed once and its tables are written as JSON
to ``statuteparse/_tables/`` in the wheel (see :mod:`statuteparse.grammar`), so an
installed statuteparse never analyses a grammar and never needs a writable cache for
its tables.  Editable installs get no tables (the grammars there may change at any
time): they use the user's private cache.  If the tables cannot be made (no lark in
the build environment), the wheel is built without them and works the same, slower
on the first run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class TablesBuildHook(BuildHookInterface):  # type: ignore[type-arg,misc,unused-ignore]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        self._out = Path(tempfile.mkdtemp(prefix="statuteparse-tables-"))
        sys.path.insert(0, str(root))
        try:
            from statuteparse import grammar

            written = grammar.write_packaged_tables(self._out)
        except Exception as exc:  # noqa: BLE001 - the wheel works without tables
            self.app.display_warning(f"statuteparse: grammar tables not shipped ({exc!r})")
            return
        finally:
            sys.path.remove(str(root))
            for name in [m for m in sys.modules if m == "statuteparse" or m.startswith("statuteparse.")]:
                del sys.modules[name]
        for path in written:
            build_data["force_include"][str(path)] = f"statuteparse/_tables/{path.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
