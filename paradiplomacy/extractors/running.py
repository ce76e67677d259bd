"""One run of an extractor or program over documents, with what the results record about it.

Results name the extractor, its `--extractor-args`, its own account of its settings (model, package versions),
what it attempts, and how long loading and running took. An extractor that declares its languages runs only
on documents in them: the others get no prediction (scored as empty, with a warning, unless `--languages`
leaves them out), and an English model never sees Russian text.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from paradiplomacy.predictions import Relabel


@dataclass
class Run:
    records: list[dict[str, Any]]  # as the extractor answered, in document order
    by_id: dict[str, dict[str, Any]]  # checked, with absent layers as empty lists
    extractor: dict[str, Any]
    attempts: dict[str, Any]
    timing: dict[str, Any]


def collect(args: Any, documents: Sequence[Any], relabel: Relabel | None = None) -> Run | None:
    """Run `--extractor` or `--command` over `documents`; None if neither was given."""
    from paradiplomacy import __version__
    from paradiplomacy.extractors.base import attempted, described, run_extractor
    from paradiplomacy.extractors.progress import Progress
    from paradiplomacy.predictions import check_predictions

    spec = getattr(args, "extractor", None)
    command = getattr(args, "external_command", None)
    if spec is None and command is None:
        return None
    if spec == "" or command == "":
        from paradiplomacy.errors import UsageError

        raise UsageError(f"--{'extractor' if spec == '' else 'command'}: empty; nothing to run")
    versions = {"paradiplomacy": __version__}  # the adapters' own packages are in their `settings`
    started = time.perf_counter()
    if spec:
        from paradiplomacy.extractors.registry import resolve

        extractor = resolve(spec, args.extractor_args)
        attempts = attempted(extractor)
        info = {"name": spec, "args": dict(args.extractor_args), "settings": described(extractor)}
        chosen = [
            d for d in documents if attempts["languages"] is None or d.language in attempts["languages"]
        ]
    else:
        attempts = attempted(None)
        info = {"name": str(command), "args": {}, "settings": {"timeout": args.timeout}}
        chosen = list(documents)
    loaded = time.perf_counter()
    progress = Progress(len(chosen), label=f"extractor {spec}" if spec else "command")
    try:
        timeout: float | None = getattr(args, "timeout", None)
        if spec and timeout is None:  # the leaderboard's own shipped systems: run in the harness
            records = run_extractor(extractor, chosen, source=f"extractor {spec}", advance=progress.advance)
        elif spec and timeout is not None:
            from paradiplomacy.extractors.contained import run_contained

            # In a worker process: --timeout holds, its stdout stays off ours (see `contained`).
            records = run_contained(
                extractor,
                chosen,
                source=f"extractor {spec}",
                timeout=timeout,
                advance=progress.advance,
            )
        else:
            from paradiplomacy.extractors.external import ExternalProgram
            from paradiplomacy.extractors.orphans import become_subreaper

            become_subreaper()  # a grandchild that leaves the program's group is still ours to end
            with ExternalProgram(str(command), timeout=args.timeout) as program:
                records = run_extractor(program, chosen, source=program.source, advance=progress.advance)
    finally:
        progress.close()
    finished = time.perf_counter()
    if relabel is not None:
        source = f"--extractor {spec}" if spec else f"--command {command!r}"
        records = [relabel(record, f"{source}: document {record.get('doc_id')}") for record in records]
    by_id = check_predictions(
        records, {d.doc_id: d for d in documents}, f"--extractor {spec}" if spec else f"--command {command!r}"
    )
    run_seconds = finished - loaded
    timing = {
        "load_seconds": loaded - started,
        "run_seconds": run_seconds,
        "documents": len(chosen),
        "docs_per_second": len(chosen) / run_seconds if run_seconds > 0 else None,
    }
    return Run(records, by_id, {**info, "versions": versions}, attempts, timing)
