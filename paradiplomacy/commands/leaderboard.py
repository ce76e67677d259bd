"""`paradiplomacy leaderboard`: score shipped extractors into eval/results/, render eval/LEADERBOARD.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "leaderboard",
        help="score the shipped extractors and render eval/LEADERBOARD.md",
        description="Run every shipped extractor over the gold, write eval/results/<name>.json, and render "
        "eval/LEADERBOARD.md from every results file in eval/results/, one table per signature. "
        "`leaderboard add RESULTS.json` checks a user's results (signature, gold) and adds their row.",
    )
    parser.add_argument("action", nargs="?", choices=["add"], help="add: add a results file's row")
    parser.add_argument("results", nargs="?", type=Path, metavar="RESULTS.json", help="for add: the results")
    parser.add_argument(
        "--name", help="for add: the results file's name in eval/results/ (default: its system)"
    )
    parser.add_argument(
        "--eval",
        type=Path,
        default=None,
        metavar="DIR",
        help="the eval folder (default: ./eval, which must exist; a folder given here is created)",
    )
    parser.add_argument(
        "--corpus", type=Path, default=None, metavar="DIR", help="annotation folder (default: shipped gold)"
    )
    parser.add_argument("--check", action="store_true", help="re-run and compare; exit 1 naming a stale file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.errors import InputError
    from paradiplomacy.extractors.leaderboard import LEADERBOARD, add, fresh_files
    from paradiplomacy.safeio import ensure_folder, write_text

    if args.eval is None:
        args.eval = Path("eval")
        if not args.eval.is_dir():
            raise InputError(
                "eval: no such folder here; run from the project's checkout, or give --eval DIR to write "
                "the results and leaderboard there"
            )
    if args.action == "add":
        if args.results is None:
            print("paradiplomacy leaderboard: error: add needs a RESULTS.json file", file=sys.stderr)
            return 2
        target = add(args.results, args.eval, args.corpus, args.name)
        print(f"{target}: added", file=sys.stderr)

    files = fresh_files(args.eval, args.corpus)
    state = {path: _state(path, text) for path, text in files.items()}
    stale = [path for path, what in state.items() if what]
    if args.check:
        for path in stale:
            print(f"{path}: {state[path]}; run `paradiplomacy leaderboard`", file=sys.stderr)
        if not stale:
            print(f"{args.eval / LEADERBOARD}: up to date")
        return 1 if stale else 0
    for path in stale:
        ensure_folder(path.parent, what="leaderboard")
        write_text(path, files[path], what="leaderboard file")
        print(f"{path}: {'written' if state[path] == 'missing' else 'updated'}", file=sys.stderr)
    return 0


def _state(path: Path, text: str) -> str:
    """'' when current, else 'missing' or 'stale'."""
    if not path.is_file():
        return "missing"
    try:
        return "" if path.read_text(encoding="utf-8") == text else "stale"
    except (OSError, UnicodeDecodeError):
        return "stale"
