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
from typing import NoReturn

from paradiplomacy import __version__, commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paradiplomacy",
        description="Validate, build and score the paradiplomacy corpus.",
    )
    parser.add_argument("--version", action="version", version=f"paradiplomacy {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_HintingParser
    )
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        importlib.import_module(f"{commands.__name__}.{module_info.name}").register(subparsers)
    return parser


class _HintingParser(argparse.ArgumentParser):
    """A subcommand's parser whose usage errors add a hint for the commonest slip: a file without its flag."""

    given: Sequence[str] = ()

    def error(self, message: str) -> NoReturn:
        files = [
            item
            for index, item in enumerate(self.given)
            if item.endswith((".jsonl", ".json"))
            and not item.startswith("-")
            and (index == 0 or not self.given[index - 1].startswith("-"))
        ]
        if files and "--predictions" in self.format_usage() and "did you mean" not in message:
            message += f" (did you mean --predictions {files[0]}?)"
        super().error(message)


def main(argv: Sequence[str] | None = None) -> int:
    from paradiplomacy.guard import guarded

    _readable_errors()
    parser = build_parser()
    _HintingParser.given = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)  # exits 2 on usage errors
    return guarded(args.command, lambda: int(args.handler(args)))


def _readable_errors() -> None:
    """A message holding a character the terminal cannot show is escaped, never a UnicodeEncodeError;
    a file name that is not UTF-8 is written to standard output as the bytes it has on disk."""
    for stream, errors in ((sys.stderr, "backslashreplace"), (sys.stdout, "surrogateescape")):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            reconfigure(errors=errors)


if __name__ == "__main__":
    sys.exit(main())
