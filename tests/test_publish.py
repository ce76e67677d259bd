"""`paradiplomacy publish`: only the dry run is tested (no network); a stale folder is refused."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from test_dataset_corpus import source_corpus

from paradiplomacy.cli import main
from paradiplomacy.dataset import CARD_FILE
from paradiplomacy.dataset.build import Sources, build_files, write


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("publish")
    annotations, seeds = source_corpus(root)
    write(build_files(Sources(annotations, seeds)), root / "dataset")
    return annotations, seeds, root / "dataset"


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def _publish(built: tuple[Path, Path, Path], *extra: str) -> list[str]:
    annotations, seeds, dataset = built
    return [
        "publish",
        "--annotations",
        str(annotations),
        "--seeds",
        str(seeds),
        "--dataset",
        str(dataset),
        *extra,
    ]


def test_dry_run_lists_every_file_with_size_and_sha256(built, capsys) -> None:
    assert main(_publish(built, "--repo-id", "paradiplomacy/paradiplomacy", "--dry-run")) == 0
    out = capsys.readouterr().out
    dataset = built[2]
    files = sorted(p for p in dataset.rglob("*") if p.is_file() and not p.name.startswith("."))
    for path in files:
        data = path.read_bytes()
        line = f"{hashlib.sha256(data).hexdigest()}  "
        assert any(
            row.startswith(line) and row.split()[1:] == [str(len(data)), path.relative_to(dataset).as_posix()]
            for row in out.splitlines()
        ), path
    assert f"{len(files)} files" in out
    assert "nothing uploaded" in out


def test_stale_dataset_is_refused(built, tmp_path: Path, capsys) -> None:
    annotations, seeds, dataset = built
    copy = tmp_path / "dataset"
    write(
        {p.relative_to(dataset).as_posix(): p.read_bytes() for p in dataset.rglob("*") if p.is_file()}, copy
    )
    (copy / CARD_FILE).write_text("hand-edited\n", encoding="utf-8")
    args = _publish((annotations, seeds, copy), "--repo-id", "org/name", "--dry-run")
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "out of date, refusing to publish" in err
    assert f"{copy / CARD_FILE}: stale" in err


@pytest.mark.parametrize("repo_id", ["no-slash", "a/b/c", "org/"])
def test_malformed_repo_id_is_refused(built, repo_id: str, capsys) -> None:
    assert main(_publish(built, "--repo-id", repo_id, "--dry-run")) == 1
    assert "expected ORG/NAME" in capsys.readouterr().err
    assert os.environ["HF_HUB_OFFLINE"] == "1"
