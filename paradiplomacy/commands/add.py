"""`paradiplomacy add PAGE.html|TEXT.txt`: a new article in seeds/, with its provenance."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

_EPILOG = """\
The page's text is extracted with trafilatura (a .txt is taken as it is), its language identified with
py3langid, repeated paragraphs flagged (asked about on a terminal; otherwise say --keep-repeats or
--drop-repeats), and an article already in the corpus refused. The doc id is NNN_ and the first 16 hex
digits of the text's sha256. Writes seeds/DOC_ID.txt (never over an existing file) and its entry in
seeds/provenance.json; nothing at all when a check fails.
Next: paradiplomacy preannotate DOC_ID --extractor rules
Exit status: 0 added, 1 refused (the reason names the file), 2 usage error."""


def register(subparsers: argparse._SubParsersAction) -> None:
    from paradiplomacy.contrib.repository import repository_option

    parser = subparsers.add_parser(
        "add",
        help="add an article from a saved web page (or a text file) to seeds/",
        description="Add an article to the corpus: text, doc id and provenance.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "page", type=Path, metavar="PAGE.html|TEXT.txt", help="a saved page or the article text"
    )
    parser.add_argument("--url", help="where the article was published")
    parser.add_argument("--outlet", metavar="NAME", help="the publisher (default: the page's site name)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="publication date (default: the page's own)")
    parser.add_argument("--title", help="headline (default: the page's title)")
    parser.add_argument("--retrieved", metavar="YYYY-MM-DD", help="when the page was saved (default: today)")
    parser.add_argument("--language", metavar="LANG", help="override the identified language (en, de, ru)")
    parser.add_argument("--doc-id", metavar="DOC_ID", help="use this doc id instead of the next free one")
    parser.add_argument("--notes", help="a note for the provenance entry")
    repeats = parser.add_mutually_exclusive_group()
    repeats.add_argument(
        "--keep-repeats", dest="repeats", action="store_const", const="keep", help="keep repeated paragraphs"
    )
    repeats.add_argument(
        "--drop-repeats", dest="repeats", action="store_const", const="drop", help="drop repeated paragraphs"
    )
    repository_option(parser)
    parser.set_defaults(handler=run, repeats=None)


def _ask(lines: list[str]) -> bool:
    print("\n".join(["Repeated paragraphs:", *lines]), file=sys.stderr)
    print("Keep them as published? [y/N] ", end="", file=sys.stderr, flush=True)  # stdout carries the doc id
    answer = sys.stdin.readline().strip().casefold()
    return answer in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    from paradiplomacy.contrib.add import Request, add
    from paradiplomacy.contrib.repository import Repository

    request = Request(
        page=args.page,
        url=args.url,
        outlet=args.outlet,
        published=args.date,
        title=args.title,
        retrieved=args.retrieved,
        language=args.language,
        repeats=args.repeats,
        doc_id=args.doc_id,
        notes=args.notes,
    )
    interactive = sys.stdin.isatty() and sys.stderr.isatty()
    added = add(request, Repository(args.root), _ask if interactive else None)
    for message in added.messages:
        print(f"note: {message}", file=sys.stderr)
    print(
        f"{added.seed}: written ({len(added.seed.read_bytes())} bytes, sha256 {added.entry['sha256']})",
        file=sys.stderr,
    )
    print(f"next: paradiplomacy preannotate {added.doc_id} --extractor rules", file=sys.stderr)
    print(added.doc_id)
    return 0
