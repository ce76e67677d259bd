"""`pip install .` alone is enough: the wheel carries the schema, the seeds and the gold, and the installed
command works from an unrelated folder."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(repo)],
        check=True,
    )
    (built,) = out.glob("paradiplomacy-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel; dependencies come from the running environment."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Appended after the venv's own site-packages, so the freshly installed wheel shadows any other copy.
    Path(purelib, "_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # --ignore-installed: the running environment (reachable through _deps.pth) may hold this package too.
    install = ["install", "--no-deps", "--ignore-installed", "--quiet", str(wheel)]
    subprocess.run([str(python), "-m", "pip", *install], check=True)
    return venv


def test_wheel_carries_schema_seeds_and_gold(wheel: Path, repo: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [f"paradiplomacy/_data/schema/{p.name}" for p in (repo / "schema").glob("*.json")]
    expected += [f"paradiplomacy/_data/seeds/{p.name}" for p in (repo / "seeds").iterdir()]
    expected += [f"paradiplomacy/_data/annotations/{p.name}" for p in (repo / "annotations").glob("*.json")]
    assert set(expected) <= names, sorted(set(expected) - names)
    assert "paradiplomacy/_data/annotations/GUIDELINES.md" in names


def run_installed(venv: Path, program: str, *args: str, cwd: Path) -> str:
    """Run a program of the fresh environment from `cwd`, with nothing of the checkout on the path."""
    result = subprocess.run(
        [str(venv / "bin" / program), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_installed_command_validates_the_shipped_gold_from_an_unrelated_folder(
    installed: Path, tmp_path: Path
) -> None:
    report = json.loads(
        run_installed(installed, "paradiplomacy", "validate", "--format", "json", cwd=tmp_path)
    )
    assert report["problems"] == []
    code = "import paradiplomacy.resources as r; print(r.data_root())"
    where = run_installed(installed, "python", "-c", code, cwd=tmp_path).strip()
    assert where.startswith(str(installed)), where


def test_installed_command_scores_the_rules_baseline_from_an_unrelated_folder(
    installed: Path, tmp_path: Path, repo: Path
) -> None:
    args = ["evaluate", "--extractor", "rules", "--format", "json", "--bootstrap", "20"]
    installed_results = json.loads(run_installed(installed, "paradiplomacy", *args, cwd=tmp_path))
    assert installed_results["signature"].startswith("paradiplomacy:")
    here = subprocess.run(
        [sys.executable, "-m", "paradiplomacy", *args, "--corpus", str(repo / "annotations")],
        capture_output=True,
        text=True,
        check=True,
    )
    from paradiplomacy.scoring.results import scores_only  # timing is measured: it differs between runs

    assert scores_only(installed_results) == scores_only(json.loads(here.stdout)), (
        "the wheel's gold differs from the checkout's"
    )
