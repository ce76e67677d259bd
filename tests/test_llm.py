"""The `llm` extractor: the real `openai` client against a real chat-completions server on 127.0.0.1.

The stand-in server's answers are built here, from the gold files, never in the package. Every fault ends
with exit 1 and one line naming the document; the cache keeps what was answered.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("CI") != "true":  # under CI the extra must be installed (nox does): missing fails
    pytest.importorskip("openai", reason="the llm extractor's tests need its extra: pip install '.[llm]'")

from llm_stand_in import Drop, Raw, Reply, Sleep, StandIn, Status, doc_id_of

from paradiplomacy.cli import main
from paradiplomacy.resources import annotations_dir

GOLD = {
    path.stem: json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(annotations_dir().glob("*.json"))
    if path.name != "agreement.json"
}
DOC_IDS = sorted(GOLD)


def perfect(doc_id: str) -> dict[str, Any]:
    """The gold as the prompt asks for it: names only, parties as the texts of their mentions, no offsets."""
    gold = GOLD[doc_id]
    text_of = {entity["id"]: entity["text"] for entity in gold["entities"]}
    return {
        "doc_id": doc_id,
        "entities": [{"label": e["label"], "text": e["text"]} for e in gold["entities"]],
        "agreements": [
            {
                "type": a["type"],
                "status": a["status"],
                "parties": [text_of[p] for p in a["parties"]],
                "sectors": a.get("sectors", []),
            }
            for a in gold["agreements"]
        ],
        "sectors": gold["sectors"],
    }


def perfect_reply(doc_id: str, request: dict[str, Any], number: int) -> Reply:
    return Reply(json.dumps(perfect(doc_id), ensure_ascii=False))


def args(server: StandIn | str, cache: Path, **more: str) -> list[str]:
    url = server if isinstance(server, str) else server.url
    options = {"model": "stand-in", "base_url": url, "cache": str(cache), "retries": "1", **more}
    return ["--extractor", "llm", "--extractor-args", ",".join(f"{k}={v}" for k, v in options.items())]


def cached(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json"))


def one_line_error(capsys: pytest.CaptureFixture[str], rc: int) -> str:
    err = capsys.readouterr().err.strip()
    assert rc == 1, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "error:" in line]
    assert len(lines) == 1, err
    return lines[0]


def test_perfect_answers_score_one_on_every_layer(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    with StandIn(perfect_reply) as server:
        rc = main(["evaluate", *args(server, tmp_path / "cache"), "--format", "json", "--output", str(out)])
    assert rc == 0
    headline = json.loads(out.read_text(encoding="utf-8"))["headline"]
    for layer in ("mentions_text", "entities", "agreements", "agreement_types"):
        assert headline[layer]["f1"] == 1.0, layer
    assert headline["sectors.micro"]["f1"] == 1.0
    # The names were anchored at the gold's own offsets, so the offset layer is perfect too.
    assert headline["mentions.strict"]["f1"] == 1.0
    assert len(server.requests) == len(DOC_IDS) == len(cached(tmp_path / "cache"))


def test_requests_follow_the_settings_one_document_each(tmp_path: Path) -> None:
    with StandIn(perfect_reply) as server:
        rc = main(
            ["predict", *args(server, tmp_path / "c", seed="7", max_tokens="999"), "--output", "/dev/null"]
        )
    assert rc == 0
    for request in server.requests:
        assert request["model"] == "stand-in"
        assert request["temperature"] == 0 and request["seed"] == 7 and request["max_tokens"] == 999
        assert request["response_format"]["type"] == "json_schema"
        schema = request["response_format"]["json_schema"]["schema"]
        assert schema["properties"]["entities"]["items"]["properties"]["label"]["enum"][0] == "PER"
        doc_id = doc_id_of(request)
        user = request["messages"][-1]["content"]
        assert GOLD[doc_id]["doc_id"] == doc_id
        assert sum(other in user for other in DOC_IDS) == 1  # one document per request
    assert sorted(doc_id_of(r) for r in server.requests) == DOC_IDS


def test_meta_records_usage_latency_and_anchoring(tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    with StandIn(perfect_reply) as server:
        assert main(["predict", *args(server, tmp_path / "c"), "--output", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        meta = record["meta"]
        assert meta["usage"]["prompt_tokens"] == 1000 and meta["latency_s"] >= 0
        assert meta["response_format"] == "json_schema" and meta["retries"] == 0
        assert meta["anchored"] == len(record["entities"]) and meta["unanchored"] == 0


def test_second_run_replays_from_the_cache_with_the_server_stopped(tmp_path: Path, capsys) -> None:
    first, second, cache = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "cache"
    with StandIn(perfect_reply) as server:
        assert main(["predict", *args(server, cache), "--output", str(first)]) == 0
        url = server.url
    # The server is gone: offline=true and a plain second run both answer from the cache alone.
    assert main(["predict", *args(url, cache, offline="true"), "--output", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()
    assert main(["predict", *args(url, cache), "--output", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()


def test_offline_cache_miss_names_the_document(tmp_path: Path, capsys) -> None:
    rc = main(["predict", *args("http://127.0.0.1:9/v1", tmp_path / "empty", offline="true")])
    line = one_line_error(capsys, rc)
    assert f"document {DOC_IDS[0]} (and {len(DOC_IDS) - 1} more)" in line and "offline=true" in line


def test_malformed_answer_fails_naming_the_document_and_the_cache_keeps_the_answers(
    tmp_path: Path, capsys
) -> None:
    bad = DOC_IDS[2]

    def script(doc_id: str, request: dict[str, Any], number: int) -> Reply:
        return (
            Reply("Sure! Here are the entities: none")
            if doc_id == bad
            else perfect_reply(doc_id, request, number)
        )

    cache = tmp_path / "cache"
    with StandIn(script) as server:
        rc = main(["predict", *args(server, cache, concurrency="1"), "--output", str(tmp_path / "p.jsonl")])
    line = one_line_error(capsys, rc)
    assert f"document {bad}" in line and "no JSON object" in line
    assert not (tmp_path / "p.jsonl").exists()
    assert len(cached(cache)) == 3  # the two documents before it and the malformed answer itself
    with StandIn(perfect_reply) as server:  # a fixed server: only the documents not yet answered are asked
        rc = main(["predict", *args(server, cache, refresh="false"), "--output", str(tmp_path / "p.jsonl")])
        assert rc == 1  # the malformed answer is replayed as it was cached ...
        rc = main(["predict", *args(server, cache, refresh="true"), "--output", str(tmp_path / "p.jsonl")])
    assert rc == 0  # ... until refresh=true asks again
    assert len(cached(cache)) == len(DOC_IDS)


def test_rate_limit_then_success_is_retried(tmp_path: Path) -> None:
    seen: set[str] = set()

    def script(doc_id: str, request: dict[str, Any], number: int) -> Reply | Status:
        if doc_id not in seen:
            seen.add(doc_id)
            return Status(429, "slow down", {"retry-after-ms": "20"})
        return perfect_reply(doc_id, request, number)

    out = tmp_path / "p.jsonl"
    with StandIn(script) as server:
        assert main(["predict", *args(server, tmp_path / "c"), "--output", str(out)]) == 0
    assert len(server.requests) == 2 * len(DOC_IDS)
    assert all(json.loads(line)["meta"]["retries"] == 1 for line in out.read_text().splitlines())


def test_server_errors_are_retried_then_reported(tmp_path: Path, capsys) -> None:
    with StandIn(lambda d, r, n: Status(503, "overloaded", {"retry-after-ms": "10"})) as server:
        rc = main(["predict", *args(server, tmp_path / "c", concurrency="1")])
    line = one_line_error(capsys, rc)
    assert f"document {DOC_IDS[0]}" in line and "HTTP 503" in line and "2 attempts" in line
    assert len(server.requests) == 2 and cached(tmp_path / "c") == []


def test_timeout(tmp_path: Path, capsys) -> None:
    with StandIn(lambda d, r, n: Sleep(1.5, perfect_reply(d, r, n))) as server:
        rc = main(["predict", *args(server, tmp_path / "c", timeout="0.3", retries="0", concurrency="1")])
    line = one_line_error(capsys, rc)
    assert f"document {DOC_IDS[0]}" in line and "no answer within timeout=0.3s" in line


def test_dropped_connection(tmp_path: Path, capsys) -> None:
    with StandIn(lambda d, r, n: Drop()) as server:
        rc = main(["predict", *args(server, tmp_path / "c", concurrency="1")])
    line = one_line_error(capsys, rc)
    assert f"document {DOC_IDS[0]}" in line and "no answer from the server" in line
    assert len(server.requests) == 2  # retried once


def test_unauthorised_is_not_retried(tmp_path: Path, capsys) -> None:
    with StandIn(lambda d, r, n: Status(401, "Incorrect API key provided")) as server:
        rc = main(["predict", *args(server, tmp_path / "c", concurrency="1")])
    line = one_line_error(capsys, rc)
    assert "HTTP 401" in line and "OPENAI_API_KEY" in line and f"document {DOC_IDS[0]}" in line
    assert len(server.requests) == 1


def test_api_key_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-123")
    with StandIn(perfect_reply) as server:
        assert main(["predict", *args(server, tmp_path / "c"), "--output", "/dev/null"]) == 0
    assert {h.get("authorization") for h in server.headers} == {"Bearer sk-test-123"}
    assert "sk-test-123" not in "".join(p.read_text() for p in cached(tmp_path / "c"))


def test_answer_for_another_document(tmp_path: Path, capsys) -> None:
    with StandIn(lambda d, r, n: perfect_reply(DOC_IDS[-1], r, n)) as server:
        rc = main(["predict", *args(server, tmp_path / "c", concurrency="1")])
    line = one_line_error(capsys, rc)
    assert f"document {DOC_IDS[0]}" in line and f"answer is for document '{DOC_IDS[-1]}'" in line


def test_server_down(tmp_path: Path, capsys) -> None:
    with StandIn(perfect_reply) as server:
        url = server.url  # the port is closed once the server stops
    rc = main(["predict", *args(url, tmp_path / "c", retries="0")])
    line = one_line_error(capsys, rc)
    assert "no answer from the server" in line and f"document {DOC_IDS[0]}" in line


def test_answer_that_is_not_a_completion(tmp_path: Path, capsys) -> None:
    with StandIn(lambda d, r, n: Raw(200, b"<html>gateway</html>")) as server:
        rc = main(["predict", *args(server, tmp_path / "c", concurrency="1")])
    line = one_line_error(capsys, rc)
    assert "not a chat completion" in line and f"document {DOC_IDS[0]}" in line


def test_server_without_structured_output_falls_back_to_json_mode_and_tolerant_parsing(
    tmp_path: Path,
) -> None:
    def script(doc_id: str, request: dict[str, Any], number: int) -> Reply | Status:
        if request.get("response_format", {}).get("type") == "json_schema":
            return Status(400, "response_format type json_schema is not supported by this server")
        fenced = json.dumps(perfect(doc_id), ensure_ascii=False, indent=1)
        return Reply(f"Here is the annotation:\n```json\n{fenced}\n```\nAnything else?")

    out = tmp_path / "r.json"
    with StandIn(script) as server:
        rc = main(["evaluate", *args(server, tmp_path / "c", concurrency="1"), "--format", "json",
                   "--output", str(out), "--bootstrap", "0"])  # fmt: skip
    assert rc == 0
    assert json.loads(out.read_text())["headline"]["mentions_text"]["f1"] == 1.0
    formats = [r.get("response_format", {}).get("type") for r in server.requests]
    assert formats == ["json_schema", "json_object", *["json_object"] * (len(DOC_IDS) - 1)]


def test_items_outside_the_vocabulary_are_dropped_and_counted(tmp_path: Path) -> None:
    def script(doc_id: str, request: dict[str, Any], number: int) -> Reply:
        answer = perfect(doc_id)
        answer["entities"].append({"label": "PERSON", "text": "Nobody"})
        answer["sectors"].append("space")
        return Reply(json.dumps(answer, ensure_ascii=False))

    out = tmp_path / "p.jsonl"
    with StandIn(script) as server:
        assert main(["predict", *args(server, tmp_path / "c"), "--output", str(out)]) == 0
    meta = json.loads(out.read_text().splitlines()[0])["meta"]
    assert meta["dropped"] == {"entity label 'PERSON'": 1, "sector 'space'": 1}


@pytest.mark.parametrize(
    ("extractor_args", "message"),
    [
        ("base_url=http://127.0.0.1:9/v1", "model= is required"),
        ("model=m,colour=red", "unknown option(s) colour"),
        ("model=m,timeout=soon", "timeout='soon' is not a number"),
        ("model=m,concurrency=0", "concurrency=0 is out of range"),
        ("model=m,offline=maybe", "offline='maybe' must be true or false"),
        ("model=m,response_format=xml", "response_format='xml'"),
    ],
)
def test_bad_options(extractor_args: str, message: str, capsys) -> None:
    rc = main(["predict", "--extractor", "llm", "--extractor-args", extractor_args])
    assert message in one_line_error(capsys, rc)


def test_describe_records_settings_and_versions(tmp_path: Path) -> None:
    from paradiplomacy.extractors.base import attempted, described
    from paradiplomacy.extractors.registry import resolve

    extractor = resolve(
        "llm", {"model": "m", "base_url": "http://user:secret@host:8000/v1?k=1", "cache": "x"}
    )
    settings = described(extractor)
    assert settings["model"] == "m" and settings["prompt"].startswith("p1-") and settings["openai"]
    assert settings["base_url"] == "http://host:8000/v1" and "secret" not in json.dumps(settings)
    assert settings["temperature"] == 0 and settings["seed"] == 12345
    assert attempted(extractor)["layers"] == ["mentions", "entities", "agreements", "sectors"]


def test_a_committed_cache_reproduces_the_results_anywhere(tmp_path: Path) -> None:
    import shutil

    first, second = tmp_path / "a.json", tmp_path / "b.json"
    score = ["--format", "json", "--bootstrap", "50"]
    with StandIn(perfect_reply) as server:
        assert main(["evaluate", *args(server, tmp_path / "cache"), *score, "--output", str(first)]) == 0
    shutil.copytree(tmp_path / "cache", tmp_path / "elsewhere" / "committed")
    replay = args("http://127.0.0.1:9/v1", tmp_path / "elsewhere" / "committed", offline="true")
    assert main(["evaluate", *replay, *score, "--output", str(second)]) == 0
    assert json.loads(second.read_text())["headline"] == json.loads(first.read_text())["headline"]


def test_a_damaged_cache_entry_is_named(tmp_path: Path, capsys) -> None:
    with StandIn(perfect_reply) as server:
        assert main(["predict", *args(server, tmp_path / "c"), "--output", "/dev/null"]) == 0
    entry = cached(tmp_path / "c")[0]
    entry.write_text("{not json")
    rc = main(["predict", *args("http://127.0.0.1:9/v1", tmp_path / "c", offline="true")])
    line = one_line_error(capsys, rc)
    assert str(entry) in line and "unreadable cache entry" in line


def test_an_answer_cut_at_max_tokens_says_so(tmp_path: Path, capsys) -> None:
    def script(doc_id: str, request: dict[str, Any], number: int) -> Reply:
        return Reply(json.dumps(perfect(doc_id))[:50], finish_reason="length")

    with StandIn(script) as server:
        rc = main(["predict", *args(server, tmp_path / "c", concurrency="1", max_tokens="20")])
    line = one_line_error(capsys, rc)
    assert "cut at max_tokens=20" in line and f"document {DOC_IDS[0]}" in line


def test_a_server_wanting_max_completion_tokens_is_asked_again_with_it(tmp_path: Path) -> None:
    def script(doc_id: str, request: dict[str, Any], number: int) -> Reply | Status:
        if "max_tokens" in request:
            return Status(400, "Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead.")
        return perfect_reply(doc_id, request, number)

    with StandIn(script) as server:
        rc = main(["predict", *args(server, tmp_path / "c", concurrency="1"), "--output", "/dev/null"])
    assert rc == 0
    assert [r.get("max_completion_tokens") for r in server.requests] == [None, *[4096] * len(DOC_IDS)]
    entry = json.loads(cached(tmp_path / "c")[0].read_text())
    assert entry["request"]["max_completion_tokens"] == 4096 and "max_tokens" not in entry["request"]


def test_offline_replay_needs_no_openai_package(tmp_path: Path, monkeypatch) -> None:
    import sys

    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    with StandIn(perfect_reply) as server:
        assert main(["predict", *args(server, tmp_path / "c"), "--output", str(first)]) == 0
    monkeypatch.setitem(sys.modules, "openai", None)  # as if the [llm] extra were not installed
    replay = args("http://127.0.0.1:9/v1", tmp_path / "c", offline="true")
    assert main(["predict", *replay, "--output", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()


def test_without_the_openai_package_a_request_names_the_extra(tmp_path: Path, monkeypatch, capsys) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openai", None)
    rc = main(["predict", *args("http://127.0.0.1:9/v1", tmp_path / "c")])
    assert "pip install 'paradiplomacy[llm]'" in one_line_error(capsys, rc)


@pytest.mark.parametrize("concurrency", [1, 2])
def test_requests_in_flight_never_exceed_the_concurrency(tmp_path: Path, concurrency: int) -> None:
    with StandIn(lambda d, r, n: Sleep(0.2, perfect_reply(d, r, n))) as server:
        extractor_args = args(server, tmp_path / "c", concurrency=str(concurrency))
        assert main(["predict", *extractor_args, "--output", "/dev/null"]) == 0
    assert server.most_in_flight == concurrency


def test_interrupt_starts_no_new_request(tmp_path: Path) -> None:
    """Ctrl-C during a run of a paid API: the command stops; queued documents are never sent."""
    import signal
    import subprocess
    import sys
    import time

    with StandIn(lambda d, r, n: Sleep(0.5, perfect_reply(d, r, n))) as server:
        command = [
            sys.executable,
            "-m",
            "paradiplomacy",
            "predict",
            *args(server, tmp_path / "c", concurrency="1"),
        ]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while not server.requests and time.monotonic() < deadline:
                time.sleep(0.02)
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=30)
        finally:
            process.kill()
            process.wait()
        time.sleep(1)  # anything the interrupted run would still send arrives by now
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert len(server.requests) <= 2 < len(DOC_IDS)


def test_each_run_says_what_was_asked_what_the_cache_answered_and_the_tokens(tmp_path: Path, capsys) -> None:
    with StandIn(perfect_reply) as server:
        assert main(["predict", *args(server, tmp_path / "c"), "--output", "/dev/null"]) == 0
        first = capsys.readouterr().err
        assert main(["predict", *args(server, tmp_path / "c"), "--output", "/dev/null"]) == 0
        second = capsys.readouterr().err
    assert f"{len(DOC_IDS)} documents, {len(DOC_IDS)} asked, 0 from the cache" in first
    assert f"tokens {1000 * len(DOC_IDS)} prompt" in first
    assert f"{len(DOC_IDS)} documents, 0 asked, {len(DOC_IDS)} from the cache" in second


def test_a_cache_that_is_not_a_folder(tmp_path: Path, capsys) -> None:
    (tmp_path / "file").write_text("")
    rc = main(["predict", *args("http://127.0.0.1:9/v1", tmp_path / "file")])
    assert "is not a folder" in one_line_error(capsys, rc)


@pytest.mark.parametrize(
    "body", [b'{"choices": []}', b'{"choices": [{"message": {"content": null}}]}', b"[1, 2]"]
)
def test_a_completion_without_text_is_named(tmp_path: Path, capsys, body: bytes) -> None:
    with StandIn(lambda d, r, n: Raw(200, body)) as server:
        rc = main(["predict", *args(server, tmp_path / "c", concurrency="1")])
    line = one_line_error(capsys, rc)
    assert f"document {DOC_IDS[0]}" in line and ("content" in line or "not a chat completion" in line)
