"""The ``statuteparse`` command line: thin wrappers over the library.

Exit status: 0 a document was produced (diagnostics allowed); 1 with ``--strict`` when
there are diagnostics; for ``diff`` like diff(1): 0 no differences, 1 differences; 2
unusable input, with one line on stderr and no traceback.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import click

from . import __version__
from .errors import StatuteParseError
from .parse import parse_bytes
from .serialize import document_outline, document_to_dict, dumps


class _InputFailure(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        with contextlib.suppress(OSError, ValueError):  # stderr itself closed or full: nothing to tell
            click.echo(f"statuteparse: error: {self.message}", err=True)


class _Main(click.Group):
    """The command group; output that cannot be written is one line and exit 2, not a traceback.

    A full disk (``> /dev/full``) or a closed pipe (``| head -0``) on standard output
    surfaces as an ``OSError`` from ``click.echo``; files go through :mod:`.output`.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            import errno

            # What a write to standard output ends with: a closed pipe, a full disk or quota,
            # a file too large, an I/O error.  Anything else is not about the output.
            written = {errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}
            if exc.filename is not None or exc.errno not in written:
                raise
            raise _InputFailure(f"<stdout>: cannot write: {exc.strerror or exc}") from None


def _write_files(files: list[tuple[str, str]], inputs: list[str]) -> None:
    """Write output files atomically (:func:`.output.write_outputs`); failures are one line, exit 2."""
    from .output import write_outputs

    try:
        write_outputs(files, inputs)
    except StatuteParseError as exc:
        raise _InputFailure(str(exc)) from None


def _check_files(outputs: list[str | None], inputs: list[str]) -> None:
    """Refuse unusable output paths before any work is done (:func:`.output.check_outputs`)."""
    from .output import check_outputs

    try:
        check_outputs(outputs, inputs)
    except StatuteParseError as exc:
        raise _InputFailure(str(exc)) from None


def _echo_view(text: str, *, colour: bool = False, nl: bool = True) -> None:
    """Print a text view; on a terminal, control characters in it are shown escaped."""
    if sys.stdout.isatty():
        from .output import for_terminal

        text = for_terminal(text, keep_colour=colour)
    click.echo(text, nl=nl)


@contextlib.contextmanager
def _input_errors(name: str) -> Iterator[None]:
    """Input that cannot be used, or that exhausts the stack or memory: one line and exit 2."""
    try:
        yield
    except StatuteParseError as exc:
        raise _InputFailure(str(exc)) from None
    except RecursionError:
        raise _InputFailure(f"{name}: input nests too deeply to parse") from None
    except MemoryError:
        raise _InputFailure(f"{name}: input too large for available memory") from None


def _set_max_size(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from .decode import parse_size

    if value is None:
        return
    try:
        ctx.meta["statuteparse.max_size"] = parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


_max_size_option = click.option(
    "--max-size",
    default=None,
    metavar="SIZE",
    expose_value=False,
    callback=_set_max_size,
    help="Refuse an input larger than SIZE (e.g. 500MB; default 200MB).",
)


def _read_bytes(path: str) -> bytes:
    """The bytes of FILE or ``-`` (stdin), within ``--max-size``; InputError when unusable."""
    from .decode import DEFAULT_MAX_SIZE, read_limited

    ctx = click.get_current_context(silent=True)
    limit = DEFAULT_MAX_SIZE if ctx is None else ctx.meta.get("statuteparse.max_size", DEFAULT_MAX_SIZE)
    if path == "-":
        return read_limited("<stdin>", sys.stdin.buffer, max_size=limit)
    return read_limited(path, max_size=limit)


def _read_document(
    path: str, lang: str | None, encoding: str | None, fmt: str, code: str | None = None
) -> Any:
    """Read FILE or ``-`` and parse it; InputError becomes a one-line exit 2."""
    html = {"auto": None, "html": True, "text": False}[fmt]
    with _input_errors(path):
        data = _read_bytes(path)
        source = "<stdin>" if path == "-" else path
        return parse_bytes(data, source=source, lang=lang, encoding=encoding, html=html, code=code)


#: Inputs at least this large (bytes) have their articles built by two processes.
PARALLEL_THRESHOLD = 200_000


def _is_big(*paths: str) -> bool:
    """Whether every path is a regular file of at least the parallel threshold."""
    import os

    try:
        threshold = int(os.environ.get("STATUTEPARSE_PARALLEL_THRESHOLD", PARALLEL_THRESHOLD))
    except ValueError:  # not a number: the default
        threshold = PARALLEL_THRESHOLD
    try:
        return all(p != "-" and os.path.isfile(p) and os.path.getsize(p) >= threshold for p in paths)
    except OSError:
        return False


def _read_documents(
    inputs: list[tuple[str, str | None]], lang: str | None, encoding: str | None, fmt: str
) -> list[Any]:
    """Parse each ``(path, code)``; when every file is big, two processes build the articles of all.

    Parsing is CPU-bound and articles are independent, so on a machine with two cores a
    whole code parses, and two whole codes diff, in about half the time
    (:func:`parse.parse_in_parallel`: each process builds both versions of its articles,
    which share a sanction cache).  Small inputs and stdin are parsed one after the other.
    """
    if not _is_big(*(path for path, _ in inputs)):
        return [_read_document(path, lang, encoding, fmt, code) for path, code in inputs]
    from .decode import decode_bytes
    from .grammar import warm_up
    from .parse import parse_in_parallel, prepare_text, with_encoding_doubt

    html = {"auto": None, "html": True, "text": False}[fmt]
    prepared = []
    raw: list[bytes] = []
    for path, code in inputs:
        with _input_errors(path):
            raw.append(_read_bytes(path))
            text = decode_bytes(raw[-1], source=path, encoding=encoding)
            prepared.append(prepare_text(text, lang=lang, source=path, html=html, code=code))
    warm_up(tuple(sorted({p.doc_lang for p in prepared})))  # once, before the fork: both processes use it
    with _input_errors(", ".join(path for path, _ in inputs)):
        docs = parse_in_parallel(prepared)
    return [with_encoding_doubt(doc, data, encoding) for doc, data in zip(docs, raw, strict=True)]


def _read_pair(
    old: str,
    new: str,
    lang: str | None,
    encoding: str | None,
    fmt: str,
    code_old: str | None,
    code_new: str | None,
) -> tuple[Any, Any]:
    """Parse OLD and NEW (see :func:`_read_documents`)."""
    a, b = _read_documents([(old, code_old), (new, code_new)], lang, encoding, fmt)
    return a, b


def _check_code(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An unknown code identifier is accepted (gravity is then null) but never silently."""
    if value is not None:
        from .gravity import known_codes

        if value not in known_codes():
            known = ", ".join(known_codes())
            click.echo(
                f"statuteparse: warning: unknown code {value!r} for {param.opts[0]} (known: {known}); "
                "gravity categories will be null",
                err=True,
            )
    return value


_lang_option = click.option(
    "--lang",
    type=click.Choice(["ru", "en"]),
    default=None,
    help="Language of the text (default: detected per article).",
)
_encoding_option = click.option(
    "--encoding",
    default=None,
    metavar="CODEC",
    help="Force the input encoding (default: UTF-8/UTF-16 BOM, else detected).",
)
_from_option = click.option(
    "--from",
    "fmt",
    type=click.Choice(["auto", "text", "html"]),
    default="auto",
    show_default=True,
    help="Input format: plain text or HTML (auto-detected).",
)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statuteparse")
def main() -> None:
    """Read criminal-code articles (Russian or English) into a precise JSON tree, and compare versions.

    \b
    Examples:
      statuteparse parse corpus/kz/cc1997/art128/2010.ru.txt
      statuteparse parse - < article.txt
      statuteparse schema parse
    """


def _batch_options(command: Any) -> Any:
    """Options of the commands that take many inputs (``parse``, ``stats``, ``table``)."""
    options = [
        click.option(
            "--glob",
            "patterns",
            multiple=True,
            metavar="PATTERN",
            help="In folders, the files to read (repeatable; default *.txt, *.md, *.htm, *.html). "
            "A pattern with a / is matched against the path inside the folder.",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=0),
            default=0,
            metavar="N",
            help="Parse in N processes at once (default 0: one per core).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _engine_options(command: Any) -> Any:
    """``--engine`` and ``--scheduler``: where the inputs are parsed."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="local: processes on this machine; dask: a dask.distributed cluster (needs "
            "statuteparse[dask]), writing partitions to the -o folder.",
        ),
        click.option(
            "--scheduler",
            default=None,
            metavar="tcp://HOST:PORT",
            help="With --engine dask: the scheduler of a running cluster (default: a local cluster).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=None,
            metavar="N",
            help="With --engine dask and no --scheduler: workers of the local cluster (default: cores).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _is_batch(paths: tuple[str, ...], jsonl: bool) -> bool:
    """Whether the inputs are a batch: several, a folder, or JSON Lines asked for."""
    import os

    return jsonl or len(paths) > 1 or any(os.path.isdir(p) for p in paths)


@contextlib.contextmanager
def _progress(total: int, label: str) -> Iterator[Any]:
    """A callback that advances a progress bar on stderr, shown only when stderr is a
    terminal and there are more than a few inputs (never in a pipe or a log)."""
    if total < 5 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def _run_batch(
    paths: tuple[str, ...],
    patterns: tuple[str, ...],
    render: Any,
    jobs: int,
    lang: str | None,
    encoding: str | None,
    fmt: str,
    code: str | None,
    label: str,
) -> Iterator[tuple[Any, Any]]:
    """``(input, result or Failure)`` of every input, in order, with a progress bar."""
    from .batch import expand_inputs, process_many

    inputs = expand_inputs(paths, patterns)
    options = _options(lang, encoding, fmt, code)
    with _progress(len(inputs), label) as tick:
        yield from process_many(inputs, render, options=options, jobs=jobs, on_done=tick)


def _report_failures(failures: list[Any]) -> None:
    """One line on stderr per input that failed, then exit 2."""
    for failure in failures:
        click.echo(f"statuteparse: error: {failure.source}: {failure.error}", err=True)
    if failures:
        sys.exit(2)


class _Echo:
    """Standard output as a stream (through ``click.echo``, which also serves the test runner)."""

    def write(self, text: str) -> None:
        click.echo(text, nl=False)


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[Any]:
    """A text stream for ``-o PATH`` (stdout when None or ``-``); a closed pipe ends quietly."""
    if path in (None, "-"):
        # a closed pipe or a full disk is reported by the command group: one line, exit 2
        yield _Echo()
        return
    try:
        stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise _InputFailure(f"{path}: cannot write: {exc.strerror or exc}") from None
    with stream:
        yield stream


@main.command()
@click.argument("paths", metavar="PATH…|-", nargs=-1, required=True)
@_lang_option
@_encoding_option
@_max_size_option
@_from_option
@click.option("--compact", is_flag=True, help="One-line JSON instead of indented.")
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["json", "outline"]),
    default="json",
    show_default=True,
    help="JSON document, or a short readable outline of the tree.",
)
@click.option(
    "--stage",
    type=click.Choice(["normalized", "tree", "model"]),
    default="model",
    show_default=True,
    help="Debug view: 'normalized' prints the normalised text every span points into; "
    "'tree' the grammar's parse tree of each article and sanction.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when the document has any diagnostic.")
@click.option(
    "--code",
    default=None,
    metavar="ID",
    callback=_check_code,
    help="Code identifier, e.g. kz-cc1997 or kz-cc2014 (sets the gravity rules).",
)
@click.option(
    "--jsonl", is_flag=True, help="JSON Lines: one document per line (the default for several inputs)."
)
@_batch_options
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE|DIR",
    help="Write to FILE instead of stdout; with --engine dask, the folder for the partitions.",
)
@_engine_options
@click.option(
    "--ui-lang",
    type=click.Choice(["en", "ru"]),
    default=None,
    help="Language of the outline's words (default: the language of each article).",
)
def parse(
    paths: tuple[str, ...],
    lang: str | None,
    encoding: str | None,
    fmt: str,
    compact: bool,
    out_format: str,
    stage: str,
    strict: bool,
    code: str | None,
    jsonl: bool,
    patterns: tuple[str, ...],
    jobs: int,
    output: str | None,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    ui_lang: str | None,
) -> None:
    """Parse each PATH (a file, a folder, or - for stdin) and print its document as JSON.

    One file gives one JSON document (statuteparse/document/1).  Several inputs, a folder
    (searched recursively, see --glob), or --jsonl give JSON Lines: one document per
    line, in input order; an input that cannot be used gives {"source": …, "error": …}
    in its place, the rest go on, and the exit status is 2.

    \b
    Examples:
      statuteparse parse corpus/kz/cc1997/art128/2010.ru.txt
      statuteparse parse --format outline corpus/kz/cc1997/art128/2006-03-02.en.txt
      cat article.html | statuteparse parse --from html -
      statuteparse parse corpus/kz --glob '*.ru.txt' --jobs 2 > corpus.jsonl
      statuteparse parse --engine dask --scheduler tcp://SCHEDULER-HOST:8786 codes/ -o parsed/
    """
    if stage != "model" and out_format != "json":
        raise click.UsageError(f"--format {out_format} does not apply to --stage {stage} (plain text)")
    if ui_lang is not None and out_format != "outline":
        raise click.UsageError("--ui-lang applies to --format outline only")
    if engine == "dask" or _is_batch(paths, jsonl):
        _parse_batch(
            paths, lang, encoding, fmt, out_format, stage, strict, code, patterns, jobs, output,
            engine, scheduler, workers, ui_lang,
        )
        return
    (doc,) = _read_documents([(paths[0], code)], lang, encoding, fmt)
    if stage == "normalized":
        text = doc.text
    elif stage == "tree":
        from .transform import debug_trees

        text = debug_trees(doc)
    elif out_format == "outline":
        text = document_outline(doc, ui_lang) + "\n"
    else:
        text = dumps(document_to_dict(doc), compact=compact) + "\n"
    if output is None and (stage != "model" or out_format == "outline") and sys.stdout.isatty():
        from .output import for_terminal

        text = for_terminal(text)  # statute text may hold terminal escapes: shown, never obeyed
    with _output(output) as out:
        out.write(text)
    if strict and doc.diagnostics:
        sys.exit(1)


def _parse_batch(
    paths: tuple[str, ...],
    lang: str | None,
    encoding: str | None,
    fmt: str,
    out_format: str,
    stage: str,
    strict: bool,
    code: str | None,
    patterns: tuple[str, ...],
    jobs: int,
    output: str | None,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    ui_lang: str | None = None,
) -> None:
    """``parse`` of several inputs: JSON Lines (or outlines), in input order."""
    import functools

    from .batch import Failure, error_line, json_record, outline_record

    if stage != "model":
        raise click.UsageError(f"--stage {stage} takes a single file")
    if engine == "dask" and out_format != "json":
        raise click.UsageError("--engine dask writes JSON Lines (--format json)")
    if engine == "dask":
        _dask_run("jsonl", paths, patterns, _options(lang, encoding, fmt, code), output, scheduler, workers)
        return
    outline = out_format == "outline"
    render = functools.partial(outline_record, lang=ui_lang) if outline else json_record
    failures: list[Failure] = []
    diagnostics = 0
    with _output(output) as out:
        for item, result in _run_batch(paths, patterns, render, jobs, lang, encoding, fmt, code, "parsing"):
            if isinstance(result, Failure):
                failures.append(result)
                text = f"==> {item.source} <==\nerror: {result.error}" if outline else error_line(result)
            else:
                text, count = result
                diagnostics += count
                if outline:
                    text = f"==> {item.source} <==\n{text}"
            out.write(text + "\n")
    _report_failures(failures)
    if strict and diagnostics:
        sys.exit(1)


def _two_inputs(command: Any) -> Any:
    """Arguments and options shared by the commands that compare OLD and NEW."""
    options = [
        click.argument("old", metavar="OLD|-"),
        click.argument("new", metavar="NEW|-"),
        _lang_option,
        _encoding_option,
        _from_option,
        _max_size_option,
        click.option(
            "--code",
            default=None,
            metavar="ID",
            callback=_check_code,
            help="Code of both inputs (kz-cc1997, kz-cc2014), for gravity.",
        ),
        click.option(
            "--old-code", metavar="ID", callback=_check_code, help="Code of OLD (overrides --code)."
        ),
        click.option(
            "--new-code", metavar="ID", callback=_check_code, help="Code of NEW (overrides --code)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command("diff")
@_two_inputs
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["json", "text", "csv"]),
    default="json",
    show_default=True,
    help="JSON (statuteparse/diff/1), a readable view for a terminal, or CSV (one row per change).",
)
@click.option(
    "--summary-lang",
    type=click.Choice(["en", "ru"]),
    default="en",
    show_default=True,
    help="Language of the summary lines.",
)
@click.option("--compact", is_flag=True, help="One-line JSON instead of indented.")
@click.option(
    "--color/--no-color", default=None, help="Colour the text view (default: when stdout is a terminal)."
)
def diff_cmd(
    old: str,
    new: str,
    lang: str | None,
    encoding: str | None,
    fmt: str,
    out_format: str,
    summary_lang: str,
    code: str | None,
    old_code: str | None,
    new_code: str | None,
    compact: bool,
    color: bool | None,
) -> None:
    """Compare OLD and NEW (one article each, or whole codes) and print what changed.

    Exit status like diff(1): 0 no differences, 1 differences, 2 trouble.

    \b
    Examples:
      statuteparse diff --code kz-cc1997 OLD.txt NEW.txt
      statuteparse diff --format text --summary-lang ru OLD.txt NEW.txt
    """
    from .diff import diff as run_diff
    from .diff import format_text

    if old == "-" and new == "-":
        raise _InputFailure("only one of OLD and NEW can be - (stdin)")
    co, cn = old_code or code, new_code or code
    a, b = _read_pair(old, new, lang, encoding, fmt, co, cn)
    result = run_diff(a, b, code_old=co, code_new=cn, summary_lang=summary_lang)
    if out_format == "json":
        click.echo(dumps(result.to_dict(), compact=compact))
    elif out_format == "csv":
        from .table import DIFF_COLUMNS, csv_text, diff_rows

        click.echo(csv_text(diff_rows(result), DIFF_COLUMNS), nl=False)
    else:
        use_color = sys.stdout.isatty() if color is None else color
        _echo_view(format_text(result, color=use_color), colour=use_color, nl=False)
    sys.exit(1 if result.has_changes else 0)


@main.command("report")
@_two_inputs
@click.option(
    "-o", "--output", default="-", metavar="FILE", help="Write the report to FILE (default: stdout)."
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["html", "md"]),
    default="html",
    show_default=True,
    help="One self-contained HTML page, or GitHub-flavoured Markdown.",
)
@click.option(
    "--ui-lang",
    type=click.Choice(["en", "ru"]),
    default=None,
    help="Language of labels and summary lines (default: the language of NEW).",
)
@click.option(
    "--crosscheck",
    "cross",
    is_flag=True,
    help="OLD is an original and NEW its translation: show the two side by side with the "
    "findings of `statuteparse crosscheck` highlighted (HTML only).",
)
def report_cmd(
    old: str,
    new: str,
    output: str,
    out_format: str,
    ui_lang: str | None,
    lang: str | None,
    encoding: str | None,
    fmt: str,
    code: str | None,
    old_code: str | None,
    new_code: str | None,
    cross: bool = False,
) -> None:
    """Write a side-by-side report of what changed from OLD to NEW (HTML or Markdown).

    \b
    Examples:
      statuteparse report --code kz-cc1997 OLD.txt NEW.txt -o report.html
      statuteparse report --format md OLD.txt NEW.txt > report.md
    """
    from .diff import diff as run_diff
    from .report import render_html, render_markdown

    if old == "-" and new == "-":
        raise _InputFailure("only one of OLD and NEW can be - (stdin)")
    co, cn = old_code or code, new_code or code
    if cross and out_format != "html":
        raise click.UsageError("--crosscheck writes HTML only (leave out --format md)")
    _check_files([output], [old, new])
    a, b = _read_pair(old, new, lang, encoding, fmt, co, cn)
    ui = ui_lang or b.language
    if cross:
        from .crosscheck import crosscheck
        from .report import render_crosscheck_html

        text = render_crosscheck_html(crosscheck(a, b), ui_lang=ui)
    else:
        result = run_diff(a, b, code_old=co, code_new=cn, summary_lang=ui)
        render = render_html if out_format == "html" else render_markdown
        text = render(result, ui_lang=ui)
    if output == "-":
        click.echo(text, nl=False)
        return
    _write_files([(output, text)], [old, new])


@main.command("crosscheck")
@click.argument("original", metavar="ORIGINAL|-")
@click.argument("translation", metavar="TRANSLATION|-")
@click.option(
    "--original-lang",
    type=click.Choice(["ru", "en"]),
    default=None,
    help="Language of ORIGINAL (default: detected per article).",
)
@click.option(
    "--translation-lang",
    type=click.Choice(["ru", "en"]),
    default=None,
    help="Language of TRANSLATION (default: detected per article).",
)
@_encoding_option
@_max_size_option
@_from_option
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="JSON (statuteparse/crosscheck/1) or a readable view for a terminal.",
)
@click.option("--compact", is_flag=True, help="One-line JSON instead of indented.")
@click.option(
    "--color/--no-color", default=None, help="Colour the text view (default: when stdout is a terminal)."
)
def crosscheck_cmd(
    original: str,
    translation: str,
    original_lang: str | None,
    translation_lang: str | None,
    encoding: str | None,
    fmt: str,
    out_format: str,
    compact: bool,
    color: bool | None,
) -> None:
    """Check that TRANSLATION says what ORIGINAL says, in what does not depend on language.

    Compares articles, parts, items, references, repealed items, notes, and every
    penalty and add-on; each difference is a finding (serious, structural, or
    unverifiable where a sanction could not be read completely).

    Exit status like diff(1): 0 the translation agrees, 1 findings, 2 trouble.

    \b
    Examples:
      statuteparse crosscheck --format text ORIGINAL.ru.txt TRANSLATION.en.txt
      statuteparse crosscheck ORIGINAL.ru.txt TRANSLATION.en.txt > findings.json
    """
    from .crosscheck import crosscheck, format_text

    if original == "-" and translation == "-":
        raise _InputFailure("only one of ORIGINAL and TRANSLATION can be - (stdin)")
    if original_lang == translation_lang:
        a, b = _read_documents([(original, None), (translation, None)], original_lang, encoding, fmt)
    else:
        a = _read_document(original, original_lang, encoding, fmt)
        b = _read_document(translation, translation_lang, encoding, fmt)
    result = crosscheck(a, b)
    if out_format == "json":
        click.echo(dumps(result.to_dict(), compact=compact))
    else:
        use_color = sys.stdout.isatty() if color is None else color
        _echo_view(format_text(result, color=use_color), colour=use_color, nl=False)
    sys.exit(0 if result.agrees else 1)


def _read_text(path: str, encoding: str | None = None) -> str:
    """The decoded text of FILE or ``-``; unusable input becomes a one-line exit 2."""
    from .decode import decode_bytes

    try:
        source = "<stdin>" if path == "-" else path
        return decode_bytes(_read_bytes(path), source=source, encoding=encoding)
    except StatuteParseError as exc:
        raise _InputFailure(str(exc)) from None


@main.command()
@click.argument("law", metavar="LAW|-")
@_encoding_option
@_max_size_option
@click.option(
    "--date", default=None, metavar="YYYY-MM-DD", help="Date of the law when its text does not print it."
)
@click.option("--number", default=None, metavar="NO", help="The law's number, e.g. 227-IV.")
@click.option("--compact", is_flag=True, help="One-line JSON instead of indented.")
def amendments(law: str, encoding: str | None, date: str | None, number: str | None, compact: bool) -> None:
    """Print the amendment instructions of an amending law as JSON (statuteparse/amendments/1).

    \b
    Example:
      statuteparse amendments corpus/kz/amending/law-2009-12-10-227-IV-rus49440.ru.md
    """
    from .amend import parse_amendments

    text = _read_text(law, encoding)
    doc = parse_amendments(text, source=None if law == "-" else law, date=date, number=number)
    click.echo(dumps(doc.to_dict(), compact=compact))


@main.command("apply")
@click.argument("law", metavar="LAW")
@click.argument("base", metavar="BASE|-")
@click.option("-o", "--output", required=True, metavar="NEW", help="Where to write the consolidated text.")
@click.option(
    "--report", "report_path", default=None, metavar="FILE", help="Write the JSON apply report here."
)
@click.option(
    "--act", default=None, metavar="ID", help="Act id (kz-cc1997) or part of its name; default: from BASE."
)
@click.option(
    "--date", default=None, metavar="YYYY-MM-DD", help="Date of the law when its text does not print it."
)
@click.option("--number", default=None, metavar="NO", help="The law's number, e.g. 227-IV.")
@_encoding_option
@_max_size_option
def apply_cmd(
    law: str,
    base: str,
    output: str,
    report_path: str | None,
    act: str | None,
    date: str | None,
    number: str | None,
    encoding: str | None,
) -> None:
    """Apply LAW's instructions for BASE's act; write the consolidated text (and a JSON report).

    Instructions that cannot be applied change nothing and are listed on stderr;
    the exit status is then 1.  Without --act, the act is recognised from BASE (its
    code or its title); when LAW has no instruction for it, one line names the acts
    LAW does amend and the exit status is 2 (nothing is written).

    \b
    Example:
      statuteparse apply LAW.md cc1997-2009.ru.md -o cc1997-applied.md --report applied.json
    """
    from .amend import parse_amendments
    from .apply import apply_law

    _check_files([output, report_path], [law, base])
    parsed = parse_amendments(_read_text(law, encoding), source=law, date=date, number=number)
    with _input_errors(base):
        result = apply_law(parsed, _read_text(base, encoding), act=act)
    files = [(output, result.text)]
    if report_path:
        files.append((report_path, dumps(result.to_dict()) + "\n"))
    _write_files(files, [law, base])
    for item in result.not_applied:
        click.echo(f"not applied: item {item.item}: {item.target}: {item.reason}", err=True)
    if result.not_applied:
        sys.exit(1)


@main.command()
@click.argument("paths", metavar="PATH…|-", nargs=-1, required=True)
@_lang_option
@_encoding_option
@_max_size_option
@_from_option
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
    help="A table to read, JSON (one object per file, in a list) or JSON Lines (one line per file).",
)
@click.option("--jsonl", is_flag=True, help="Same as --format jsonl.")
@_batch_options
def stats(
    paths: tuple[str, ...],
    lang: str | None,
    encoding: str | None,
    fmt: str,
    out_format: str,
    jsonl: bool,
    patterns: tuple[str, ...],
    jobs: int,
) -> None:
    """How much of each file's sanctions the parser read completely.

    Per file: articles, parts, parts with a sanction, sanctions read completely (count
    and %), sanction verbs set off by a dash in the text (what the sanction count should
    come close to), and diagnostics by code. Run it on your own corpus before trusting
    the output.  Folders are searched recursively (see --glob); an input that cannot be
    used is named on stderr (and is an error record in JSON), the rest go on, and the
    exit status is 2.

    \b
    Example:
      statuteparse stats corpus/by/*.txt
      statuteparse stats --jsonl corpus/kz
    """
    from .batch import Failure
    from .stats import coverage, coverage_table

    out_format = "jsonl" if jsonl else out_format
    rows: list[Any] = []
    failures: list[Failure] = []
    with _output(None) as out:
        for _, result in _run_batch(paths, patterns, coverage, jobs, lang, encoding, fmt, None, "reading"):
            if isinstance(result, Failure):
                failures.append(result)
            if out_format == "jsonl":
                record = dumps(result.to_dict(), compact=True)
                out.write(record + "\n")
            else:
                rows.append(result)
        if out_format == "json":
            files = [r.to_dict() for r in rows]
            out.write(dumps({"schema": "statuteparse/stats/1", "files": files}) + "\n")
        elif out_format == "table":
            out.write(coverage_table([r for r in rows if not isinstance(r, Failure)]) + "\n")
    _report_failures(failures)


@main.command("table")
@click.argument("paths", metavar="PATH…|-", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE|DIR",
    help="sanctions.csv or sanctions.parquet (- for CSV on stdout); with --engine dask, a folder.",
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["csv", "parquet"]),
    default=None,
    help="Table format (default: from the output's extension; csv for stdout or a folder).",
)
@_lang_option
@_encoding_option
@_from_option
@click.option(
    "--code",
    default=None,
    metavar="ID",
    callback=_check_code,
    help="Code identifier, e.g. kz-cc1997 or kz-cc2014 (sets the gravity rules).",
)
@_batch_options
@_engine_options
def table_cmd(
    paths: tuple[str, ...],
    output: str,
    out_format: str | None,
    lang: str | None,
    encoding: str | None,
    fmt: str,
    code: str | None,
    patterns: tuple[str, ...],
    jobs: int,
    engine: str,
    scheduler: str | None,
    workers: int | None,
) -> None:
    """Write one row per penalty of every PATH (file, folder or -) to a CSV or Parquet table.

    Columns: source, code, language, article, title, part, circumstances (count),
    alternative (position in the sanction), kind, min_value, min_unit, max_value,
    max_unit (as written), min_base, max_base, base_unit (years for terms, the unit for
    money), subject, condition, additional (kind:mode; …), complete, span_start,
    span_end.  Parquet needs pyarrow (pip install 'statuteparse[parquet]').  An input that
    cannot be used is named on stderr, the rest are written, and the exit status is 2.

    \b
    Examples:
      statuteparse table corpus/kz -o sanctions.csv
      statuteparse table cc1997-2009.ru.md -o old.parquet
      statuteparse table --engine dask codes/ -o sanctions/ --format parquet
    """
    from .batch import Failure
    from .table import penalty_rows, write_csv, write_parquet

    kind = out_format or ("parquet" if output.endswith((".parquet", ".pq")) else "csv")
    if engine == "dask":
        _dask_run(kind, paths, patterns, _options(lang, encoding, fmt, code), output, scheduler, workers)
        return
    if kind == "parquet" and output == "-":
        raise click.UsageError("Parquet cannot go to stdout: give -o FILE.parquet")
    if kind == "parquet":
        from .table import arrow_schema

        with _input_errors(output):
            arrow_schema()  # fail before parsing when the extra is missing
    failures: list[Failure] = []
    inputs = written = 0

    def results() -> Iterator[list[Any]]:
        nonlocal inputs, written
        batch = _run_batch(paths, patterns, penalty_rows, jobs, lang, encoding, fmt, code, "reading")
        for _, result in batch:
            inputs += 1
            if isinstance(result, Failure):
                failures.append(result)
            else:
                written += len(result)
                yield result

    try:
        if kind == "parquet":
            rows = [row for chunk in results() for row in chunk]  # one file, one table
            with _input_errors(output):
                write_parquet(rows, output)
        else:
            with _output(output) as out:  # CSV is written as the inputs come back
                write_csv([], out)
                for chunk in results():
                    write_csv(chunk, out, header=False)
    except OSError as exc:
        raise _InputFailure(f"{output}: cannot write: {exc.strerror or exc}") from None
    if output != "-":
        click.echo(f"statuteparse: {written} rows from {inputs} inputs in {output}", err=True)
    _report_failures(failures)


def _options(lang: str | None, encoding: str | None, fmt: str, code: str | None) -> Any:
    """The batch :class:`~statuteparse.batch.Options` of the command-line options."""
    from .batch import Options

    html = {"auto": None, "html": True, "text": False}[fmt]
    return Options(lang=lang, encoding=encoding, html=html, code=code)


def _dask_run(
    kind: str,
    paths: tuple[str, ...],
    patterns: tuple[str, ...],
    options: Any,
    output: str | None,
    scheduler: str | None,
    workers: int | None,
) -> None:
    """``--engine dask``: parse on a cluster, write part files into the ``-o`` folder."""
    from .batch import expand_inputs
    from .engines import run_dask

    if not output or output == "-":
        raise click.UsageError("--engine dask writes part files: give -o FOLDER")
    inputs = expand_inputs(paths, patterns)
    with _input_errors(output):
        result = run_dask(inputs, kind, output, options=options, scheduler=scheduler, workers=workers)  # type: ignore[arg-type]
    click.echo(
        f"statuteparse: {len(inputs)} inputs, {result.records} records in {len(result.files)} files "
        f"in {output}",
        err=True,
    )
    _report_failures(list(result.failures))


@main.command()
@click.argument("kind", type=click.Choice(["parse", "diff", "amendments", "apply", "crosscheck"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of the output of `parse`, `diff`, `amendments`, the `apply`
    report (statuteparse/apply/1; the same file as `amendments`) or `crosscheck`."""
    from .schema import load_schema

    click.echo(dumps(load_schema(kind)))  # type: ignore[arg-type]


def run() -> None:
    """The ``statuteparse`` program: :func:`main`, then a fast exit.

    Once the output is flushed, the process ends with ``os._exit`` instead of freeing
    the parsed trees object by object, which takes 0.1-0.2 s after a whole code (mypy
    exits the same way).  The cache of compiled patterns is saved first.  Errors that
    are not an exit (a bug) still end with Python's usual traceback and teardown.
    """
    import os

    from .programs import save_shared

    try:
        main(prog_name="statuteparse")
        status = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            status = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            status = 1
    save_shared()
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as exc:  # a full disk or a closed pipe: the output is incomplete
        if status in (0, 1):
            reason = getattr(exc, "strerror", None) or exc
            with contextlib.suppress(OSError, ValueError):
                print(f"statuteparse: error: <stdout>: cannot write: {reason}", file=sys.stderr)
            status = 2
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
