"""Many inputs in one call: find them, parse them in worker processes, keep their order.

This is the stage behind ``statuteparse parse PATH…``, ``stats`` and ``table`` and behind
:func:`parse_many`.  It takes paths (files, folders searched recursively, ``-`` for
standard input), parses each input with :func:`~statuteparse.parse.parse_bytes`, turns
each document into what the caller wants (a JSON line, a row set …) with a *render*
function, and hands the results back.

Guarantees to the caller:

* one result per input, in input order (folders contribute their files sorted by
  path), whatever the number of processes and however long each input takes;
* an input that cannot be used (missing, empty, binary, no article …), a folder with
  no matching file, and an input whose worker process died or hit a bug give a
  :class:`Failure` in its place; the other inputs go on, and nothing is raised for them;
* a dead worker costs only the input it was parsing (the others in flight are retried
  one by one in a fresh process), so a crash never hangs the run;
* the output of each input is the same whether it was parsed here or in a worker (a
  lone big input has its articles built by two processes, as ``statuteparse parse
  FILE`` does, with the same result).

Parsing is pure Python and CPU-bound, so the parallelism is processes: ``fork`` where
the platform has it (not macOS) and this process runs no other thread, otherwise ``spawn``.  The
largest inputs are started first (within a look-ahead window, so that results can be
handed back while later inputs are still being parsed).
"""

from __future__ import annotations

import fnmatch
import os
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any, Generic, Literal, TypeVar, overload

import attrs

from .errors import InputError, StatuteParseError
from .model import Document

__all__ = [
    "DEFAULT_PATTERNS",
    "Failure",
    "Input",
    "Options",
    "cores",
    "expand_inputs",
    "error_line",
    "json_line",
    "json_record",
    "outline_record",
    "parse_many",
    "process_many",
    "render_document",
    "run_one",
    "split_threshold",
]

R = TypeVar("R")

#: File names searched for in a folder when no ``--glob`` is given.
DEFAULT_PATTERNS: tuple[str, ...] = ("*.txt", "*.md", "*.htm", "*.html")

#: How many not-yet-started inputs, from the front of the queue, the scheduler looks at
#: to start the largest first.  Larger windows balance better; smaller ones hold fewer
#: finished results back while an early input is still being parsed.
LOOKAHEAD = 64


@attrs.frozen
class Input:
    """One input of a batch: a file path, or standard input (``source == "-"``)."""

    source: str
    """The path as given or as found in a folder; ``-`` for standard input."""
    size: int = 0
    """Its size in bytes when known (used to start the largest inputs first)."""
    problem: str | None = None
    """Why it cannot be used, when that is known before reading it (a folder with no file)."""


@attrs.frozen
class Failure:
    """An input that gave no result, and why (one line)."""

    source: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        """The error record of the JSON Lines stream: ``{"source": …, "error": …}``."""
        return {"source": self.source, "error": self.error}


@attrs.frozen
class Options:
    """How to read every input of a batch (the options of :func:`~statuteparse.parse.parse_bytes`)."""

    lang: str | None = None
    encoding: str | None = None
    html: bool | None = None
    code: str | None = None


@attrs.frozen
class _Task:
    index: int
    item: Input
    data: bytes | None  # standard input, read by the parent


def cores() -> int:
    """CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    # a pattern with a slash is matched against the path inside the folder, else the name
    return any(fnmatch.fnmatchcase(rel if "/" in p else name, p) for p in patterns)


def expand_inputs(paths: Iterable[str | os.PathLike[str]], patterns: Sequence[str] = ()) -> list[Input]:
    """The inputs named by ``paths``, in order.

    A folder stands for the files under it (recursively, hidden names skipped, sorted by
    path) whose name matches one of ``patterns`` (shell patterns; one with a ``/`` is
    matched against the path inside the folder; default :data:`DEFAULT_PATTERNS`).  A
    folder with no such file gives one input with a ``problem``.  Anything else is taken
    as a file as given, even when it does not exist (reading it then fails).
    """
    pats = tuple(patterns) or DEFAULT_PATTERNS
    out: list[Input] = []
    for raw in paths:
        path = os.fspath(raw)
        if path == "-":
            out.append(Input("-"))
        elif os.path.isdir(path):
            found = []
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for name in filenames:
                    full = os.path.join(dirpath, name)
                    rel = os.path.relpath(full, path).replace(os.sep, "/")
                    if not name.startswith(".") and _matches(rel, name, pats) and os.path.isfile(full):
                        found.append((rel, full))
            if not found:
                out.append(Input(path, problem=f"a directory with no file matching {', '.join(pats)}"))
            for _, full in sorted(found):
                out.append(Input(full, _size(full)))
        else:
            out.append(Input(path, _size(path)))
    return out


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _read(task: _Task) -> bytes:
    from .parse import read_source

    if task.data is not None:
        return task.data
    return read_source(task.item.source)


def _attempt(
    task: _Task, render: Callable[[Document], R], options: Options, split: bool = False
) -> R | Failure:
    """Parse one input and render it; every failure becomes a :class:`Failure`.

    ``split``: build its articles in two processes (:func:`~statuteparse.parse.parse_in_parallel`).
    """
    from .parse import parse_bytes

    source = task.item.source
    if task.item.problem is not None:
        return Failure(source, task.item.problem)
    name = "<stdin>" if source == "-" else source
    try:
        if split:
            doc = _parse_split(_read(task), name, options)
        else:
            doc = parse_bytes(
                _read(task),
                source=name,
                lang=options.lang,
                encoding=options.encoding,
                html=options.html,
                code=options.code,
            )
        return render(doc)
    except InputError as exc:
        return Failure(source, exc.reason)
    except StatuteParseError as exc:
        return Failure(source, str(exc))
    except RecursionError:
        return Failure(source, "input nests too deeply to parse")
    except MemoryError:
        return Failure(source, "input too large for available memory")
    except Exception as exc:  # a bug: reported in the stream, and the rest go on
        return Failure(source, f"internal error (please report it): {type(exc).__name__}: {exc}")


def run_one(item: Input, render: Callable[[Document], R], options: Options | None = None) -> R | Failure:
    """Parse one input here and render it (a :class:`Failure` when it cannot be used).

    What each worker does for each input; the Dask engine calls it on its workers.
    """
    return _attempt(_Task(0, item, None), render, options or Options())


def _parse_split(data: bytes, name: str, options: Options) -> Document:
    """One big input, its articles built by two processes, as ``statuteparse parse FILE`` does."""
    from .decode import decode_bytes
    from .grammar import warm_up
    from .parse import parse_in_parallel, prepare_text, with_encoding_doubt

    text = decode_bytes(data, source=name, encoding=options.encoding)
    prepared = prepare_text(text, lang=options.lang, source=name, html=options.html, code=options.code)
    warm_up((prepared.doc_lang,))  # once, before the fork: both processes use it
    return with_encoding_doubt(parse_in_parallel([prepared])[0], data, options.encoding)


def split_threshold() -> int:
    """Size (bytes) from which a lone input has its articles built by two processes
    (``STATUTEPARSE_PARALLEL_THRESHOLD``, as for ``statuteparse parse FILE``)."""
    try:
        return int(os.environ.get("STATUTEPARSE_PARALLEL_THRESHOLD", "200000"))
    except ValueError:
        return 200_000


def _worker(task: _Task, render: Callable[[Document], R], options: Options) -> tuple[int, R | Failure]:
    return task.index, _attempt(task, render, options)


def _context() -> Any:
    """``fork`` where it exists and is safe (no other thread here), else ``spawn``.

    Not on macOS, where system libraries may not survive a fork (Python's own default
    there is ``spawn``).
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def process_many(
    inputs: Sequence[Input],
    render: Callable[[Document], R],
    *,
    options: Options | None = None,
    jobs: int | None = None,
    on_done: Callable[[], None] | None = None,
) -> Generator[tuple[Input, R | Failure], None, None]:
    """``(input, render(document) or Failure)`` for each of ``inputs``, in their order.

    ``jobs`` processes parse in parallel (None or 0: one per core; 1: here, in this
    process).  ``render`` must be a module-level function (it is sent to the workers
    by reference) and its result picklable.  ``on_done`` is called once per input as it
    finishes, in any order (for a progress bar).
    """
    options = options or Options()
    n = cores() if not jobs else jobs
    tasks = [_Task(i, item, None) for i, item in enumerate(inputs)]
    if any(item.source == "-" for item in inputs):
        tasks = _with_stdin(tasks)
    # A lone big input cannot be shared out between processes as a whole: its articles are.
    split = n >= 2 and len(tasks) == 1 and tasks[0].item.size >= split_threshold()
    n = max(1, min(n, len(tasks)))
    if n == 1:
        for task in tasks:
            result = _attempt(task, render, options, split)
            if on_done is not None:
                on_done()
            yield task.item, result
        return
    yield from _pool(tasks, render, options, n, on_done)


def _with_stdin(tasks: list[_Task]) -> list[_Task]:
    """Standard input is read here, once; a second ``-`` has nothing left to read."""
    out = []
    seen = False
    for task in tasks:
        if task.item.source == "-":
            if seen:
                task = attrs.evolve(task, item=attrs.evolve(task.item, problem="standard input already read"))
            else:
                data = sys.stdin.buffer.read()
                task = attrs.evolve(task, data=data, item=attrs.evolve(task.item, size=len(data)))
            seen = True
        out.append(task)
    return out


class _Pool(Generic[R]):
    """A process pool that can be replaced when one of its workers dies."""

    def __init__(self, jobs: int, render: Callable[[Document], R], options: Options) -> None:
        self.jobs = jobs
        self.render = render
        self.options = options
        self.executor: Any = None

    def start(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        # A forked worker inherits this process's unwritten output, and would write it
        # again when it exits: flush before any fork.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        self.executor = ProcessPoolExecutor(max_workers=self.jobs, mp_context=_context())
        return self.executor

    def stop(self, wait: bool = True) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=wait, cancel_futures=True)
            self.executor = None


def _pool(
    tasks: list[_Task],
    render: Callable[[Document], R],
    options: Options,
    jobs: int,
    on_done: Callable[[], None] | None,
) -> Iterator[tuple[Input, R | Failure]]:
    from concurrent.futures import FIRST_COMPLETED, Future, wait
    from concurrent.futures.process import BrokenProcessPool

    pool: _Pool[R] = _Pool(jobs, render, options)
    waiting = list(tasks)  # not yet started, in input order
    running: dict[Future[tuple[int, R | Failure]], _Task] = {}
    done: dict[int, R | Failure] = {}
    suspects: list[_Task] = []
    next_out = 0
    try:
        while next_out < len(tasks):
            if suspects:
                # A worker died with these in flight: run each alone, so that only the
                # input that kills its worker fails.
                for task in suspects:
                    done[task.index] = _alone(task, render, options)
                    if on_done is not None:
                        on_done()
                suspects = []
            if pool.executor is None and (waiting or running):
                pool.start()
            while waiting and len(running) < 2 * jobs:
                window = waiting[:LOOKAHEAD]
                pick = max(range(len(window)), key=lambda k: (window[k].item.size, -k))
                task = waiting.pop(pick)
                running[pool.executor.submit(_worker, task, render, options)] = task
            if running and next_out not in done:
                finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
                broken = False
                for future in finished:
                    task = running.pop(future)
                    try:
                        index, result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        suspects.append(task)
                        continue
                    except Exception as exc:  # the result could not be sent back
                        index, result = task.index, Failure(task.item.source, f"worker failed: {exc}")
                    done[index] = result
                    if on_done is not None:
                        on_done()
                if broken:
                    suspects.extend(running.values())
                    running.clear()
                    suspects.sort(key=lambda t: t.index)
                    pool.stop(wait=True)
            while next_out in done:
                yield tasks[next_out].item, done.pop(next_out)
                next_out += 1
    finally:
        pool.stop(wait=not running)


def _alone(task: _Task, render: Callable[[Document], R], options: Options) -> R | Failure:
    """Run one task in a process of its own; its death becomes a :class:`Failure`."""
    from concurrent.futures.process import BrokenProcessPool

    pool: _Pool[R] = _Pool(1, render, options)
    try:
        outcome: tuple[int, R | Failure] = pool.start().submit(_worker, task, render, options).result()
        return outcome[1]
    except BrokenProcessPool:
        return Failure(task.item.source, "the worker process parsing this input died")
    except Exception as exc:
        return Failure(task.item.source, f"worker failed: {exc}")
    finally:
        pool.stop()


def render_document(doc: Document) -> Document:
    """The document itself (the render of :func:`parse_many`)."""
    return doc


@overload
def parse_many(
    paths: Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    *,
    glob: Sequence[str] = (),
    lang: str | None = None,
    encoding: str | None = None,
    html: bool | None = None,
    code: str | None = None,
    errors: Literal["raise"] = "raise",
) -> Iterator[Document]: ...


@overload
def parse_many(
    paths: Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    *,
    glob: Sequence[str] = (),
    lang: str | None = None,
    encoding: str | None = None,
    html: bool | None = None,
    code: str | None = None,
    errors: Literal["keep"],
) -> Iterator[Document | Failure]: ...


def parse_many(
    paths: Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    *,
    glob: Sequence[str] = (),
    lang: str | None = None,
    encoding: str | None = None,
    html: bool | None = None,
    code: str | None = None,
    errors: Literal["raise", "keep"] = "raise",
) -> Iterator[Document] | Iterator[Document | Failure]:
    """Parse many inputs, in parallel processes, and yield their documents in input order.

    ``paths`` are files, folders (searched recursively for ``glob`` patterns, default
    ``*.txt``, ``*.md``, ``*.htm``, ``*.html``) and ``"-"`` (standard input).  ``jobs``
    processes parse at once (None: one per core; 1: in this process).  The other options
    are those of :func:`~statuteparse.parse.parse_file`.

    With ``errors="raise"`` an input that cannot be used raises :class:`InputError` when
    its turn comes (the documents before it have been yielded); with ``errors="keep"`` a
    :class:`Failure` is yielded in its place and the rest go on.
    """
    if errors not in ("raise", "keep"):
        raise ValueError(f"errors must be 'raise' or 'keep', not {errors!r}")
    options = Options(lang=lang, encoding=encoding, html=html, code=code)
    items = expand_inputs(paths, glob)
    results = process_many(items, render_document, options=options, jobs=jobs)
    try:
        for item, result in results:
            if isinstance(result, Failure) and errors == "raise":
                raise InputError(item.source, result.error)
            yield result
    finally:
        results.close()


def json_line(doc: Document) -> str:
    """The document as one line of compact JSON, as ``statuteparse parse --compact`` writes it."""
    from .serialize import document_to_dict, dumps

    return dumps(document_to_dict(doc), compact=True)


def json_record(doc: Document) -> tuple[str, int]:
    """:func:`json_line` and the number of diagnostics (for ``--strict``)."""
    return json_line(doc), len(doc.diagnostics)


def outline_record(doc: Document, lang: str | None = None) -> tuple[str, int]:
    """The document's outline (``--format outline``, in ``lang`` if given) and the number of diagnostics."""
    from .serialize import document_outline

    return document_outline(doc, lang), len(doc.diagnostics)


def error_line(failure: Failure) -> str:
    """A failure as one line of compact JSON: ``{"source": …, "error": …}``."""
    from .serialize import dumps

    return dumps(failure.to_dict(), compact=True)
