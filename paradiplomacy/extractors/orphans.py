"""Descendants that left the process group: found and ended too (Linux).

A program can detach a grandchild into a session of its own (`setsid`, a daemon's double fork); ending the
program's process group does not reach it. As a child subreaper (prctl PR_SET_CHILD_SUBREAPER), the harness
becomes the parent of every orphaned descendant instead of init, so after the program's group is ended any
new child of the harness that it did not start itself is such a grandchild: it is ended and reaped.
Only the command line turns this on (a library should not change its host process this way); elsewhere
these functions do nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time

_PR_SET_CHILD_SUBREAPER = 36
_enabled = False


def become_subreaper() -> bool:
    """Ask Linux to hand orphaned descendants to this process; False where that is not possible."""
    global _enabled
    if _enabled:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        _enabled = libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        _enabled = False
    return _enabled


def children() -> set[int]:
    """Process ids whose parent is this process (from /proc)."""
    me = os.getpid()
    found: set[int] = set()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stream:
                stat = stream.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == me:
            found.add(int(entry))
    return found


def end_orphans(known: set[int], grace: float) -> None:
    """End (TERM, then KILL after `grace`) and reap every child of ours not in `known`."""
    if not _enabled:
        return
    strays = children() - known
    if not strays:
        return
    for pid in strays:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while strays and time.monotonic() < deadline:
        strays = {pid for pid in strays if not _reaped(pid)}
        if strays:
            time.sleep(0.02)
    for pid in strays:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)


def _reaped(pid: int) -> bool:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == pid
