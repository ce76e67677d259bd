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
from paradiplomacy.errors import InputError


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
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    try:
        return int(args.handler(args))
    except InputError as error:
        print(f"paradiplomacy {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
