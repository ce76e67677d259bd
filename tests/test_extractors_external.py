"""Faults of external programs: each ends with one message naming the document and the stderr tail, and the
program is always gone afterwards (its pid no longer exists)."""

from __future__ import annotations

import os
import re
import shlex
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from paradiplomacy.cli import main
from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import run_extractor
from paradiplomacy.extractors.documents import gold_documents
from paradiplomacy.extractors.external import ExternalProgram

HEADER = """import json, os, sys, time
print(f"pid={os.getpid()}", file=sys.stderr, flush=True)
for number, line in enumerate(sys.stdin, 1):
    doc = json.loads(line)
"""
ANSWER = "    print(json.dumps({'doc_id': doc['doc_id']}), flush=True)\n"


def program(tmp_path: Path, body: str) -> str:
    script = tmp_path / "extractor.py"
    script.write_text(HEADER + body + ANSWER)
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def fail(tmp_path: Path, body: str, timeout: float = 10.0) -> str:
    documents = gold_documents()
    with pytest.raises(InputError) as caught, ExternalProgram(program(tmp_path, body), timeout=timeout) as ex:
        run_extractor(ex, documents, source=ex.source)
    assert ex.process is not None and gone(ex.process.pid), "the program is still running"
    return str(caught.value)


def test_timeout(tmp_path):
    message = fail(
        tmp_path, "    print('thinking hard', file=sys.stderr, flush=True); time.sleep(60)\n", timeout=0.5
    )
    assert f"document {gold_documents()[0].doc_id}: no answer within 0.5 s (timeout)" in message
    assert "thinking hard" in message


def test_crash_shows_exit_status_and_last_stderr_lines(tmp_path):
    body = (
        "    if number == 2:\n"
        "        for i in range(1, 13): print(f'trace line {i}', file=sys.stderr)\n"
        "        sys.exit(3)\n"
    )
    message = fail(tmp_path, body)
    assert f"document {gold_documents()[1].doc_id}: program exited with status 3 before answering" in message
    assert "trace line 12" in message and "trace line 3" in message
    assert "trace line 2\n" not in message + "\n" and "trace line 1\n" not in message + "\n"


def test_non_json_line(tmp_path):
    message = fail(tmp_path, "    print('Loading model...', flush=True)\n")
    assert (
        f"document {gold_documents()[0].doc_id}: answered a line that is not JSON: 'Loading model...'"
        in message
    )


def test_wrong_doc_id(tmp_path):
    message = fail(tmp_path, "    print(json.dumps({'doc_id': 'someone-else'}), flush=True)\n")
    assert f"document {gold_documents()[0].doc_id}: answered for document 'someone-else' instead" in message


def test_not_an_object(tmp_path):
    message = fail(tmp_path, "    print('[1, 2]', flush=True)\n")
    assert "answered JSON that is not an object" in message


def test_flooding_stderr_does_not_block(tmp_path):
    script = program(tmp_path, "    sys.stderr.write('x' * 200000 + '\\n'); sys.stderr.flush()\n")
    documents = gold_documents()
    with ExternalProgram(script, timeout=10) as ex:
        predictions = run_extractor(ex, documents, source=ex.source)
    assert [p["doc_id"] for p in predictions] == [d.doc_id for d in documents]
    assert ex.process is not None and ex.process.returncode == 0


def test_keyboard_interrupt_cleans_up(tmp_path):
    ex = ExternalProgram(program(tmp_path, "    time.sleep(60)\n"), timeout=30)
    # A real SIGINT to the main thread, as Ctrl-C in a terminal gives.
    timer = threading.Timer(0.5, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT))
    with pytest.raises(KeyboardInterrupt), ex:
        timer.start()
        run_extractor(ex, gold_documents(), source=ex.source)
    timer.join()
    assert ex.process is not None and ex.process.returncode is not None
    with pytest.raises(ProcessLookupError):
        os.kill(ex.process.pid, 0)


def test_program_not_found(capsys):
    assert main(["predict", "--command", "/no/such/program --flag"]) == 1
    assert "cannot start '/no/such/program'" in capsys.readouterr().err


def test_unbalanced_quotes(capsys):
    assert main(["predict", "--command", "python 'oops"]) == 1
    assert "cannot split into arguments" in capsys.readouterr().err


def test_cli_crash_is_one_message_and_exit_1(tmp_path, capsys):
    command = program(tmp_path, "    print('fatal: no GPU', file=sys.stderr); sys.exit(7)\n")
    started = time.monotonic()
    assert main(["predict", "--command", command, "--timeout", "10"]) == 1
    err = capsys.readouterr().err
    assert time.monotonic() - started < 10
    assert "Traceback" not in err
    assert "program exited with status 7 before answering" in err and "fatal: no GPU" in err
    assert gone(int(re.search(r"pid=(\d+)", err).group(1)))  # type: ignore[union-attr]


def test_cli_timeout_option_is_checked(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["predict", "--command", "x", "--timeout", "0"])
    assert caught.value.code == 2
    assert "must be a number of seconds more than 0" in capsys.readouterr().err
