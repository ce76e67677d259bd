"""A content-addressed record of every request and answer, so a run can be replayed offline and re-scored.

The key is the SHA-256 of the request's identity: the model name, the prompt id (a hash of the system prompt
and the answer schema), the document (a hash of its doc_id, language and text) and the settings that change
the answer (temperature, seed, max_tokens, the requested answer format). The server's address and the API
key are not part of it, so a committed cache replays anywhere. Each entry is one JSON file,
`<folder>/<key[:2]>/<key>.json`, written atomically (a temporary file, then a rename), holding the request,
the server's complete answer, latency, retries and the answer format the server accepted.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from paradiplomacy.errors import InputError

FORMAT = "paradiplomacy-llm-cache/1"


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paradiplomacy" / "llm"


def document_hash(document: dict[str, str]) -> str:
    material = json.dumps([document["doc_id"], document["language"], document["text"]], ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()


def request_key(identity: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(identity, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, identity: dict[str, Any]) -> dict[str, Any] | None:
        """The entry for `key`, or None; an unreadable entry, or one for another request, is an error."""
        from paradiplomacy import limits
        from paradiplomacy.safeio import read_bytes

        path = self.path(key)
        if not path.exists():
            return None
        try:
            entry = json.loads(read_bytes(path, limits.FILE_BYTES.value, what="cache entry").decode("utf-8"))
        except (InputError, ValueError, RecursionError) as error:
            raise InputError(f"{path}: unreadable cache entry ({error}); delete it to ask again") from None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("identity") != identity:
            raise InputError(f"{path}: cache entry is not the one for this request; delete it to ask again")
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> Path:
        from paradiplomacy.safeio import write_text  # atomic, fsync'ed; surrogates write nothing

        path = self.path(key)
        text = json.dumps({"format": FORMAT, **entry}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_text(path, text, what="LLM cache entry (see cache=)")
        return path
