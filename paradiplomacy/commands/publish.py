"""`paradiplomacy publish`: upload the built dataset folder to the Hugging Face Hub, or list it (dry run)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="upload dataset/ to the Hugging Face Hub",
        description="Upload the dataset folder to a Hub dataset repository once a check shows it is current.",
    )
    parser.add_argument("--repo-id", required=True, help="Hub dataset repository, ORG/NAME")
    parser.add_argument(
        "--dry-run", action="store_true", help="list the files with sizes and sha256; upload nothing"
    )
    parser.add_argument("--token", default=None, help="Hub token (default: HF_TOKEN or the cached login)")
    parser.add_argument("--private", action="store_true", help="create the repository as private")
    parser.add_argument("--dataset", type=Path, default=Path("dataset"), help="built dataset folder")
    parser.add_argument("--annotations", type=Path, default=Path("annotations"), help="gold, for the check")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="seeds, for the check")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.dataset.build import Sources, check
    from paradiplomacy.dataset.publish import check_repo_id, listing, render_listing, upload
    from paradiplomacy.errors import InputError

    repo_id = check_repo_id(args.repo_id)
    stale = check(Sources(annotations=args.annotations, seeds=args.seeds), args.dataset)
    if stale:
        raise InputError(
            "\n".join(
                [f"{args.dataset}: out of date, refusing to publish; run `paradiplomacy build`", *stale]
            )
        )
    print(render_listing(listing(args.dataset)), end="")
    if args.dry_run:
        print(f"dry run: nothing uploaded to {repo_id}")
        return 0
    print(f"uploaded to {upload(args.dataset, repo_id, args.token, args.private)}")
    return 0
