"""Runs datatrove's sentence deduplication (its three stages, one task) over documents.

Usage: python datatrove_sentence_dedup.py <input.jsonl> <configs.json> <output.jsonl>

Each input line is {"id", "text"}; <configs.json> is {name: {SentDedupConfig and
TextNormConfig fields}}. For each config the documents go, in input order, through
SentenceDedupSignature, SentenceFindDedups and SentenceDedupFilter (English) in a fresh
folder. Each output line is {"id", "results": {name: the text SentenceDedupFilter yields, or
null when it leaves the document out}}. Prints the datatrove and spaCy versions as JSON.

Run by test/interop/make-sentence-dedup-fixture.ts, which writes the input and builds the fixture.
"""

import dataclasses
import json
import sys
import tempfile
from importlib.metadata import version

from datatrove.data import Document
from datatrove.pipeline.dedup.sentence_dedup import (
    SentDedupConfig,
    SentenceDedupFilter,
    SentenceDedupSignature,
    SentenceFindDedups,
)
from datatrove.utils.logging import logger
from datatrove.utils.text import TextNormConfig

NORM_FIELDS = {f.name for f in dataclasses.fields(TextNormConfig)}


def dedup(texts: list[tuple[str, str]], fields: dict) -> dict[str, str | None]:
    norm = TextNormConfig(**{k: v for k, v in fields.items() if k in NORM_FIELDS})
    config = SentDedupConfig(norm_config=norm, **{k: v for k, v in fields.items() if k not in NORM_FIELDS})
    docs = lambda: (Document(text=text, id=doc_id) for doc_id, text in texts)  # noqa: E731
    with tempfile.TemporaryDirectory() as folder:
        SentenceDedupSignature(output_folder=f"{folder}/sigs", config=config).run(docs(), rank=0, world_size=1)
        SentenceFindDedups(data_folder=f"{folder}/sigs", output_folder=f"{folder}/dups", config=config).run(rank=0, world_size=1)
        kept = SentenceDedupFilter(data_folder=f"{folder}/dups", config=config).run(docs(), rank=0, world_size=1)
        out: dict[str, str | None] = {doc_id: None for doc_id, _ in texts}
        for doc in kept:
            out[doc.id] = doc.text
        return out


def main(input_path: str, configs_path: str, output_path: str) -> None:
    logger.remove()
    with open(input_path, encoding="utf-8") as f:
        texts = [(d["id"], d["text"]) for d in map(json.loads, f)]
    with open(configs_path, encoding="utf-8") as f:
        configs = json.load(f)
    results = {name: dedup(texts, fields) for name, fields in configs.items()}
    with open(output_path, "w", encoding="utf-8") as f:
        for doc_id, _ in texts:
            f.write(json.dumps({"id": doc_id, "results": {name: results[name][doc_id] for name in configs}}) + "\n")
    print(json.dumps({"datatrove": version("datatrove"), "spacy": version("spacy")}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
