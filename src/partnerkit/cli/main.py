"""The `partnerkit` command's entry point: where a run starts and ends.

It installs the Ctrl-C handler before anything else is imported, sends the commands run most in
their plain forms down the quick path (quick.py) and everything else to the Typer app (app.py),
and turns a closed, full or broken standard output into one line and an exit code.
"""

from __future__ import annotations

import os
import sys

try:  # the builtin module itself: `import signal` first imports enum and functools, long enough to miss a Ctrl-C
    import _signal as signal
except ImportError:  # pragma: no cover - not CPython
    import signal  # type: ignore[no-redef]

EXIT_INTERRUPTED = 130  # as errors.EXIT_INTERRUPTED; not imported, so Ctrl-C is handled before any import


def _interrupted_early(signum: int, frame: object) -> None:
    """Ctrl-C before main() runs: nothing has been read or written yet, so just say so and stop."""
    os.write(2, b"Interrupted.\n")
    os._exit(EXIT_INTERRUPTED)


# Ctrl-C from the first millisecond of partnerkit's own code: until main() takes over (where a
# KeyboardInterrupt becomes one line and exit 130 wherever it lands, heavy imports included), an
# interrupt ends the process at once. Installed before anything else is imported; a parent that
# ignored SIGINT is obeyed. (The interpreter's own start-up, before this line, is Python's.)
# Only when started as the `partnerkit` command: a test importing this module keeps its own handler.
_SIGINT_IGNORED = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
if not _SIGINT_IGNORED and os.path.basename(sys.argv[0] if sys.argv else "") == "partnerkit":
    signal.signal(signal.SIGINT, _interrupted_early)

# Only after the handler, on purpose.
import atexit  # noqa: E402
import gc  # noqa: E402
from contextlib import suppress  # noqa: E402

from ..catalog import _, use_language  # noqa: E402  (imports nothing heavy; the catalog is read on the first message)
from ..errors import is_stdout_error  # noqa: E402

EXIT_OUTPUT = 1  # standard output closed or full: the command's result went nowhere
EXIT_BROKEN_PIPE = 1  # the reader (`| head -1`) stopped reading: quietly, with Rich's and Click's own code


def main() -> None:
    """Run the command; Ctrl-C, and a closed, full or broken standard output, end in one line each."""
    try:
        if not _SIGINT_IGNORED:
            signal.signal(signal.SIGINT, signal.default_int_handler)  # from here on, Ctrl-C unwinds
        code = _run()
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk shows here, while it can still be reported
    except KeyboardInterrupt:
        code = _say(_("cli.interrupted"), EXIT_INTERRUPTED)
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    except OSError as exc:
        if not is_stdout_error(exc):
            raise
        code = _say(_("cli.cannot_write_output", reason=exc.strerror or exc), EXIT_OUTPUT)
    except Exception as exc:
        if not _interrupted(exc):
            raise
        code = _say(_("cli.interrupted"), EXIT_INTERRUPTED)
    if code in (EXIT_BROKEN_PIPE, EXIT_OUTPUT) and sys.stdout is not None:
        # Python would flush stdout again at exit and print its own traceback: point it at nothing.
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)


def _run() -> int:
    if sys.stdout is None:  # started with stdout closed (`>&-`): a result would vanish silently
        return _say(_("cli.stdout_closed"), EXIT_OUTPUT)
    # Text that cannot be encoded for this terminal (LANG=C, PYTHONIOENCODING=ascii) is spelled
    # as \xe9 escapes rather than crashing; exports to a file are always UTF-8.
    for stream in (sys.stdout, sys.stderr):
        with suppress(AttributeError, ValueError):  # None, or not a TextIOWrapper
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    # Skip the collector's pass over every object at exit: a few milliseconds on each run. Files
    # are closed (and fsync'd) by their `with` blocks, and stdout is flushed at exit regardless.
    atexit.register(gc.freeze)
    # A large worksheet, its view and its output are a few million objects with no cycles among
    # them: at Python's default thresholds the cycle collector rescans them again and again, a
    # third of the time a 10,000-partner export takes. Collect the youngest objects every 100,000
    # allocations instead of 700, and older ones seldom; an interview still collects as it goes.
    gc.set_threshold(100_000, 50, 100)
    from .quick import language_option, quick_form, run_quick

    # --lang first: Typer's help texts are the catalog's, looked up as the app is built.
    code, args = language_option(sys.argv[1:])
    try:
        if code is not None:
            use_language(code)
    except ValueError:  # no language code: Typer says so, as for any wrong value
        args = []
    quick = quick_form(args)
    if quick is None:
        from .app import main as full_cli

        try:
            full_cli()
        except SystemExit as done:
            if isinstance(done.code, str):
                return _say(done.code, 1)
            if done.code == EXIT_INTERRUPTED and not getattr(sys.modules.get("partnerkit.cli.boundary"), "interrupt_reported", False):
                return _say(_("cli.interrupted"), EXIT_INTERRUPTED)  # Typer took Ctrl-C while parsing, silently
            return done.code or 0
        return 0
    return run_quick(*quick)


def _interrupted(exc: BaseException) -> bool:
    """Whether Ctrl-C caused `exc`: Python wraps a KeyboardInterrupt raised in some places (a class's
    __set_name__ while a module is imported) in another error, with the interrupt as its cause."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _say(message: str, code: int) -> int:
    with suppress(OSError, ValueError, AttributeError):  # stderr closed or full too: the exit code still tells
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    return code
