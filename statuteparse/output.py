"""Writing what the commands produce: files that are never lost, and text safe for a terminal.

Guarantees to the commands (``cli``), for every file they write:

* **checked first**: :func:`check_outputs` refuses, before anything is written, an
  output that is also an input or another output (``apply -o X --report X``), a folder
  that does not exist or cannot be written, and a path that is a folder;
* **atomic**: :func:`write_outputs` writes each file to a temporary file in the same
  folder, flushes it to disk, and only then renames it over the target (``os.replace``),
  all files after all temporaries are complete; a process killed mid-write leaves the
  old file whole, and a failure removes the temporaries.  The permissions of a file
  that is replaced are kept; a new file gets the usual ``0o666`` less the umask.  A
  target that exists and is not a regular file (``/dev/null``, a FIFO) is written in
  place: it cannot be renamed over, and must not be;
* **named errors**: every failure is an :class:`OutputError` whose one line names the
  file and the reason (``report.html: cannot write: No space left on device``).

:func:`for_terminal` shows control characters (other than tab and line break) escaped,
so that statute text cannot move the cursor, retitle the window or write to the
clipboard (OSC sequences) when the output is a terminal.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Sequence

from .errors import StatuteParseError

__all__ = ["OutputError", "check_outputs", "write_outputs", "for_terminal"]


class OutputError(StatuteParseError):
    """An output cannot be written; ``str(error)`` is one line that names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def _same(a: str, b: str) -> bool:
    """Whether paths ``a`` and ``b`` name one file (after links; by inode when both exist)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_outputs(outputs: Sequence[str | None], inputs: Sequence[str] = ()) -> None:
    """Refuse outputs that would overwrite an input or each other, or cannot be written.

    ``None`` and ``-`` (stdout) are skipped.  Raises :class:`OutputError` for the first
    problem found; nothing is written either way.
    """
    files = [o for o in outputs if o is not None and o != "-"]
    for k, out in enumerate(files):
        for other in files[:k]:
            if _same(out, other):
                raise OutputError(out, f"is also another output ({other}); refusing to write both")
        for src in inputs:
            if src != "-" and _same(out, src):
                raise OutputError(out, "is also an input; refusing to overwrite it")
        if os.path.isdir(out):
            raise OutputError(out, "is a directory")
        folder = os.path.dirname(os.path.realpath(out)) or "."
        if not os.path.isdir(folder):
            raise OutputError(out, f"cannot write: no folder {os.path.dirname(out) or folder}")
        if os.path.exists(out) and not os.access(out, os.W_OK):
            raise OutputError(out, "cannot write: permission denied")
        if not os.access(folder, os.W_OK | os.X_OK) and not _special(out):
            raise OutputError(out, f"cannot write: folder {os.path.dirname(out) or folder} is not writable")


def _special(path: str) -> bool:
    """Whether ``path`` exists and is not a regular file (a device, a FIFO): written in place."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_outputs(files: Sequence[tuple[str, str]], inputs: Sequence[str] = ()) -> None:
    """Write each ``(path, text)`` (UTF-8) atomically, after :func:`check_outputs`.

    Every temporary is complete before the first rename, so a failure while writing
    (a full disk) leaves every target as it was.
    """
    check_outputs([path for path, _ in files], inputs)
    staged: list[tuple[str, str]] = []  # (temporary, target)
    try:
        for path, text in files:
            data = text.encode("utf-8")
            if _special(path):
                continue  # written in place below, once the regular files are staged
            target = os.path.realpath(path)
            folder = os.path.dirname(target)
            try:
                prefix = "." + os.path.basename(target) + "."
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
            except OSError as exc:
                raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
            staged.append((tmp, target))
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                try:
                    mode = stat.S_IMODE(os.stat(target).st_mode)
                except OSError:
                    mode = 0o666 & ~_umask()
                os.chmod(tmp, mode)
            except OSError as exc:
                raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
        for path, text in files:
            if _special(path):
                try:
                    with open(path, "wb") as f:
                        f.write(text.encode("utf-8"))
                except OSError as exc:
                    raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
        for k, (tmp, target) in enumerate(staged):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                path = next(p for p, _ in files if os.path.realpath(p) == target)
                raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
            staged[k] = ("", target)
    finally:
        for tmp, _ in staged:
            if tmp:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


# C0 controls but tab and line feed, DEL, and the C1 controls (U+0080-U+009F; U+009B is CSI).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The colour sequences the text views themselves write (SGR with numeric parameters only).
_OWN_SGR = re.compile("(\x1b\\[[0-9;]{0,16}m)")


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return {"\r": "\\r", "\x1b": "\\e"}.get(c, f"\\x{ord(c):02x}")


def for_terminal(text: str, *, keep_colour: bool = False) -> str:
    """``text`` with control characters other than tab and line break shown escaped (``\\e``, ``\\x07``).

    ``keep_colour`` keeps colour sequences (``ESC [ 31 m``): the ones the text views add.
    A colour sequence in the statute text itself is also kept then; it can only change
    colours, never the title, the clipboard or the cursor.
    """
    if not keep_colour:
        return _CONTROL.sub(_escape, text)
    parts = _OWN_SGR.split(text)
    return "".join(p if k % 2 else _CONTROL.sub(_escape, p) for k, p in enumerate(parts))
