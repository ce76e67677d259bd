"""`paradiplomacy compare`: a paired permutation test between two results files on the same gold."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="paired permutation test between two results files",
        description="For each headline metric: B minus A and a two-sided paired permutation test over "
        "documents (exact up to 20 documents, else seeded Monte Carlo). Both must be on the same gold.",
    )
    parser.add_argument("a", type=Path, metavar="A.json", help="results of system A")
    parser.add_argument("b", type=Path, metavar="B.json", help="results of system B")
    from paradiplomacy.limits import resamples_count, seed_value

    parser.add_argument(
        "--resamples", type=resamples_count, default=10_000, help="Monte Carlo resamples above 20 documents"
    )
    parser.add_argument("--seed", type=seed_value, default=12345, help="Monte Carlo seed above 20 documents")
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    parser.add_argument(
        "--by",
        action="append",
        choices=("language", "label"),
        default=[],
        help="also compare within each language's documents, or on each entity label's counts (repeatable)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.scoring import compare_groups
    from paradiplomacy.scoring.report import comparison_json, comparison_markdown, comparison_table
    from paradiplomacy.scoring.results import read
    from paradiplomacy.scoring.uncertainty import compare_results

    a, b = read(args.a), read(args.b)
    comparison = compare_results(
        a, b, names=(str(args.a), str(args.b)), resamples=args.resamples, seed=args.seed
    )
    if "language" in args.by:
        comparison["by_language"] = compare_groups.by_language(a, b, resamples=args.resamples, seed=args.seed)
    if "label" in args.by:
        comparison["by_label"] = compare_groups.by_label(a, b, resamples=args.resamples, seed=args.seed)
        if not comparison["by_label"]:
            print(
                "warning: no per-label counts in these results (written before they existed); "
                "re-run `paradiplomacy evaluate` to compare by label",
                file=sys.stderr,
            )
    render = {"table": comparison_table, "markdown": comparison_markdown, "json": comparison_json}[
        args.format
    ]
    sys.stdout.write(render(comparison))
    return 0
