"""The `llm` extractor: an OpenAI-compatible chat model as a registered, cached, replayable extractor.

`prompt` builds the prompt from the vocabulary and guidelines; `client` makes one request; `answer` reads the
model's JSON; `anchor` finds offsets for the names; `cache` keeps every request and answer on disk.
"""

from paradiplomacy.extractors.llm.adapter import LLMExtractor

__all__ = ["LLMExtractor"]
