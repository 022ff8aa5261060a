"""The on-disk cache folder: private to the user, authenticated, never trusted.

What a new process would otherwise recompute (Lark's parse tables when the package
ships none for this grammar and lark, the compiled programs of regular expressions)
is kept in one folder: ``$STATUTEPARSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/statuteparse``
(an absolute ``XDG_CACHE_HOME`` only, as the XDG specification asks) or
``~/.cache/statuteparse``; without a home folder, ``statuteparse-cache-<uid>`` in the
system's temporary folder.  ``STATUTEPARSE_NO_CACHE=1`` turns the cache off.

Nothing read from it can run code, and nothing read from it is believed without a check:

* The folder is used only if it is a real folder (not a symbolic link) owned by this
  process's effective user and closed to everybody else (mode 0700).  A folder of ours
  that others can read but not write (the umask's 0755) is closed to 0700 first; one
  that others can write to, or that belongs to someone else (``sudo -E`` with another
  user's ``HOME``), is not used at all; nor is a ``STATUTEPARSE_CACHE_DIR`` that is
  not 0700.  The folder is opened once and every file is reached through that open
  folder (``dir_fd``), so swapping the folder afterwards changes nothing.
* Every file opens with a MAC: BLAKE2b keyed with a random 32-byte secret kept in the
  folder (``key``, mode 0600), over the file's name and body.  A file that was damaged,
  planted, swapped with another cache file or written under an older key fails the
  check and is ignored; the caller then recomputes and writes it again.
* Files are opened without following symbolic links, non-blocking (a planted FIFO
  cannot hang us), and only regular files owned by the user are read.  They are written
  to a fresh temporary file (``O_EXCL``) in the same folder and renamed into place, so a
  reader never sees half a file.
* The bodies are plain data (JSON, or ``marshal`` of ints, strings, lists and dicts),
  never pickle; a failure anywhere (a check, a read, a decode) only costs the speed-up.

Platforms without ``O_NOFOLLOW``, ``O_DIRECTORY`` or ``dir_fd`` support get no disk cache.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat

# Paths are plain strings: importing pathlib costs 3-4 ms at start-up.

#: Opens every cache file, before its MAC.
MAGIC = b"statuteparse-cache-1\n"
_MAC_SIZE = 32
_KEY_NAME = "key"
_KEY_SIZE = 32
#: Larger files are not read (the biggest legitimate one is well under 1 MiB).
_MAX_SIZE = 64 << 20

_SUPPORTED = (
    hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "geteuid")
    and os.open in os.supports_dir_fd
    and os.rename in os.supports_dir_fd  # os.replace shares its dir_fd support
    and os.link in os.supports_dir_fd
    and os.unlink in os.supports_dir_fd
)


def configured_folder() -> tuple[str, bool]:
    """Where the cache lives (not created, not checked), and whether it is a default folder of ours."""
    configured = os.environ.get("STATUTEPARSE_CACHE_DIR")
    if configured:
        return configured, False
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return os.path.join(base, "statuteparse"), True
    home = os.path.expanduser("~")
    if home == "~" or not os.path.isdir(home):
        import tempfile

        uid = os.geteuid() if hasattr(os, "geteuid") else "user"
        return os.path.join(tempfile.gettempdir(), f"statuteparse-cache-{uid}"), True
    return os.path.join(home, ".cache", "statuteparse"), True


class PrivateFolder:
    """An open cache folder that passed the owner and mode checks; files read back only if their MAC fits."""

    def __init__(self, path: str, fd: int) -> None:
        self.path = path
        self._fd = fd
        self._key: bytes | None = None

    # -- reading ---------------------------------------------------------------------------

    def read(self, name: str) -> bytes | None:
        """The body stored under ``name``; None if missing, unreadable, or its MAC does not fit."""
        key = self._secret(create=False)
        if key is None:
            return None
        raw = self._read_file(name)
        if raw is None or not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + _MAC_SIZE:
            return None
        mac = raw[len(MAGIC) : len(MAGIC) + _MAC_SIZE]
        body = raw[len(MAGIC) + _MAC_SIZE :]
        if not hmac.compare_digest(mac, _mac(key, name, body)):
            return None
        return body

    def _read_file(self, name: str, limit: int = _MAX_SIZE) -> bytes | None:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _O_CLOEXEC, dir_fd=self._fd)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_size > limit:
                return None
            chunks = []
            size = 0
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    return None
                chunks.append(chunk)
            return b"".join(chunks)
        except OSError:
            return None
        finally:
            os.close(fd)

    # -- writing ---------------------------------------------------------------------------

    def write(self, name: str, body: bytes) -> bool:
        """Store ``body`` under ``name`` atomically; False if it could not be written (never raises)."""
        key = self._secret(create=True)
        if key is None:
            return False
        return self._write_file(name, MAGIC + _mac(key, name, body) + body)

    def _write_file(self, name: str, content: bytes, *, replace: bool = True) -> bool:
        tmp = f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
        try:
            fd = os.open(
                tmp,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _O_CLOEXEC,
                0o600,
                dir_fd=self._fd,
            )
        except OSError:
            return False
        try:
            try:
                view = memoryview(content)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            if replace:
                os.replace(tmp, name, src_dir_fd=self._fd, dst_dir_fd=self._fd)
            else:
                os.link(tmp, name, src_dir_fd=self._fd, dst_dir_fd=self._fd, follow_symlinks=False)
                os.unlink(tmp, dir_fd=self._fd)
            return True
        except OSError:
            try:
                os.unlink(tmp, dir_fd=self._fd)
            except OSError:
                pass
            return False

    # -- the secret key --------------------------------------------------------------------

    def _secret(self, *, create: bool) -> bytes | None:
        """The folder's MAC key; made (0600) when missing or unusable and ``create`` is set."""
        if self._key is not None:
            return self._key
        key = self._read_key()
        if key is None and create:
            fresh = os.urandom(_KEY_SIZE)
            # Made with link(): if another process made one meanwhile, theirs is kept and used.
            if self._write_file(_KEY_NAME, fresh, replace=False):
                key = fresh
            else:
                key = self._read_key()
                if key is None and self._write_file(_KEY_NAME, fresh, replace=True):
                    key = fresh  # the old key file was unusable (wrong size or mode): replaced
        self._key = key
        return key

    def _read_key(self) -> bytes | None:
        try:
            fd = os.open(_KEY_NAME, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _O_CLOEXEC, dir_fd=self._fd)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if (
                not stat.S_ISREG(info.st_mode)
                or info.st_uid != os.geteuid()
                or info.st_mode & 0o077
                or info.st_size != _KEY_SIZE
            ):
                return None
            key = os.read(fd, _KEY_SIZE + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        return key if len(key) == _KEY_SIZE else None


_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _mac(key: bytes, name: str, body: bytes) -> bytes:
    mac = hashlib.blake2b(key=key, digest_size=_MAC_SIZE, person=b"statuteparse")
    mac.update(name.encode("utf-8") + b"\0")
    mac.update(body)
    return mac.digest()


#: Open folders by (path, effective uid): a process checks and opens its folder once.
_open: dict[tuple[str, int], PrivateFolder | None] = {}


def private_folder() -> PrivateFolder | None:
    """The user's cache folder, created if need be, opened and checked; None when there is no safe one."""
    if os.environ.get("STATUTEPARSE_NO_CACHE") or not _SUPPORTED:
        return None
    path, ours = configured_folder()
    key = (path, os.geteuid())
    if key not in _open:
        _open[key] = _open_private(path, ours)
    return _open[key]


def _open_private(path: str, ours: bool) -> PrivateFolder | None:
    """``path`` opened, if it is a folder of this user's closed to everybody else.

    A default folder (``ours``) that others may read but not write, as the umask made it
    before this check existed, is closed to 0700; a folder named by
    ``STATUTEPARSE_CACHE_DIR`` is never changed, only refused.
    """
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), mode=0o700, exist_ok=True)
    except OSError:
        return None
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | _O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
            os.close(fd)
            return None  # someone else's, or writable by others: planted files could be waiting
        if info.st_mode & 0o077:
            if not ours:
                os.close(fd)
                return None
            os.fchmod(fd, 0o700)  # ours and written only by us so far: close it to others' eyes
    except OSError:
        os.close(fd)
        return None
    return PrivateFolder(path, fd)
