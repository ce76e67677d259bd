"""`paradiplomacy agree`: inter-annotator agreement between two annotation folders over the same documents."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from paradiplomacy.commands.evaluate import add_output_arguments

    parser = subparsers.add_parser(
        "agree",
        help="inter-annotator agreement between two annotation folders",
        description="Score DIR_B against DIR_A with every evaluate metric, Cohen's kappa for sectors and "
        "agreement types, and agreement on every attribute (mention labels, canonical names, GPE and DATE "
        "values, belongs_to; agreements paired by shared evidence, then type, status, parties, signatories, "
        "date, sectors, evidence; document sectors), each with a bootstrap interval over documents. "
        "`--output annotations/agreement.json` writes the published agreement.",
    )
    parser.add_argument("dir_a", type=Path, metavar="DIR_A", help="reference annotation folder")
    parser.add_argument("dir_b", type=Path, metavar="DIR_B", help="the other annotation folder")
    parser.add_argument("--seeds", type=Path, help="folder of seed texts (default: ../seeds from DIR_A)")
    add_output_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.commands.evaluate import emit, load_gold
    from paradiplomacy.scoring.agreement import agree

    reference = load_gold(args.dir_a, args.seeds)
    other = load_gold(args.dir_b, args.seeds)
    results = agree(
        reference,
        other,
        names=(_name(args.dir_a), _name(args.dir_b)),
        bootstrap=args.bootstrap,
        seed=args.seed,
    )
    emit(results, args)
    if args.format != "json":
        from paradiplomacy.agreement_report import attribute_text, render_attributes

        attributes = results["agreement"]["attributes"]
        text = attribute_text(attributes) if args.format == "table" else render_attributes(attributes) + "\n"
        print(f"\nEvery attribute ({args.dir_b.as_posix()} against {args.dir_a.as_posix()}):\n")
        print(text, end="")
    return 0


def _name(path: Path) -> str:
    """Folder names as recorded: relative paths as given, so the published file names no home folder."""
    return path.as_posix()
