"""`paradiplomacy build`: write the Hugging Face dataset folder, or check that it is current."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paradiplomacy.workers import add_workers_argument


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build dataset/ (parquet, card, Croissant) from seeds/ and annotations/",
        description="Build the Hugging Face dataset folder deterministically from the seeds and the gold.",
    )
    parser.add_argument(
        "--annotations", type=Path, default=Path("annotations"), help="gold annotation folder"
    )
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="seed texts and provenance.json")
    parser.add_argument("--out", type=Path, default=Path("dataset"), help="dataset folder to write")
    parser.add_argument(
        "--check", action="store_true", help="build into a temporary folder; exit 1 if --out differs"
    )
    add_workers_argument(parser, "validating the sources and making row groups")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.dataset.build import Sources, build_files, check, write

    sources = Sources(annotations=args.annotations, seeds=args.seeds, workers=args.workers)
    if args.check:
        problems = check(sources, args.out)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print(f"{args.out}: out of date; run `paradiplomacy build`", file=sys.stderr)
            return 1
        print(f"{args.out}: up to date")
        return 0
    files = build_files(sources)
    touched = write(files, args.out)
    for relative in touched:
        print(f"{args.out / relative}: {'written' if relative in files else 'removed'}")
    print(f"{args.out}: {len(files)} files, {'updated' if touched else 'already up to date'}")
    return 0
