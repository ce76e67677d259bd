"""The `paradiplomacy` command. Each module in `paradiplomacy.commands` contributes one subcommand.

A command module defines `register(subparsers)`, which adds its parser and sets `handler` to a function
taking the parsed arguments and returning the exit status. Heavy imports stay inside handlers so that
`paradiplomacy --help` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from paradiplomacy import __version__, commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paradiplomacy",
        description="Validate, build and score the paradiplomacy corpus.",
    )
    parser.add_argument("--version", action="version", version=f"paradiplomacy {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        importlib.import_module(f"{commands.__name__}.{module_info.name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from paradiplomacy.guard import guarded

    _readable_errors()
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    return guarded(args.command, lambda: int(args.handler(args)))


def _readable_errors() -> None:
    """A message holding a character the terminal cannot show is escaped, never a UnicodeEncodeError."""
    reconfigure = getattr(sys.stderr, "reconfigure", None)
    if callable(reconfigure):
        reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    sys.exit(main())
