"""An annotation's tie to its seed: the doc_id names the file, the file is the one that was annotated.

Provenance files are read once per run; the most recent seed texts are kept (annotation files of one seed,
such as two annotation passes, are usually checked one after the other), so memory stays flat in the
corpus size.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paradiplomacy.corpus import PROVENANCE_FILE, default_seeds_dir
from paradiplomacy.errors import InputError
from paradiplomacy.problems import Problem
from paradiplomacy.validation.findings import Finding, show
from paradiplomacy.validation.jsontext import FormatError, decode_utf8, parse_json
from paradiplomacy.validation.provenance import Recorded, compact, read_recorded

_LEVEL = "consistency"
_SHA256 = re.compile(r"[0-9a-f]{64}")
SEEDS_KEPT = 64


@dataclass(frozen=True)
class Seed:
    text: str
    sha256: str


def display(path: Path) -> str:
    """A path as short as is still unambiguous: relative to the current folder when below it."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


class SeedStore:
    """Seeds and provenance for one validation run; `folder` overrides where seeds are looked for."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._seeds: OrderedDict[Path, Seed | str] = OrderedDict()
        self._provenance: dict[Path, dict[str, Recorded]] = {}
        self.problems: list[Problem] = []  # problems of the provenance files themselves
        self._folders: dict[str, Path] = {}  # annotation folder -> its seeds folder
        self._real_folders: dict[str, str] = {}  # seeds folder -> os.path.realpath of it

    def folder_for(self, annotation_file: Path) -> Path:
        if self.folder is not None:
            return self.folder
        parent = os.path.dirname(os.path.abspath(annotation_file))
        if parent not in self._folders:  # one look per annotation folder, not per file
            self._folders[parent] = default_seeds_dir(Path(parent))
        return self._folders[parent]

    def inside(self, folder: Path, name: str) -> bool:
        """Whether `folder / name` resolves (symlinks followed) to a file directly in `folder`.

        The same answer as comparing `os.path.realpath` of the two, with one `lstat` per file instead of one
        per folder on its path: a name without a separator lies in the resolved folder unless it is a symlink.
        """
        key = str(folder)
        real = self._real_folders.get(key)
        if real is None:
            real = self._real_folders[key] = os.path.realpath(folder)
        if "/" not in name and os.sep == "/" and name not in (".", ".."):
            try:
                plain = not stat.S_ISLNK(os.lstat(os.path.join(real, name)).st_mode)
            except OSError:
                plain = True  # realpath keeps a name it cannot look at as it is
            if plain:
                return True
        return Path(os.path.realpath(folder / name)).parent == Path(real)

    def seed(self, path: Path) -> Seed | str:
        """The seed at `path`, or why it cannot be used."""
        if path in self._seeds:
            self._seeds.move_to_end(path)
            return self._seeds[path]
        seed = self._seeds[path] = _read_seed(path)
        if len(self._seeds) > SEEDS_KEPT:
            self._seeds.popitem(last=False)
        return seed

    def provenance(self, folder: Path) -> dict[str, Recorded]:
        if folder not in self._provenance:
            documents, problems = _read_provenance(folder / PROVENANCE_FILE)
            self._provenance[folder] = documents
            self.problems.extend(problems)
        return self._provenance[folder]


def _read_seed(path: Path) -> Seed | str:
    from paradiplomacy import limits
    from paradiplomacy.safeio import read_bytes

    try:
        data = read_bytes(path, limits.FILE_BYTES.value, what="seed file", option=limits.FILE_BYTES.env)
    except InputError as error:
        if not path.exists():  # asked only now: most seeds exist, and reading them says so
            return f"{display(path)} does not exist"
        return f"{display(path)}{str(error).removeprefix(str(path))}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"{display(path)} is not UTF-8 (byte {error.start})"
    return Seed(text, hashlib.sha256(data).hexdigest())


def _bounded(path: Path) -> bytes:
    from paradiplomacy import limits
    from paradiplomacy.safeio import read_bytes

    return read_bytes(path, limits.FILE_BYTES.value, what="provenance file", option=limits.FILE_BYTES.env)


def _read_provenance(path: Path) -> tuple[dict[str, Recorded], list[Problem]]:
    """The recorded facts of each document, read in bounded memory; a file that has a problem is read
    whole by the strict reader, which words the problem (see `provenance`)."""
    from paradiplomacy import limits

    if not path.is_file():
        return {}, []
    found = read_recorded(path, limits.FILE_BYTES.value)
    if found is not None:
        return found, []
    shown = display(path)
    try:
        value, _ = parse_json(decode_utf8(_bounded(path)))
    except FormatError as error:
        return {}, [Problem(shown, error.location, "format", error.message)]
    except InputError as error:
        return {}, [Problem(shown, "", "format", str(error).removeprefix(f"{path}: "))]
    documents = value.get("documents") if isinstance(value, dict) else None
    if not isinstance(documents, dict):
        return {}, [Problem(shown, "/documents", "schema", "expected an object of documents keyed by doc_id")]
    return compact(documents), []


def seed_findings(
    record: dict[str, Any], annotation_file: Path, store: SeedStore
) -> tuple[list[Finding], str | None]:
    """Findings about doc_id, seed and provenance, and the seed text when it can be trusted for offsets."""
    doc_id = record.get("doc_id")
    if not isinstance(doc_id, str):
        return [], None  # the schema has said so
    findings = []
    if doc_id != annotation_file.stem:
        findings.append(
            Finding(_LEVEL, "/doc_id", f"{doc_id!r} differs from the file name {annotation_file.name!r}")
        )
    if "\0" in doc_id:
        return findings, None  # no file name holds a NUL; the schema's pattern has said the doc_id is bad
    folder = store.folder_for(annotation_file)
    name = f"{doc_id}.txt"
    path = folder / name
    if not store.inside(folder, name):
        findings.append(
            Finding(_LEVEL, "/doc_id", f"{doc_id!r} names a file outside the seeds folder {display(folder)}")
        )
        return findings, None
    seed = store.seed(path)
    if isinstance(seed, str):
        findings.append(Finding(_LEVEL, "/doc_id", f"{doc_id!r} names no usable seed: {seed}"))
        return findings, None
    findings.extend(_hash_findings(record, seed, path))
    findings.extend(_provenance_findings(record, doc_id, seed, store.provenance(folder), folder))
    return findings, seed.text


def _hash_findings(record: dict[str, Any], seed: Seed, path: Path) -> list[Finding]:
    recorded = record.get("seed_sha256")
    if not isinstance(recorded, str) or not _SHA256.fullmatch(recorded) or recorded == seed.sha256:
        return []
    message = f"{display(path)} has sha256 {seed.sha256}, not the recorded {recorded}: the seed changed"
    return [Finding(_LEVEL, "/seed_sha256", message)]


def _provenance_findings(
    record: dict[str, Any], doc_id: str, seed: Seed, documents: dict[str, Recorded], folder: Path
) -> list[Finding]:
    entry = documents.get(doc_id)
    if entry is None:
        return []  # no entry, or one that is not an object
    findings = []
    recorded = entry.sha256_text()
    if recorded is not None and recorded != seed.sha256:
        source = display(folder / PROVENANCE_FILE)
        message = f"the seed's sha256 is {seed.sha256}, but {source} records {recorded} for {doc_id!r}"
        findings.append(Finding(_LEVEL, "/doc_id", message))
    language, expected = record.get("language"), entry.language
    if isinstance(language, str) and isinstance(expected, str) and language != expected:
        source = display(folder / PROVENANCE_FILE)
        message = f"{show(language)} differs from the language {show(expected)} that {source} records"
        findings.append(Finding(_LEVEL, "/language", message))
    return findings
