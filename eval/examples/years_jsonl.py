"""An example external extractor: a program speaking JSON Lines on stdin/stdout.

    paradiplomacy predict --command "python eval/examples/years_jsonl.py" --output years.jsonl

It reads one document per line ({"doc_id", "language", "text"}) and must answer each with exactly one line
(a prediction, see schema/prediction.schema.json) before the next document is sent; flush after every line.
Anything for humans goes to stderr: the harness shows its last lines when something goes wrong.
Any language works; this one wraps the Python example so that both give identical predictions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from years import extract


def main() -> int:
    for line in sys.stdin:
        document = json.loads(line)
        print(json.dumps(extract(document), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
