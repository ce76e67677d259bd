"""A real Label Studio server and a real round trip: `nox -s labelstudio` runs this script (not in CI: heavy).

In a temporary copy of the repository: `paradiplomacy export labelstudio`; start `label-studio` on 127.0.0.1
with a fresh data folder; create a project with config.xml over the HTTP API; import tasks.json (gold as
predictions); for each task submit an annotation whose result is its prediction's, as an annotator accepting
the pre-annotations does; export the project as Label Studio's JSON; `paradiplomacy import labelstudio` it and
compare every rebuilt file with the gold. A sixth document goes the contributor's way through the same server:
added from tests/fixtures/news_page.html, pre-annotated by the rules extractor, corrected (the edit of
tests/test_contrib_flow.py), imported and validated. Prints what it did; exits 1 on any difference. The
server's process group is ended whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from labelstudio_helpers import annotate  # noqa: E402  (the reviewer's edit, shared with the flow test)

TOKEN = "paradiplomacy0roundtrip0token0000000000"
START_TIMEOUT = 300.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method)
        request.add_header("Authorization", f"Token {TOKEN}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=120) as response:
            payload = response.read()
        return json.loads(payload) if payload else None


def wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"label-studio exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(2)
    sys.exit(f"label-studio did not answer within {START_TIMEOUT:.0f} s:\n{log.read_text()[-3000:]}")


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # in order with the children
    work = Path(tempfile.mkdtemp(prefix="paradiplomacy-ls-"))
    root = work / "repo"
    for name in ("schema", "seeds"):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(REPO / "annotations", root / "annotations")
    # The sixth document of the done-when flow: a saved page, added and pre-annotated by the rules extractor.
    page = REPO / "tests" / "fixtures" / "news_page.html"
    added = subprocess.run(
        ["paradiplomacy", "add", str(page), "--root", str(root)], check=True, capture_output=True, text=True
    )
    new_doc = added.stdout.strip()
    subprocess.run(
        ["paradiplomacy", "preannotate", new_doc, "--extractor", "rules", "--root", str(root)], check=True
    )
    out = work / "ls"
    subprocess.run(
        ["paradiplomacy", "export", "labelstudio", "--root", str(root), "--out", str(out)], check=True
    )
    config = (out / "config.xml").read_text(encoding="utf-8")
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = work / "label-studio.log"
    environment = os.environ | {
        "LABEL_STUDIO_BASE_DATA_DIR": str(work / "data"),
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
    }
    command = [
        "label-studio", "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
        "--data-dir", str(work / "data"),
        "--username", "annotator@example.org", "--password", "roundtrip-pass",
        "--user-token", TOKEN, "--enable-legacy-api-token",
    ]  # fmt: skip
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=environment,
                                   start_new_session=True)  # fmt: skip
    try:
        wait_until_up(base, process, log)
        server = Server(base)
        version = server.call("GET", "/api/version")
        print(f"label-studio {version.get('release') or version} on {base}")
        project = server.call(
            "POST", "/api/projects", {"title": "paradiplomacy round trip", "label_config": config}
        )
        print(f"project {project['id']}: labeling config accepted")
        server.call("POST", f"/api/projects/{project['id']}/import", tasks)
        listed = server.call("GET", f"/api/tasks?project={project['id']}&page_size=100&fields=all")
        listed = listed["tasks"] if isinstance(listed, dict) else listed
        print(f"{len(listed)} tasks imported")
        for item in listed:
            predictions = server.call("GET", f"/api/predictions?task={item['id']}")
            result = predictions[0]["result"]
            if item["data"]["doc_id"] == new_doc:  # the reviewer's corrections of the draft
                result = annotate(result, item["data"]["text"])
            server.call(
                "POST", f"/api/tasks/{item['id']}/annotations", {"result": result, "was_cancelled": False}
            )
        exported = server.call(
            "GET", f"/api/projects/{project['id']}/export?exportType=JSON&download_all_tasks=true"
        )
        export_file = work / "export.json"
        export_file.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
        annotations = sum(len(t.get("annotations", [])) for t in exported)
        print(f"exported {len(exported)} tasks, {annotations} annotations")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    for path in (root / "annotations").glob("0*.json"):
        path.unlink()
    subprocess.run(
        ["paradiplomacy", "import", "labelstudio", str(export_file), "--root", str(root)], check=True
    )
    checked = subprocess.run(
        ["paradiplomacy", "validate", str(root / "annotations")], capture_output=True, text=True
    )
    print(f"the reviewed sixth document {new_doc}: validate says {checked.stdout.strip().splitlines()[-1]!r}")
    if checked.returncode:
        print(checked.stdout)
        return 1
    differences = 0
    for gold in sorted((REPO / "annotations").glob("0*.json")):
        rebuilt = json.loads((root / "annotations" / gold.name).read_text(encoding="utf-8"))
        same = rebuilt == json.loads(gold.read_text(encoding="utf-8"))
        differences += not same
        print(f"{gold.name}: {'identical to the gold' if same else 'DIFFERS from the gold'}")
    if differences:
        print(f"{differences} documents differ; files kept in {work}")
        return 1
    shutil.rmtree(work)
    print("lossless: gold -> tasks -> Label Studio server -> export -> gold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
