"""`paradiplomacy add`: a saved page (or a text) becomes seeds/<doc_id>.txt and its provenance entry.

Order of checks, all before anything is written: the page has article text; the language is one the corpus
covers; repeated paragraphs are kept or dropped as the contributor decides; the article is not already in the
corpus; the doc id is free. Then the seed is created (never over an existing file) and the provenance file is
replaced atomically; if that fails, the seed just created is removed again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paradiplomacy.contrib import docids
from paradiplomacy.contrib.duplicates import find_duplicate
from paradiplomacy.contrib.files import create_new, json_text
from paradiplomacy.contrib.language import covered, identify
from paradiplomacy.contrib.page import read_page
from paradiplomacy.contrib.repeats import describe, drop_repeats, find_repeats
from paradiplomacy.contrib.repository import Repository
from paradiplomacy.errors import InputError
from paradiplomacy.safeio import write_bytes
from paradiplomacy.validation.dates import date_problem

# What to do with repeated paragraphs: "keep", "drop", or None to ask (refused where nobody can answer).
Ask = Callable[[list[str]], bool]
_ISO_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|--[0-9]{2}(?:-[0-9]{2})?")


@dataclass(frozen=True)
class Request:
    page: Path
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    retrieved: str | None = None
    language: str | None = None
    repeats: str | None = None
    doc_id: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Added:
    doc_id: str
    seed: Path
    entry: dict[str, Any]
    messages: list[str]


def _check_date(value: str | None, option: str) -> None:
    if value is None:
        return
    if not _ISO_DATE.fullmatch(value) or date_problem(value):
        raise InputError(f"{option} {value!r}: expected an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")


def _language(request: Request, text: str) -> tuple[str, str]:
    languages = covered()
    found = identify(text)
    if request.language:
        if request.language not in languages:
            raise InputError(f"--language {request.language}: the corpus covers {', '.join(languages)} only")
        return request.language, f"language {request.language} as given (identified: {found.language})"
    if found.language not in languages:
        raise InputError(
            f"{request.page}: the article is in {found.language!r} "
            f"(py3langid, p={found.probability:.2f}); the "
            f"corpus covers {', '.join(languages)} only. If the identification is wrong, give --language"
        )
    return found.language, f"language {found.language} (py3langid, p={found.probability:.2f})"


def _repeats(request: Request, text: str, ask: Ask | None) -> tuple[str, str | None, list[str]]:
    repeats = find_repeats(text)
    if not repeats:
        return text, None, []
    lines = describe(text, repeats)
    choice = request.repeats
    if choice is None:
        if ask is None:
            raise InputError(
                "\n".join(
                    [
                        f"{request.page}: {len(repeats)} paragraphs repeat earlier ones:",
                        *lines,
                        "rerun with --keep-repeats (store the text as published) or --drop-repeats",
                    ]
                )
            )
        choice = "keep" if ask(lines) else "drop"
    if choice == "drop":
        return drop_repeats(text, repeats), "dropped", lines
    return text, "kept", lines


def prepare(
    request: Request, repository: Repository, ask: Ask | None
) -> tuple[str, str, dict[str, Any], list[str]]:
    """Everything `add` will write, checked; raises InputError before any write."""
    _check_date(request.published, "--date")
    _check_date(request.retrieved, "--retrieved")
    page = read_page(request.page)
    text, repeated, repeat_lines = _repeats(request, page.text, ask)
    language, language_note = _language(request, text)
    duplicate = find_duplicate(text, repository.seeds)
    if duplicate is not None:
        raise InputError(
            f"{request.page}: already in the corpus as {duplicate.path} ({duplicate.similarity:.0%} of the "
            "text's word 5-grams shared); nothing was written"
        )
    provenance = repository.provenance()
    documents = provenance["documents"]
    existing = {p.stem for p in repository.seeds.glob("*.txt")} | set(documents)
    if repository.annotations.is_dir():
        existing |= {p.stem for p in repository.annotations.glob("*.json")}
    doc_id = request.doc_id or docids.new_doc_id(text, existing)
    if not docids.DOC_ID.match(doc_id):
        raise InputError(
            f"--doc-id {doc_id!r}: doc ids are NNN_ and 16 lowercase hex digits (like 005_0123456789abcdef)"
        )
    if doc_id in existing:
        taken = (
            repository.seed_file(doc_id)
            if repository.seed_file(doc_id).exists()
            else repository.provenance_file
        )
        raise InputError(f"{doc_id}: doc id already taken ({taken}); nothing was written")
    data = text.encode("utf-8")
    entry: dict[str, Any] = {
        "file": f"{doc_id}.txt",
        "sha256": hashlib.sha256(data).hexdigest(),
        "language": language,
        "outlet": request.outlet or page.outlet,
        "published": request.published or page.date,
        "title": request.title or page.title,
        "url": request.url or page.url,
        "retrieved": request.retrieved or dt.datetime.now(dt.timezone.utc).date().isoformat(),
        "extraction": {
            "tool": page.tool,
            "version": page.version,
            "source": request.page.name,
            "language": language_note,
        },
    }
    if repeated:
        entry["extraction"]["repeated_paragraphs"] = f"{len(repeat_lines)} {repeated}"
    if request.notes:
        entry["notes"] = request.notes
    page_date = entry["published"] if request.published is None else None
    if page_date is not None and (not _ISO_DATE.fullmatch(page_date) or date_problem(page_date)):
        entry["published"] = None  # the page's own date is a guess; a malformed one is left for --date
    messages = [language_note, *(f"{line} ({repeated})" for line in repeat_lines)]
    return doc_id, text, entry, messages


def add(request: Request, repository: Repository, ask: Ask | None = None) -> Added:
    repository.require()
    doc_id, text, entry, messages = prepare(request, repository, ask)
    provenance = repository.provenance()
    provenance["documents"][doc_id] = entry
    seed = repository.seed_file(doc_id)
    create_new(seed, text.encode("utf-8"))
    try:
        write_bytes(repository.provenance_file, json_text(provenance).encode("utf-8"), what="provenance")
    except BaseException:
        with contextlib.suppress(OSError):
            seed.unlink()  # we created it a moment ago; nothing else refers to it
        raise
    return Added(doc_id, seed, entry, messages)
