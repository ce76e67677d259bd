"""Issue 11: nothing lost, no traceback, bounded resources, for every command.

Each case runs the real command (in-process through `cli.main`, or as a subprocess where a resource limit, a
signal or standard output matters) and checks three things: the exit status, one clear line naming the
file, and that nothing was lost (the previous output byte-identical, the checkout complete).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.errors import InputError
from paradiplomacy.predictions import read_predictions
from paradiplomacy.safeio import write_bytes, write_text

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "annotations"
SEEDS = REPO / "seeds"
RESULTS = REPO / "eval" / "results" / "rules.json"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def documents() -> dict[str, Any]:
    return {d.doc_id: d for d in load_corpus(GOLD, SEEDS)}


def first_doc() -> Any:
    return sorted(documents().values(), key=lambda d: d.doc_id)[0]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def subprocess_cli(*args: str, cwd: Path | None = None, preexec: Any = None, **env: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "paradiplomacy", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        preexec_fn=preexec,
        env={**os.environ, **env},
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def file_size_limit(limit: int) -> Any:
    """A full disk, simulated: the child may not write a file larger than `limit` bytes (RLIMIT_FSIZE)."""

    def apply() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


# ---------------------------------------------------------------- 1. every write is atomic


def test_atomic_write_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_text(target, "first\n")
    write_text(target, "second\n")
    assert target.read_text(encoding="utf-8") == "second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_unencodable_text_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"previous")
    with pytest.raises(InputError, match="lone surrogate"):
        write_text(target, "bad \ud800 text")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_write_into_a_path_under_a_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        write_bytes(tmp_path / "file" / "out.json", b"{}")


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder holding `results.json` ("previous") where nothing can be written, for root too.

    An ordinary user gets a folder without write permission. Root ignores permissions, so for root (as in CI)
    the folder is a small tmpfs remounted read-only: the kernel refuses the write (EROFS) whoever asks.
    """
    folder = tmp_path / "read-only"
    folder.mkdir()
    if not IS_ROOT:
        (folder / "results.json").write_text("previous\n")
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mount = shutil.which("mount")
    mounted = mount is not None and (
        subprocess.run([mount, "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], check=False).returncode
        == 0
    )
    if not mounted:
        reason = "root, and no tmpfs can be mounted here to make a folder read-only"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        (folder / "results.json").write_text("previous\n")
        subprocess.run([str(mount), "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_read_only_folder_keeps_the_old_file(
    read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = read_only_folder / "results.json"
    with pytest.raises(OSError):  # the fixture really refuses writes
        (read_only_folder / "probe").write_text("x")
    code, _, err = cli(
        capsys, "evaluate", "--extractor", "rules", "--bootstrap", "0", "--output", str(target)
    )
    assert code == 1 and str(target) in err
    assert target.read_text() == "previous\n"


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and /dev/full are Linux features here")
@pytest.mark.parametrize(
    "command",
    [
        ["evaluate", "--extractor", "rules", "--bootstrap", "10", "--output", "{out}"],
        ["predict", "--extractor", "rules", "--output", "{out}"],
        ["agree", str(GOLD), str(GOLD / "second_pass"), "--bootstrap", "0", "--output", "{out}"],
    ],
    ids=["evaluate", "predict", "agree"],
)
def test_full_disk_keeps_the_previous_file(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "out.json"
    previous = b"previous content that must survive\n"
    out.write_bytes(previous)
    args = [part.replace("{out}", str(out)) for part in command]
    done = subprocess_cli(*args, preexec=file_size_limit(1000))
    assert done.returncode == 1
    assert f"{out}: cannot write" in done.stderr and "previous file is unchanged" in done.stderr
    assert out.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_dev_full_as_output_and_as_standard_output() -> None:
    done = subprocess_cli("predict", "--extractor", "rules", "--output", "/dev/full")
    assert done.returncode == 1 and "/dev/full: cannot write the predictions (No space left" in done.stderr
    assert Path("/dev/full").is_char_device(), "the device must never be replaced by a file"
    for args in (["stats"], ["evaluate", "--extractor", "rules", "--bootstrap", "0", "--format", "json"]):
        with open("/dev/full", "w") as full:
            shell = subprocess.run(
                [sys.executable, "-m", "paradiplomacy", *args], stdout=full, stderr=subprocess.PIPE, text=True
            )
        assert shell.returncode == 1 and "standard output: No space left on device" in shell.stderr
        assert "Traceback" not in shell.stderr and "Exception ignored" not in shell.stderr


def test_predict_output_to_a_folder_or_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "predict", "--extractor", "rules", "--output", str(tmp_path))
    assert code == 1 and "is a folder" in err
    nested = tmp_path / "new" / "deeper" / "p.jsonl"
    code, _, _ = cli(capsys, "predict", "--extractor", "rules", "--output", str(nested))
    assert code == 0 and nested.is_file()


def test_symlinked_output_stays_a_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert cli(capsys, "predict", "--extractor", "rules", "--output", str(link))[0] == 0
    assert link.is_symlink() and real.read_text().startswith('{"')


# ---------------------------------------------------------------- build never deletes what it did not write


def build(capsys: pytest.CaptureFixture[str], out: Path) -> tuple[int, str, str]:
    return cli(capsys, "build", "--annotations", str(GOLD), "--seeds", str(SEEDS), "--out", str(out))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".venv" not in p.parts and ".git" not in p.parts
    }


def test_build_out_dot_in_a_checkout_copy_refuses_and_keeps_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", ".nox", "__pycache__", ".mypy_cache", ".ruff_cache", ".hypothesis"
    )
    shutil.copytree(REPO, checkout, ignore=ignore)
    before = snapshot(checkout)
    monkeypatch.chdir(checkout)
    code, _, err = cli(capsys, "build", "--out", ".")
    assert code == 1 and "refusing to build here" in err and "never deletes" in err
    assert snapshot(checkout) == before


def test_build_refuses_a_folder_with_a_users_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.txt").write_text("my notes")
    code, _, err = build(capsys, notes)
    assert code == 1 and "mine.txt" in err
    assert (notes / "mine.txt").read_text() == "my notes"
    assert sorted(p.name for p in notes.iterdir()) == ["mine.txt"]


def test_build_refuses_a_file_and_a_foreign_addition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    code, _, err = build(capsys, a_file)
    assert code == 1 and "not a folder" in err and a_file.read_text() == "x"
    out = tmp_path / "dataset"
    assert build(capsys, out)[0] == 0
    (out / "data" / "mine.parquet").write_bytes(b"user data")
    code, _, err = build(capsys, out)
    assert code == 1 and "data/mine.parquet" in err
    assert (out / "data" / "mine.parquet").read_bytes() == b"user data"


def test_build_keeps_dot_entries_and_rebuilds_identically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dataset"
    assert build(capsys, out)[0] == 0
    first = snapshot(out)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / ".gitattributes").write_text("*.parquet filter=lfs\n")
    (out / "README.md").write_text("edited by hand\n")
    assert build(capsys, out)[0] == 0
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (out / ".gitattributes").read_text() == "*.parquet filter=lfs\n"
    assert snapshot(out) == {**first, ".gitattributes": b"*.parquet filter=lfs\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_build_without_a_manifest_accepts_only_its_own_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dataset"
    assert build(capsys, out)[0] == 0
    (out / ".paradiplomacy-build.json").unlink()
    assert build(capsys, out)[0] == 0  # a folder from before manifests: every file is one the build writes


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE")
def test_build_on_a_full_disk_leaves_the_previous_dataset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dataset"
    assert build(capsys, out)[0] == 0
    (out / "README.md").write_text("previous card\n")
    before = snapshot(out)
    done = subprocess_cli(
        "build",
        "--annotations",
        str(GOLD),
        "--seeds",
        str(SEEDS),
        "--out",
        str(out),
        preexec=file_size_limit(4096),
    )
    assert done.returncode == 1 and "previous folder is unchanged" in done.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


@pytest.mark.parametrize("content", ["", "{}", "[1, 2", '{"kappa": 0.8}'])
def test_corrupt_agreement_file_is_one_error_in_build_and_docs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (annotations / "agreement.json").write_text(content)
    for args in (
        [
            "build",
            "--annotations",
            str(annotations),
            "--seeds",
            str(tmp_path / "seeds"),
            "--out",
            str(tmp_path / "o"),
        ],
        ["docs", "--annotations", str(annotations), "--check"],
    ):
        code, _, err = cli(capsys, *args)
        assert code == 1 and f"{annotations / 'agreement.json'}" in err
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------- 5. one error path


def test_unexpected_error_is_one_line_with_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import paradiplomacy.commands.stats as stats_command

    def broken(args: Any) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(stats_command, "run", broken)
    monkeypatch.setenv("PARADIPLOMACY_LOG_DIR", str(tmp_path))
    code, _, err = cli(capsys, "stats")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "please report this" in err and "ZeroDivisionError" in err
    logs = list(tmp_path.glob("paradiplomacy-*.log"))
    assert len(logs) == 1 and "ZeroDivisionError: a bug" in logs[0].read_text() and str(logs[0]) in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["evaluate", "--extractor", "rules", "--seed", "-1"], "--seed"),
        (["evaluate", "--extractor", "rules", "--seed", str(2**32)], "--seed"),
        (
            ["evaluate", "--extractor", "rules", "--bootstrap", "1000000000"],
            "at most" if False else "between 0 and",
        ),
        (["evaluate", "--extractor", "rules", "--bootstrap", "1e9"], "whole number"),
        (["evaluate", "--extractor", "rules", "--bootstrap", "-5"], "between 0 and"),
        (["evaluate", "--command", "cat", "--timeout", "inf"], "--timeout"),
        (["evaluate", "--command", "cat", "--timeout", "nan"], "--timeout"),
        (["predict", "--command", "cat", "--timeout", "0"], "--timeout"),
        (["predict", "--command", "cat", "--timeout", "1e9"], "--timeout"),
        (["compare", str(RESULTS), str(RESULTS), "--resamples", "1000000000"], "--resamples"),
        (["validate", "--predictions", "x", "--max-errors", "0"], "--max-errors"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], expected: str) -> None:
    code, _, err = cli(capsys, *args)
    assert code == 2 and expected in err


def test_bootstrap_limit_is_overridable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARADIPLOMACY_MAX_BOOTSTRAP", "5")
    code, _, err = cli(capsys, "evaluate", "--extractor", "rules", "--bootstrap", "6")
    assert code == 2 and "PARADIPLOMACY_MAX_BOOTSTRAP" in err
    assert cli(capsys, "evaluate", "--extractor", "rules", "--bootstrap", "5")[0] == 0


def test_bad_limit_setting_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARADIPLOMACY_MAX_DEPTH", "lots")
    code, _, err = cli(capsys, "validate", str(GOLD))
    assert code == 2 and "PARADIPLOMACY_MAX_DEPTH" in err


# ---------------------------------------------------------------- 2. every input is bounded


def prediction_file(tmp_path: Path, *lines: str | bytes, name: str = "p.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join((line.encode() if isinstance(line, str) else line) + b"\n" for line in lines))
    return path


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_and_a_symlink_to_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    env = {
        "PARADIPLOMACY_MAX_LINE_BYTES": str(8 * 1024 * 1024),
        "PARADIPLOMACY_MAX_FILE_BYTES": str(8 * 1024 * 1024),
    }
    for key, value in env.items():
        os.environ[key] = value
    try:
        code, _, err = cli(capsys, "evaluate", "--predictions", "/dev/zero")
        assert code == 1 and "/dev/zero: line 1: line longer than the limit" in err
        link = tmp_path / "zero.jsonl"
        link.symlink_to("/dev/zero")
        code, out, _ = cli(capsys, "validate", "--predictions", str(link))
        assert code == 1 and "longer than the limit" in out
        annotations = tmp_path / "annotations"
        shutil.copytree(GOLD, annotations)
        (annotations / "zz_zero.json").symlink_to("/dev/zero")
        code, out, _ = cli(capsys, "validate", str(annotations), "--seeds", str(SEEDS))
        assert code == 1 and "zz_zero.json: larger than the limit" in out
    finally:
        for key in env:
            del os.environ[key]
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200 * 1024, f"memory grew by {grown_kib} KiB"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [65, 985, 100_000])
def test_deep_nesting_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int) -> None:
    doc = first_doc()
    path = prediction_file(tmp_path, f'{{"doc_id": "{doc.doc_id}", "meta": {nested(depth)}}}')
    code, _, err = cli(capsys, "evaluate", "--predictions", str(path))
    assert code == 1 and f"{path}: line 1" in err and "nested" in err
    results = tmp_path / "results.json"
    results.write_text(nested(depth))
    code, _, err = cli(capsys, "compare", str(results), str(RESULTS))
    assert code == 1 and str(results) in err and "nested" in err
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    record = json.loads((annotations / f"{doc.doc_id}.json").read_text())
    text = json.dumps(record)[:-1] + f', "x": {nested(depth)}}}'
    (annotations / f"{doc.doc_id}.json").write_text(text)
    code, out, _ = cli(capsys, "validate", str(annotations), "--seeds", str(SEEDS))
    assert code == 1 and "nested" in out


@pytest.mark.parametrize(
    "line",
    [
        '{"doc_id": "DOC", "entities": [{"label": "GPE", "text": "\\ud800"}]}',
        '{"doc_id": "DOC", "meta": {"\\udfff": 1}}',
        '{"doc_id": "\\ud800"}',
    ],
)
def test_lone_surrogates_are_one_located_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    path = prediction_file(tmp_path, line.replace("DOC", first_doc().doc_id))
    code, _, err = cli(capsys, "evaluate", "--predictions", str(path))
    assert code == 1 and f"{path}: line 1" in err and "lone surrogate" in err
    code, out, _ = cli(capsys, "validate", "--predictions", str(path), "--format", "json")
    assert code == 1 and "lone surrogate" in out
    json.loads(out)


def test_lone_surrogate_in_an_annotation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    doc = first_doc()
    path = annotations / f"{doc.doc_id}.json"
    path.write_text(path.read_text().replace('"entities"', '"\\ud800": 1, "entities"', 1))
    code, out, _ = cli(capsys, "validate", str(annotations), "--seeds", str(SEEDS))
    assert code == 1 and "lone surrogate" in out
    code, _, err = cli(
        capsys,
        "build",
        "--annotations",
        str(annotations),
        "--seeds",
        str(SEEDS),
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 1 and "lone surrogate" in err


def test_long_list_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARADIPLOMACY_MAX_MENTIONS", "100")  # the gold has at most ~60 per document
    entities = [{"label": "GPE", "text": "x"}] * 101
    path = prediction_file(tmp_path, json.dumps({"doc_id": first_doc().doc_id, "entities": entities}))
    code, _, err = cli(capsys, "evaluate", "--predictions", str(path))
    assert code == 1 and "/entities" in err and "PARADIPLOMACY_MAX_MENTIONS" in err


def test_file_size_limit_for_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARADIPLOMACY_MAX_FILE_BYTES", "100")
    code, _, err = cli(capsys, "compare", str(RESULTS), str(RESULTS))
    assert code == 1 and "larger than the limit of 100 bytes" in err and "PARADIPLOMACY_MAX_FILE_BYTES" in err


def test_documents_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    gold = sorted(documents())
    monkeypatch.setenv("PARADIPLOMACY_MAX_DOCUMENTS", str(len(gold)))
    lines = [json.dumps({"doc_id": doc}) for doc in [*gold, gold[0]]]
    path = prediction_file(tmp_path, *lines)
    code, _, err = cli(capsys, "evaluate", "--predictions", str(path))
    assert code == 1 and f"line {len(gold) + 1}" in err and "PARADIPLOMACY_MAX_DOCUMENTS" in err
    monkeypatch.setenv("PARADIPLOMACY_MAX_DOCUMENTS", str(len(gold) - 1))  # the corpus itself is refused
    code, _, err = cli(capsys, "stats")
    assert code == 1 and "annotation files" in err and "PARADIPLOMACY_MAX_DOCUMENTS" in err


# ---------------------------------------------------------------- offsets as floats


@pytest.mark.parametrize(
    ("start", "end", "expected"), [("0.0", "5.0", "does not match"), ("99999.0", "100000.0", "past the end")]
)
def test_float_offsets_are_checked_like_integers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], start: str, end: str, expected: str
) -> None:
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    doc = first_doc()
    path = annotations / f"{doc.doc_id}.json"
    record = json.loads(path.read_text())
    entity = record["entities"][0]
    text = path.read_text().replace(
        f'"start": {entity["start"]}, "end": {entity["end"]}', f'"start": {start}, "end": {end}', 1
    )
    if text == path.read_text():  # layout differs: rewrite the record with the float literals
        record["entities"][0]["start"] = "@S@"
        record["entities"][0]["end"] = "@E@"
        text = json.dumps(record, ensure_ascii=False).replace('"@S@"', start).replace('"@E@"', end)
    path.write_text(text)
    code, out, _ = cli(capsys, "validate", str(annotations), "--seeds", str(SEEDS))
    assert code == 1 and expected in out and "/entities/0" in out
    code, _, err = cli(
        capsys,
        "build",
        "--annotations",
        str(annotations),
        "--seeds",
        str(SEEDS),
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 1 and expected in err and not (tmp_path / "o").exists()
    pred = prediction_file(
        tmp_path,
        json.dumps(
            {"doc_id": doc.doc_id, "entities": [{"label": "GPE", "text": "Q", "start": "@S@", "end": "@E@"}]}
        )
        .replace('"@S@"', start)
        .replace('"@E@"', end),
    )
    code, _, err = cli(capsys, "evaluate", "--predictions", str(pred))
    assert code == 1 and "/entities/0" in err


def test_integral_float_offsets_that_are_right_are_accepted(tmp_path: Path) -> None:
    doc = first_doc()
    entity = doc.entities[0]
    line = json.dumps(
        {
            "doc_id": doc.doc_id,
            "entities": [{**{k: entity[k] for k in ("label", "text")}, "start": "@S@", "end": "@E@"}],
        },
        ensure_ascii=False,
    )
    path = prediction_file(
        tmp_path, line.replace('"@S@"', f"{entity['start']}.0").replace('"@E@"', f"{entity['end']}e0")
    )
    predictions = read_predictions(path, documents())
    assert predictions[doc.doc_id]["entities"][0]["start"] == entity["start"]
    assert isinstance(predictions[doc.doc_id]["entities"][0]["start"], int)


# ---------------------------------------------------------------- 7. large inputs stay usable; hints


def test_max_errors_caps_the_listing_and_counts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = prediction_file(tmp_path, *["not json"] * 500)
    code, _, err = cli(capsys, "evaluate", "--predictions", str(path))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 51 and "... and 450 more problems" in lines[-1] and "--max-errors" in lines[-1]
    code, out, _ = cli(capsys, "validate", "--predictions", str(path), "--max-errors", "3")
    assert code == 1 and out.count("not JSON") == 3 and "497 more problems" in out


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (b'[{"doc_id": "a"}, {"doc_id": "b"}]\n', "JSON array"),
        (b'[\n  {"doc_id": "a"}\n]\n', "JSON array"),
        (b'{\n  "doc_id": "a"\n}\n', "pretty-printed JSON"),
        ('{"doc_id": "a"}\n'.encode("utf-16"), "UTF-16"),
    ],
)
def test_hints_for_the_wrong_file_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, hint: str
) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(content)
    code, _, err = cli(capsys, "evaluate", "--predictions", str(path))
    assert code == 1 and hint in err and f"{path}: line 1" in err


def test_hint_did_you_mean_predictions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "validate", "--predictions", "predictions")
    assert code == 1 and "did you mean --predictions FILE?" in out


def test_hint_did_you_mean_a_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = first_doc()
    path = prediction_file(
        tmp_path, json.dumps({"doc_id": doc.doc_id, "entities": [{"label": "gpe", "text": "x"}]})
    )
    code, _, err = cli(capsys, "evaluate", "--predictions", str(path))
    assert code == 1 and "did you mean GPE?" in err


def test_hint_where_the_quote_occurs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = next(d for d in documents().values() if "Minsk" in d.text)
    at = doc.text.index("Minsk")
    entity = {"label": "GPE", "text": "Minsk", "start": at + 1, "end": at + 6}
    path = prediction_file(tmp_path, json.dumps({"doc_id": doc.doc_id, "entities": [entity]}))
    code, _, err = cli(capsys, "evaluate", "--predictions", str(path))
    assert code == 1 and f"'Minsk' occurs at [{at}, {at + 5})" in err


# ---------------------------------------------------------------- hostile files, generated (hypothesis)

JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@st.composite
def hostile_prediction_line(draw: st.DrawFn) -> bytes:
    doc_ids = sorted(documents())
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return draw(st.binary(max_size=200))
    if choice == 1:
        return json.dumps(draw(JSON_VALUE)).encode()
    record: dict[str, Any] = {"doc_id": draw(st.sampled_from([*doc_ids, "nope", 5, None]))}
    entity = {
        "label": draw(st.sampled_from(["GPE", "ORG", "gpe", 3, None])),
        "text": draw(st.text(max_size=10)),
        "start": draw(
            st.one_of(
                st.integers(-5, 20_000), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=3)
            )
        ),
        "end": draw(st.one_of(st.integers(-5, 20_000), st.floats(allow_nan=False, allow_infinity=False))),
    }
    record["entities"] = draw(st.sampled_from([[entity], [], "x", [entity, entity]]))
    record.update(draw(st.dictionaries(st.text(max_size=6), JSON_VALUE, max_size=2)))
    text = json.dumps(record)
    if choice == 3:
        text = text.replace("1", "1.0", 1)
    if choice == 4:
        text = text.replace('"', '"\\ud800', 1)
    return text.encode()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(hostile_prediction_line(), min_size=0, max_size=6))
def test_hostile_prediction_files_are_refused_or_read_never_crash(tmp_path: Path, lines: list[bytes]) -> None:
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"\n".join(lines))
    gold = documents()
    try:
        predictions = read_predictions(path, gold)
    except InputError as error:
        message = str(error)
        lines = message.split("\n")
        assert message and all(line.startswith(str(path)) or line.startswith("...") for line in lines)
        control = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
        assert not any(control.search(line) for line in lines), "a control character reaches the terminal"
        message.encode("utf-8")  # printable: no lone surrogate reaches the terminal
        return
    assert set(predictions) <= set(gold)
    for prediction in predictions.values():
        json.dumps(prediction, allow_nan=False).encode("utf-8")


def _results() -> dict[str, Any]:
    return json.loads(RESULTS.read_text(encoding="utf-8"))


@st.composite
def hostile_results(draw: st.DrawFn) -> Any:
    data = _results()
    doc = draw(st.sampled_from(sorted(data["per_document"])))
    metric = draw(st.sampled_from(sorted(data["headline"])))
    change = draw(st.integers(0, 6))
    if change == 0:
        del data["per_document"][doc]
    elif change == 1:
        del data["per_document"][doc]["counts"][metric]
    elif change == 2:
        data["per_document"][doc]["counts"][metric] = [draw(st.integers(-(10**20), 10**20))] * len(
            data["headline"][metric]["fields"]
        )
    elif change == 3:
        data["headline"][metric]["f1"] = draw(st.floats(0, 1))
    elif change == 4:
        data["per_document"][doc]["counts"][metric] = draw(JSON_VALUE)
    elif change == 5:
        return draw(JSON_VALUE)
    return data


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=hostile_results())
def test_hostile_results_files_in_compare(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data))
    from paradiplomacy.scoring.results import read
    from paradiplomacy.scoring.uncertainty import compare_results

    try:
        comparison = compare_results(read(path), read(RESULTS), names=(str(path), "rules"), resamples=10)
    except InputError as error:
        assert str(error)
        return
    reference = _results()
    for name, metric in comparison["metrics"].items():
        assert abs(metric["a"] - reference["headline"][name]["f1"]) < 1e-5, "a tampered headline was reported"


def test_compare_refuses_a_tampered_headline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _results()
    data["headline"]["entities"]["f1"] = 0.999
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    code, out, err = cli(capsys, "compare", str(path), str(RESULTS))
    assert code == 1 and out == "" and "/headline/entities/f1 says 0.999" in err


@pytest.mark.parametrize("change", ["lacks a document", "lacks a count", "huge count"])
def test_compare_refuses_incomplete_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    data = _results()
    doc = sorted(data["per_document"])[0]
    if change == "lacks a document":
        del data["per_document"][doc]
    elif change == "lacks a count":
        del data["per_document"][doc]["counts"]["entities"]
    else:
        data["per_document"][doc]["counts"]["entities"] = [10**30, 0, 0]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    code, _, err = cli(capsys, "compare", str(path), str(RESULTS))
    assert code == 1 and err.startswith("paradiplomacy compare: error:")


def test_compare_on_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "compare", str(tmp_path), str(RESULTS))
    assert code == 1 and f"{tmp_path}: is a folder" in err


# ---------------------------------------------------------------- 6. every command works from any folder


def test_docs_check_notices_a_lost_end_marker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    guidelines = annotations / "GUIDELINES.md"
    text = guidelines.read_text()
    marker = text[text.index("<!-- /generated:") :].split("-->", 1)[0] + "-->"
    guidelines.write_text(text.replace(marker, "", 1))
    before = guidelines.read_bytes()
    code, _, err = cli(capsys, "docs", "--annotations", str(annotations), "--check")
    assert code == 1 and "has no end marker" in err and "line " in err
    assert cli(capsys, "docs", "--annotations", str(annotations))[0] == 1
    assert guidelines.read_bytes() == before


def test_validate_of_a_folder_without_annotations_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "validate", str(tmp_path))
    assert code == 1 and "no annotation files" in err


def test_commands_from_an_unrelated_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "stats")
    assert code == 0 and "documents" in out
    code, _, err = cli(capsys, "leaderboard")
    assert code == 1 and "no such folder" in err
    assert list(tmp_path.iterdir()) == [], "leaderboard wrote into an unrelated folder"
    assert cli(capsys, "validate")[0] == 0


def test_predict_refuses_an_invalid_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    doc = first_doc()
    path = annotations / f"{doc.doc_id}.json"
    record = json.loads(path.read_text())
    del record["language"]
    path.write_text(json.dumps(record))
    code, _, err = cli(capsys, "predict", "--extractor", "rules", "--corpus", str(annotations))
    assert code == 1 and "not a valid corpus" in err and "language" in err


def test_publish_without_network_is_one_line(tmp_path: Path) -> None:
    done = subprocess_cli(
        "publish",
        "--repo-id",
        "someone/paradiplomacy",
        "--token",
        "not-a-token",
        "--dataset",
        str(REPO / "dataset"),
        "--annotations",
        str(GOLD),
        "--seeds",
        str(SEEDS),
        HF_ENDPOINT="http://127.0.0.1:9",
        HF_HUB_DISABLE_TELEMETRY="1",
    )
    assert done.returncode == 1
    assert "cannot reach the Hugging Face Hub" in done.stderr or "refused the upload" in done.stderr
    assert done.stderr.count("\n") == 1


# ---------------------------------------------------------------- 8. documents tell the truth


def test_readme_says_how_the_gold_was_made_and_how_to_install() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "two independent machine passes" in readme and "No human has checked the gold yet" in readme
    assert "pip install paradiplomacy" not in readme and "not on PyPI yet" in readme
    card = (REPO / "dataset" / "README.md").read_text(encoding="utf-8")
    assert "pip install paradiplomacy" not in card


def test_readme_example_prediction_uses_the_gold_parties() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```json\n(.*?)```", readme, re.S)
    record = json.loads(block)
    gold = documents()[record["doc_id"]]
    by_id = {entity["id"]: entity for entity in gold.entities}
    gold_parties = [
        {by_id[party].get("canonical") or by_id[party]["text"] for party in agreement["parties"]}
        for agreement in gold.agreements
    ]
    for agreement in record["agreements"]:
        assert set(agreement["parties"]) in gold_parties


def test_hint_a_predictions_file_without_its_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "evaluate", "preds.jsonl")
    assert code == 2 and "did you mean --predictions preds.jsonl?" in err
    path = prediction_file(tmp_path, json.dumps({"doc_id": first_doc().doc_id}))
    code, out, _ = cli(capsys, "validate", str(path))
    assert code == 1 and f"did you mean --predictions {path}?" in out


def test_build_through_a_symlink_and_into_a_new_parent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real"
    assert build(capsys, real)[0] == 0
    link = tmp_path / "link"
    link.symlink_to(real)
    (real / "README.md").write_text("stale\n")
    assert build(capsys, link)[0] == 0
    assert link.is_symlink() and (real / "README.md").read_text() != "stale\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
    assert build(capsys, tmp_path / "new" / "parent" / "dataset")[0] == 0


def test_progress_line_for_a_big_file_on_a_terminal(tmp_path: Path) -> None:
    import io

    from paradiplomacy.extractors.progress import FILE_PROGRESS_BYTES, FileProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * (FILE_PROGRESS_BYTES + 1))
    shown = Terminal()
    progress = FileProgress(big, shown)
    progress.update(1_000_000)
    progress.close()
    assert f"reading {big}: 1.0 of" in shown.getvalue()
    quiet = io.StringIO()  # not a terminal: nothing that scrolls a CI log
    progress = FileProgress(big, quiet)
    progress.update(1_000_000)
    progress.close()
    assert quiet.getvalue() == ""


def test_symlink_loop_and_a_folder_named_json_in_annotations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    (annotations / "loop.json").symlink_to("loop.json")
    (annotations / "folder.json").mkdir()
    code, out, _ = cli(capsys, "validate", str(annotations), "--seeds", str(SEEDS))
    assert code == 1 and "loop.json: cannot read" in out and "folder.json: is a folder" in out
    for args in (
        ["stats", "--annotations", str(annotations), "--seeds", str(SEEDS)],
        ["evaluate", "--extractor", "rules", "--corpus", str(annotations), "--seeds", str(SEEDS)],
    ):
        code, _, err = cli(capsys, *args)
        assert code == 1 and "not a valid corpus" in err


def test_an_exact_float_offset_in_the_gold_builds_as_an_integer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    doc = first_doc()
    path = annotations / f"{doc.doc_id}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["entities"][0]["start"] = float(record["entities"][0]["start"])
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert cli(capsys, "validate", str(annotations), "--seeds", str(SEEDS))[0] == 0
    out = tmp_path / "dataset"
    assert (
        cli(capsys, "build", "--annotations", str(annotations), "--seeds", str(SEEDS), "--out", str(out))[0]
        == 0
    )
    reference = tmp_path / "reference"
    assert build(capsys, reference)[0] == 0
    assert (out / "data" / "test.parquet").read_bytes() == (reference / "data" / "test.parquet").read_bytes()


def test_past_max_errors_bad_lines_are_counted_not_described(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = json.dumps({"doc_id": first_doc().doc_id, "entities": [{"label": "XX", "text": "a"}]})
    path = prediction_file(tmp_path, *[line] * 200)
    code, out, _ = cli(capsys, "validate", "--predictions", str(path), "--max-errors", "5")
    assert code == 1
    shown = [row for row in out.splitlines() if row.startswith(str(path))]
    assert len(shown) == 5
    # 200 lines, each with problems; the first lines' problems fill the cap, the rest are counted per line.
    assert "and at least" in out and "more problems not shown" in out


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("deep.jsonl", nested(100_000) + "\n", "nested too deeply"),
        ("deep.json", nested(985), "nested"),
        ("surrogate.jsonl", '{"doc_id": "x", "meta": {"a": "\\ud800"}}\n', "lone surrogate"),
    ],
)
def test_migrate_refuses_hostile_files_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, _, err = cli(capsys, "migrate", str(path))
    assert code == 1 and expected in err and str(path) in err
    assert path.read_text(encoding="utf-8") == content


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_report_reads_bounded_and_never_replaces_a_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "report", "/dev/zero", "-o", str(tmp_path / "r.html"))
    assert code == 1 and "/dev/zero: larger than the limit" in err
    deep = tmp_path / "deep.json"
    deep.write_text(nested(100_000))
    code, _, err = cli(capsys, "report", str(deep), "-o", str(tmp_path / "r.html"))
    assert code == 1 and "nested" in err
    assert not (tmp_path / "r.html").exists()
    if Path("/dev/full").exists():
        code, _, err = cli(capsys, "report", str(RESULTS), "-o", "/dev/full")
        assert code == 1 and "No space left on device" in err
        assert Path("/dev/full").is_char_device()


def test_max_errors_applies_to_annotation_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    annotations = tmp_path / "annotations"
    shutil.copytree(GOLD, annotations)
    doc = first_doc()
    path = annotations / f"{doc.doc_id}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    for entity in record["entities"]:
        entity["label"] = "NOPE"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    code, out, _ = cli(capsys, "validate", str(annotations), "--seeds", str(SEEDS), "--max-errors", "3")
    assert code == 1
    assert sum(1 for row in out.splitlines() if row.startswith(str(path))) == 3
    more = re.search(rf"{re.escape(str(path))}: \.\.\. and (\d+) more problems not shown", out)
    assert more and int(more.group(1)) >= len(record["entities"]) - 3


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("command", [["import", "labelstudio", "/dev/zero"], ["add", "/dev/zero"]])
def test_contributor_commands_read_dev_zero_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(GOLD, tmp_path / "annotations")
    code, _, err = cli(capsys, *command, "--root", str(tmp_path))
    assert code == 1 and "/dev/zero: larger than the limit" in err
