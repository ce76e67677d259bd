"""Uploading the built folder to the Hugging Face Hub, and the listing a dry run shows instead."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from paradiplomacy.dataset.build import existing_files
from paradiplomacy.errors import InputError

_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Listed:
    path: str
    size: int
    sha256: str


def check_repo_id(repo_id: str) -> str:
    if not _REPO_ID.fullmatch(repo_id):
        raise InputError(f"--repo-id {repo_id!r}: expected ORG/NAME (letters, digits, '.', '_', '-')")
    return repo_id


def listing(folder: Path) -> list[Listed]:
    """The files an upload sends, in path order (dot-files excluded, as the build ignores them)."""
    files = sorted(existing_files(folder))
    if not files:
        raise InputError(f"{folder}: no dataset to publish; run `paradiplomacy build`")
    return [
        Listed(p, (folder / p).stat().st_size, hashlib.sha256((folder / p).read_bytes()).hexdigest())
        for p in files
    ]


def render_listing(items: list[Listed]) -> str:
    width = max(len(str(item.size)) for item in items)
    lines = [f"{item.sha256}  {str(item.size).rjust(width)}  {item.path}" for item in items]
    lines.append(f"{len(items)} files, {sum(item.size for item in items)} bytes")
    return "\n".join(lines) + "\n"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else "no details"


def upload(folder: Path, repo_id: str, token: str | None, private: bool) -> str:
    """Creates the dataset repo if needed and uploads the folder in one commit; returns the commit URL."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    api = HfApi(token=token)
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        commit = api.upload_folder(
            folder_path=folder,
            repo_id=repo_id,
            repo_type="dataset",
            allow_patterns=[item.path for item in listing(folder)],
            commit_message="Upload dataset built by `paradiplomacy build`",
        )
    except HfHubHTTPError as error:
        raise InputError(f"{repo_id}: the Hub refused the upload: {_first_line(error)}") from None
    except Exception as error:  # no network, DNS, TLS, proxy: whatever the HTTP client raises
        raise InputError(
            f"{repo_id}: cannot reach the Hugging Face Hub ({type(error).__name__}: {_first_line(error)}); "
            "check the network connection (or HF_ENDPOINT) and try again; nothing was uploaded"
        ) from None
    return str(commit.commit_url)
