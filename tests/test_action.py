"""The composite GitHub Action (action.yml): its steps, run as GitHub runs them, in a contributor's folder.

Each `run:` step goes to bash with the `${{ ... }}` expressions substituted as the runner does, `RUNNER_TEMP`
set, and the working directory a temporary copy holding a fake annotations folder: one valid file, then one
broken one, whose problem must come out as a GitHub `::error` line and fail the step.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
EXPRESSION = re.compile(r"\$\{\{\s*([\w.]+)\s*\}\}")


def _steps(inputs: dict[str, str], runner_temp: Path) -> list[tuple[str, str, dict[str, str]]]:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    values = {f"inputs.{k}": v.get("default", "") for k, v in action["inputs"].items()}
    values |= {f"inputs.{k}": v for k, v in inputs.items()}
    values["github.action_path"] = str(REPO)

    def substitute(text: str) -> str:
        return EXPRESSION.sub(lambda m: values[m.group(1)], text)

    steps = []
    for step in action["runs"]["steps"]:
        assert step["shell"] == "bash"
        env = {k: substitute(str(v)) for k, v in step.get("env", {}).items()}
        steps.append((step["name"], substitute(step["run"]), env | {"RUNNER_TEMP": str(runner_temp)}))
    return steps


@pytest.mark.slow
def test_action_installs_the_package_and_reports_problems_as_github_errors(tmp_path: Path) -> None:
    import os
    import sys

    contributor = tmp_path / "contributor"
    shutil.copytree(REPO / "seeds", contributor / "seeds")
    (contributor / "annotations").mkdir()
    gold = REPO / "annotations" / "000_67ac76a5c4e2c77e.json"
    shutil.copy(gold, contributor / "annotations" / gold.name)
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}

    def run_steps() -> list[subprocess.CompletedProcess[str]]:
        done = []
        for name, script, env in _steps({"python": sys.executable}, runner_temp):
            done.append(
                subprocess.run(
                    ["bash", "-eo", "pipefail", "-c", script],
                    cwd=contributor,
                    env=environment | env,
                    capture_output=True,
                    text=True,
                    timeout=900,
                )
            )
            assert name
            if done[-1].returncode:
                break
        return done

    install, check = run_steps()
    assert install.returncode == 0, install.stderr
    assert check.returncode == 0, check.stdout + check.stderr
    assert "1 file valid" in check.stdout

    record = json.loads(gold.read_text(encoding="utf-8"))
    record["entities"][0]["label"] = "PERSON"
    (contributor / "annotations" / gold.name).write_text(json.dumps(record), encoding="utf-8")
    _, check = run_steps()
    assert check.returncode == 1
    assert f"::error file=annotations/{gold.name}," in check.stdout
    assert "/entities/0/label" in check.stdout
