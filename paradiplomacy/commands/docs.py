"""`paradiplomacy docs`: re-render the generated blocks of the annotation guidelines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "docs",
        help="re-render generated tables in annotations/GUIDELINES.md",
        description="Re-render the generated blocks (vocabulary tables, agreement) of the guidelines.",
    )
    parser.add_argument(
        "--annotations", type=Path, default=Path("annotations"), help="folder with GUIDELINES.md"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file is out of date; write nothing"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.errors import InputError
    from paradiplomacy.generated import fill
    from paradiplomacy.guidelines import GUIDELINES, renderers

    path = args.annotations / GUIDELINES
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    from paradiplomacy import limits
    from paradiplomacy.safeio import read_bytes

    raw = read_bytes(path, limits.FILE_BYTES.value, what="guidelines file", option=limits.FILE_BYTES.env)
    try:
        current = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start})") from None
    fresh = fill(current, renderers(args.annotations), source=str(path))
    if args.check:
        if fresh != current:
            print(f"{path}: generated blocks are out of date; run `paradiplomacy docs`", file=sys.stderr)
            return 1
        print(f"{path}: up to date")
        return 0
    if fresh != current:
        from paradiplomacy.safeio import write_text

        write_text(path, fresh, what="guidelines")
        print(f"{path}: updated")
    else:
        print(f"{path}: up to date")
    return 0
