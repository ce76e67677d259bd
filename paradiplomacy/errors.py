"""Errors the command line turns into one clear message and exit status 1 (2 for usage), never a traceback."""

from __future__ import annotations


class InputError(Exception):
    """Bad input from a user: a file, a line or a value. The message names where and what."""


class UsageError(InputError):
    """A bad option value or environment setting: exit status 2, like argparse's own usage errors."""
