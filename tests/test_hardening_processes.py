"""Containment of extractors (issue 11): external programs and in-process callables.

Every test checks that nothing is left behind by the process group the harness created: a child, a
grandchild in the background, or one keeping standard output open.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import run_extractor
from paradiplomacy.extractors.documents import gold_documents
from paradiplomacy.extractors.external import ExternalProgram

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="process groups are tested on Linux")

ANSWER_ALL = """import json, sys
for line in sys.stdin:
    doc = json.loads(line)
    print(json.dumps({"doc_id": doc["doc_id"]}), flush=True)
"""


def script(tmp_path: Path, body: str, name: str = "prog.py") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(path))}"


def group_gone(group: int, wait: float = 5.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def run_program(command: str, timeout: float = 10.0) -> tuple[ExternalProgram, str | None]:
    documents = gold_documents()
    program = ExternalProgram(command, timeout=timeout, grace=0.5)
    error = None
    try:
        with program:
            run_extractor(program, documents, source=program.source)
    except InputError as caught:
        error = str(caught)
    assert program.group is not None
    return program, error


def test_well_behaved_program_leaves_no_process(tmp_path: Path) -> None:
    program, error = run_program(script(tmp_path, ANSWER_ALL))
    assert error is None
    assert group_gone(program.group or 0)


def test_grandchild_holding_stdout_does_not_hang_and_is_ended(tmp_path: Path) -> None:
    body = (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])\n"  # inherits stdout
        + ANSWER_ALL
    )
    started = time.monotonic()
    program, error = run_program(script(tmp_path, body))
    assert error is None
    assert time.monotonic() - started < 30
    assert group_gone(program.group or 0), "a grandchild survived"


def test_background_grandchild_is_ended(tmp_path: Path) -> None:
    body = (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'],\n"
        "                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)\n"
        + ANSWER_ALL
    )
    program, error = run_program(script(tmp_path, body))
    assert error is None
    assert group_gone(program.group or 0), "a detached grandchild survived"


def test_program_that_never_reads_stdin_times_out(tmp_path: Path) -> None:
    # Documents are small, so send many to fill the pipe: the harness must not block past --timeout.
    command = script(tmp_path, "import time\ntime.sleep(300)\n")
    big = [{"doc_id": f"d{i}", "language": "en", "text": "x" * 200_000} for i in range(5)]
    program = ExternalProgram(command, timeout=1.0, grace=0.5)
    started = time.monotonic()
    with pytest.raises(InputError, match=r"no answer within 1 s \(timeout\)"), program:
        for document in big:
            program(document)
    assert time.monotonic() - started < 10
    assert group_gone(program.group or 0)


def test_endless_line_without_newline_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARADIPLOMACY_MAX_LINE_BYTES", "100000")
    body = "import sys\nsys.stdin.readline()\nwhile True:\n    sys.stdout.write('x' * 65536)\n"
    program, error = run_program(script(tmp_path, body))
    assert error is not None and "longer than the limit" in error and "PARADIPLOMACY_MAX_LINE_BYTES" in error
    assert group_gone(program.group or 0)


def test_extra_answer_lines_are_an_error(tmp_path: Path) -> None:
    body = """import json, sys, time
for line in sys.stdin:
    doc = json.loads(line)
    print(json.dumps({}), flush=True)
    print(json.dumps({}), flush=True)
    time.sleep(0.2)
"""
    program, error = run_program(script(tmp_path, body))
    assert error is not None and "extra line" in error
    assert group_gone(program.group or 0)


def test_extra_line_after_the_last_document_is_an_error(tmp_path: Path) -> None:
    body = ANSWER_ALL + "print('{}', flush=True)\n"
    program, error = run_program(script(tmp_path, body))
    assert error is not None and "extra line after the last document" in error
    assert group_gone(program.group or 0)


def test_doc_id_must_match(tmp_path: Path) -> None:
    body = """import json, sys
for line in sys.stdin:
    print(json.dumps({"doc_id": "someone-else"}), flush=True)
"""
    _, error = run_program(script(tmp_path, body))
    assert error is not None and "answered for document 'someone-else' instead" in error


def _harness(tmp_path: Path, body: str) -> subprocess.Popen[bytes]:
    """`paradiplomacy predict --command PROG` as a real process whose stderr we read."""
    pidfile = tmp_path / "pids"
    child = script(tmp_path, body.replace("PIDFILE", repr(str(pidfile))))
    return subprocess.Popen(
        [sys.executable, "-m", "paradiplomacy", "predict", "--command", child, "--timeout", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


SLEEPER = """import os, subprocess, sys, time
grandchild = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])
with open(PIDFILE, 'w') as f:
    f.write(f"{os.getpid()} {grandchild.pid}")
sys.stdin.readline()
time.sleep(300)
"""


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_harness_signal_ends_the_program_group(tmp_path: Path, sig: int, status: int) -> None:
    harness = _harness(tmp_path, SLEEPER)
    pidfile = tmp_path / "pids"
    deadline = time.monotonic() + 30
    while not (pidfile.is_file() and pidfile.read_text().strip()):
        assert time.monotonic() < deadline, "the program never started"
        time.sleep(0.05)
    child, grandchild = map(int, pidfile.read_text().split())
    group = os.getpgid(child)
    assert group != os.getpgid(harness.pid), "the program must run in its own process group"
    harness.send_signal(sig)
    _, err = harness.communicate(timeout=30)
    assert harness.returncode == status
    assert b"Traceback" not in err
    assert group_gone(group), f"pid {child} or {grandchild} survived"


# ---------------------------------------------------------------- in-process extractors (worker process)

HOSTILE = """
import math, os, sys, time
def sleeper(doc):
    time.sleep(300)
def printer(doc):
    print("NOISE on stdout")
    return {"doc_id": doc["doc_id"]}
def exiter(doc):
    sys.exit(3)
def interrupter(doc):
    raise KeyboardInterrupt
def nan(doc):
    return {"doc_id": doc["doc_id"], "meta": {"score": math.nan}}
def infinite(doc):
    return {"doc_id": doc["doc_id"], "meta": {"score": math.inf}}
def surrogate(doc):
    return {"doc_id": doc["doc_id"], "meta": {"note": "\\ud800"}}
def surrogate_key(doc):
    return {"doc_id": doc["doc_id"], "meta": {"\\udfff": 1}}
def deep(doc):
    value = []
    for _ in range(985):
        value = [value]
    return {"doc_id": doc["doc_id"], "meta": {"x": value}}
def crasher(doc):
    os.kill(os.getpid(), 9)
def pid_sleeper(doc):
    import subprocess
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    with open(os.environ["PIDFILE"], "w") as f:
        f.write(f"{os.getpid()} {child.pid}")
    time.sleep(300)
"""


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "hostile.py").write_text(HOSTILE, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "paradiplomacy", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )


def test_in_process_timeout_is_enforced(tmp_path: Path) -> None:
    started = time.monotonic()
    done = cli(tmp_path, "predict", "--extractor", "hostile:sleeper", "--timeout", "1")
    assert time.monotonic() - started < 60
    assert done.returncode == 1
    assert "no answer within 1 s (timeout)" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_printing_extractor_keeps_machine_output_clean(tmp_path: Path) -> None:
    done = cli(tmp_path, "predict", "--extractor", "hostile:printer")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(gold_documents()) and all(json.loads(line)["doc_id"] for line in lines)
    assert "NOISE" in done.stderr
    evaluated = cli(
        tmp_path, "evaluate", "--extractor", "hostile:printer", "--format", "json", "--bootstrap", "0"
    )
    assert evaluated.returncode == 0, evaluated.stderr
    json.loads(evaluated.stdout)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("exiter", "the extractor called sys.exit(3)"),
        ("interrupter", "the extractor raised KeyboardInterrupt"),
        ("nan", "NaN or an infinity"),
        ("infinite", "NaN or an infinity"),
        ("surrogate", "lone surrogate"),
        ("surrogate_key", "lone surrogate"),
        ("deep", "nested"),
        ("crasher", "killed by signal 9"),
    ],
)
def test_hostile_in_process_extractor_is_one_error_and_writes_nothing(
    tmp_path: Path, name: str, expected: str
) -> None:
    output = tmp_path / "previous.jsonl"
    output.write_text("keep me\n", encoding="utf-8")
    done = cli(tmp_path, "predict", "--extractor", f"hostile:{name}", "--output", str(output))
    assert done.returncode == 1
    assert expected in done.stderr and f"document {gold_documents()[0].doc_id}" in done.stderr
    assert "Traceback" not in done.stderr
    assert output.read_text(encoding="utf-8") == "keep me\n"


def test_file_path_spec_and_hint_for_a_module_here(tmp_path: Path) -> None:
    (tmp_path / "hostile.py").write_text(HOSTILE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    script_path = Path(sys.executable).with_name("paradiplomacy")
    if not script_path.is_file():
        pytest.skip("no paradiplomacy console script beside this Python")
    run = [str(script_path), "predict"]
    hint = subprocess.run(
        [*run, "--extractor", "hostile:printer"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    if hint.returncode == 0:  # `python -m` puts the current folder on sys.path; the console script does not
        pytest.skip("the current folder is importable here")
    assert "give --extractor hostile.py:printer" in hint.stderr
    ok = subprocess.run(
        [*run, "--extractor", "hostile.py:printer"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert ok.returncode == 0, ok.stderr


def test_empty_extractor_is_a_usage_error(tmp_path: Path) -> None:
    output = tmp_path / "p.jsonl"
    output.write_text("keep\n", encoding="utf-8")
    done = cli(tmp_path, "predict", "--extractor", "", "--output", str(output))
    assert done.returncode == 2 and "empty" in done.stderr
    assert output.read_text(encoding="utf-8") == "keep\n"


def test_program_closing_stdout_but_running_is_named_and_ended(tmp_path: Path) -> None:
    body = "import os, sys, time\nos.close(1)\nsys.stdin.readline()\ntime.sleep(300)\n"
    program, error = run_program(script(tmp_path, body))
    assert error is not None and "closed its standard output before answering" in error
    assert group_gone(program.group or 0)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_harness_signal_ends_the_in_process_worker_and_its_children(tmp_path: Path, sig: int) -> None:
    (tmp_path / "hostile.py").write_text(HOSTILE, encoding="utf-8")
    pidfile = tmp_path / "pids"
    harness = subprocess.Popen(
        [sys.executable, "-m", "paradiplomacy", "predict", "--extractor", "hostile:pid_sleeper"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(tmp_path), "PIDFILE": str(pidfile)},
    )
    deadline = time.monotonic() + 60
    while not (pidfile.is_file() and pidfile.read_text().strip()):
        assert time.monotonic() < deadline, "the extractor never started"
        time.sleep(0.05)
    worker, _ = map(int, pidfile.read_text().split())
    group = os.getpgid(worker)
    assert group != os.getpgid(harness.pid)
    harness.send_signal(sig)
    _, err = harness.communicate(timeout=30)
    assert harness.returncode in (130, 143) and b"Traceback" not in err
    assert group_gone(group), "the worker or its child survived"


def test_worker_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARADIPLOMACY_EXTRACTOR_WORKER", "0")
    done = cli(tmp_path, "predict", "--extractor", "hostile:nan")
    assert done.returncode == 1 and "NaN or an infinity" in done.stderr
    assert "--timeout is not enforced" in done.stderr


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            state = stream.read().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return False
    return state != b"Z"


def wait_gone(pid: int, wait: float = 5.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


DETACHER = """import json, os, subprocess, sys
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"],
                              start_new_session=True, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
with open(PIDFILE, "w") as f:
    f.write(str(grandchild.pid))
for line in sys.stdin:
    doc = json.loads(line)
    print(json.dumps({"doc_id": doc["doc_id"]}), flush=True)
"""


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_grandchild_in_its_own_session_is_ended_too(tmp_path: Path, outcome: str) -> None:
    pidfile = tmp_path / "pids"
    body = DETACHER.replace("PIDFILE", repr(str(pidfile)))
    if outcome == "failure":
        body += "sys.exit(0)\n"
        body = body.replace('print(json.dumps({"doc_id": doc["doc_id"]}), flush=True)', "sys.exit(5)")
    child = script(tmp_path, body)
    done = subprocess.run(
        [sys.executable, "-m", "paradiplomacy", "predict", "--command", child],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == (0 if outcome == "success" else 1), done.stderr
    assert "Traceback" not in done.stderr
    grandchild = int(pidfile.read_text())
    assert wait_gone(grandchild), "a grandchild that left the group survived the harness"


def test_extractor_detaching_a_process_leaves_none(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    (tmp_path / "detach.py").write_text(
        "import os, subprocess, sys\n"
        "def extract(doc):\n"
        "    if not os.path.exists(os.environ['PIDFILE']):\n"
        "        p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'],\n"
        "                             start_new_session=True)\n"
        "        open(os.environ['PIDFILE'], 'w').write(str(p.pid))\n"
        "    return {'doc_id': doc['doc_id']}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "paradiplomacy", "predict", "--extractor", "detach:extract"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(tmp_path), "PIDFILE": str(pidfile)},
    )
    assert done.returncode == 0, done.stderr
    assert wait_gone(int(pidfile.read_text())), "a process the extractor detached survived the harness"
