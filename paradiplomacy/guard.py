"""The top-level guard: every failure reaches the user as one line and an exit status, never a traceback.

- `UsageError` (a bad option value or limit setting): exit 2.
- `InputError` and the failures of the file system, the encoding and the JSON reader: exit 1, one line naming
  the file where Python knows it.
- SIGTERM is turned into an exception, so `with` blocks end external programs and remove temporary files
  exactly as on Ctrl-C (exit 130, or 143 for SIGTERM).
- Anything else is a bug of ours: one line saying so, "please report this", and the path of a log file that
  holds the traceback.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from paradiplomacy.errors import InputError, UsageError


class Terminated(BaseException):
    """SIGTERM arrived: unwind like KeyboardInterrupt, so child processes and temporary files are cleaned."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def guarded(command: str, handler: Callable[[], int]) -> int:
    prefix = f"paradiplomacy {command}: error:"
    previous = _install_sigterm()
    try:
        from paradiplomacy.limits import check_settings

        check_settings()
        status = handler()
        _flush_stdout()
        return status
    except UsageError as error:
        _say(f"{prefix} {error}")
        return 2
    except InputError as error:
        _say(f"{prefix} {error}")
        return 1
    except KeyboardInterrupt:
        _say(f"paradiplomacy {command}: interrupted; nothing half-written was left behind")
        return 130
    except Terminated:
        _say(f"paradiplomacy {command}: terminated; nothing half-written was left behind")
        return 143
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as error:
        _silence_stdout_if_broken(error)
        _say(f"{prefix} {_os_error_line(error)}")
        return 1
    except UnicodeError as error:
        reason = getattr(error, "reason", str(error))
        _say(f"{prefix} text that cannot be encoded or decoded ({reason}); nothing was written")
        return 1
    except RecursionError:
        _say(f"{prefix} an input is nested too deeply to process; see the limits in the README")
        return 1
    except MemoryError:
        _say(f"{prefix} out of memory; an input is larger than this machine can hold (see README, Limits)")
        return 1
    except SystemExit:
        raise
    except Exception:
        log = _write_log(command)
        kind = sys.exc_info()[0]
        name = kind.__name__ if kind else "error"
        _say(
            f"{prefix} an unexpected internal error ({name}); please report this at "
            f"https://github.com/paradiplomacy/paradiplomacy/issues with the log {log}"
        )
        return 1
    finally:
        _restore_sigterm(previous)


def _os_error_line(error: OSError) -> str:
    what = error.strerror or type(error).__name__
    if error.filename is not None:
        return f"{error.filename}: {what}"
    if error.errno is not None and getattr(error, "errno", None) in (28,):  # ENOSPC on standard output
        return f"standard output: {what}"
    return what


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as error:
        _silence_stdout()
        raise OSError(error.errno, error.strerror, "standard output") from None


def _silence_stdout() -> None:
    """After a broken pipe or a full disk, Python's own flush at exit must not print a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _silence_stdout_if_broken(error: OSError) -> None:
    if error.filename == "standard output":
        _silence_stdout()


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _install_sigterm() -> object:
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (the command run from a test's thread)
        return None


def _restore_sigterm(previous: object) -> None:
    if previous is not None:
        with contextlib.suppress(ValueError, TypeError):
            signal.signal(signal.SIGTERM, previous)  # type: ignore[arg-type]


def _write_log(command: str) -> str:
    """The traceback in a log file (PARADIPLOMACY_LOG_DIR, else the temporary folder); its path."""
    folder = Path(os.environ.get("PARADIPLOMACY_LOG_DIR") or tempfile.gettempdir())
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    text = f"paradiplomacy {command} {' '.join(sys.argv[1:])}\n{traceback.format_exc()}"
    try:
        handle, name = tempfile.mkstemp(prefix=f"paradiplomacy-{stamp}-", suffix=".log", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as stream:
            stream.write(text)
        return name
    except OSError:
        return "(no log: the temporary folder is not writable)"
