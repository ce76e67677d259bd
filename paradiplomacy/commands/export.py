"""`paradiplomacy export FORMAT`: the corpus for annotation tools (Label Studio) and for model training.

`labelstudio` writes config.xml and tasks.json (gold and drafts as pre-annotations); `spacy` a DocBin,
`conll` the BIO token view, `brat` standoff .txt/.ann pairs. The training formats read only the gold, and only
a valid corpus without drafts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = {
    "labelstudio": "Label Studio labeling config (config.xml) and tasks (tasks.json) into --out DIR",
    "spacy": "spaCy DocBin (.spacy): entities as doc.ents, sectors as doc.cats, into --out FILE",
    "conll": "CoNLL BIO: token, start, end, tag per line, one block per paragraph, into --out FILE",
    "brat": "brat standoff: DOC_ID.txt and DOC_ID.ann per document and annotation.conf, into --out DIR",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    from paradiplomacy.contrib.repository import repository_option

    parser = subparsers.add_parser(
        "export",
        help="write the corpus for Label Studio or for training (spaCy, CoNLL, brat)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    formats = parser.add_subparsers(dest="format", required=True, metavar="FORMAT")
    for name, help_text in FORMATS.items():
        sub = formats.add_parser(name, help=help_text, description=help_text)
        repository_option(sub, default=None)
        sub.add_argument("--out", type=Path, required=True, metavar="PATH", help="where to write")
        if name == "labelstudio":
            sub.add_argument(
                "doc_ids", nargs="*", metavar="DOC_ID", help="only these documents (default: every seed)"
            )
        sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.contrib.repository import Repository

    root = args.root
    if root is None:  # the checkout here, else the gold shipped inside the package
        from paradiplomacy.resources import data_root

        root = Path(".") if Path("seeds").is_dir() else data_root()
    repository = Repository(root).require()
    if args.format == "labelstudio":
        from paradiplomacy.labelstudio.roundtrip import write_export

        for path in write_export(repository, args.out, args.doc_ids):
            print(f"{path}: written", file=sys.stderr)
        return 0
    from paradiplomacy.exports import write_training

    for line in write_training(args.format, repository, args.out):
        print(line, file=sys.stderr)
    return 0
