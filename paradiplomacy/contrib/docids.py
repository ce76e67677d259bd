"""Doc ids by the seeds' scheme: a three-digit running number, '_', 16 lowercase hex digits.

The seeds' hex parts are not derivable from their texts (no sha256, sha1, md5 or blake2 of the bytes, nor of
common normalisations, gives them), so they are opaque. New articles take the first 16 hex digits of the
sha256 of the text's UTF-8 bytes: anyone can check the id against the file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

DOC_ID = re.compile(r"^([0-9]{3})_([0-9a-f]{16})$")
HEX_DIGITS = 16


def content_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HEX_DIGITS]


def next_number(existing: Iterable[str]) -> int:
    numbers = [int(m.group(1)) for m in map(DOC_ID.match, existing) if m]
    return max(numbers, default=-1) + 1


def new_doc_id(text: str, existing: Iterable[str]) -> str:
    return f"{next_number(existing):03d}_{content_hex(text)}"
