"""Errors that the command line turns into one clear message and exit status 1, never a traceback."""

from __future__ import annotations


class InputError(Exception):
    """Bad input from a user: a file, a line or a value. The message names where and what."""
