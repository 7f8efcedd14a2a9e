"""Runs one of datatrove's own pipelines on a JSONL(.gz) file and prints its timings as JSON.

Usage: python run_pipeline.py --pipeline {jsonl,filters,pii,web,minhash} --input corpus.jsonl[.gz]
                              --workdir DIR [--limit N] [--lid-model lid.176.ftz]

Every pipeline is datatrove's LocalPipelineExecutor with tasks=1 and workers=1 (one process,
one core), reading with JsonlReader and writing with JsonlWriter (its default gzip output):

  jsonl    JsonlReader -> JsonlWriter
  filters  JsonlReader -> GopherRepetitionFilter -> GopherQualityFilter -> C4QualityFilter
           -> FineWebQualityFilter -> JsonlWriter (all filters with their defaults)
  pii      JsonlReader -> PIIFormatter -> JsonlWriter
  web      JsonlReader -> LanguageFilter (fastText lid.176, en, 0.65) -> GopherQualityFilter
           -> GopherRepetitionFilter -> C4QualityFilter -> FineWebQualityFilter -> PIIFormatter
           -> JsonlWriter: Strata's web-cleaning recipe as datatrove would run it. datatrove
           would download lid.176.bin; --lid-model hands it the lid.176.ftz Strata uses instead.
  minhash  the four MinHash stages with the default MinhashConfig: signatures, buckets,
           cluster, filter (-> JsonlWriter). The buckets stage asserts tasks % num_buckets == 0,
           so it runs num_buckets (14) tasks, still sequentially with workers=1.

--limit N reads only the first N documents (JsonlReader's own `limit`), for the slow pipelines.
The printed line is one JSON object: seconds and cpu_seconds of the executor runs only (not
interpreter start-up or imports, reported apart as startup_seconds), bytes_in (uncompressed
JSONL bytes of the documents read), docs_in, docs_out, peak_rss_mb, and per-step stats.
Nothing is downloaded: the English word tokenizer is spaCy's blank("en") (rule based, no model),
and the Hugging Face hub is switched off.
"""

import argparse
import gzip
import importlib.metadata
import json
import os
import resource
import sys
import time

T0 = time.perf_counter()
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

PIPELINES = ("jsonl", "filters", "pii", "web", "minhash")


def input_size(path: str, limit: int) -> tuple[int, int]:
    """Uncompressed bytes and documents (non-empty lines) of the first `limit` documents."""
    opener = gzip.open if path.endswith(".gz") else open
    nbytes = docs = 0
    with opener(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            if limit >= 0 and docs >= limit:
                break
            nbytes += len(line)
            docs += 1
    return nbytes, docs


def count_output_docs(folder: str) -> int:
    n = 0
    for root, _, files in os.walk(folder):
        for name in files:
            if name.endswith(".jsonl.gz"):
                with gzip.open(os.path.join(root, name), "rb") as f:
                    n += sum(1 for line in f if line.strip())
            elif name.endswith(".jsonl"):
                with open(os.path.join(root, name), "rb") as f:
                    n += sum(1 for line in f if line.strip())
    return n


def reader(path: str, limit: int) -> JsonlReader:
    return JsonlReader(os.path.dirname(os.path.abspath(path)), glob_pattern=os.path.basename(path), limit=limit)


def executors(pipeline: str, path: str, limit: int, work: str, lid_model: str | None) -> list[LocalPipelineExecutor]:
    out = os.path.join(work, "output")
    logs = os.path.join(work, "logs")

    def local(steps, name, tasks=1):
        return LocalPipelineExecutor(steps, tasks=tasks, workers=1, logging_dir=os.path.join(logs, name))

    if pipeline == "jsonl":
        return [local([reader(path, limit), JsonlWriter(out)], "jsonl")]
    if pipeline == "filters":
        from datatrove.pipeline.filters import (
            C4QualityFilter,
            FineWebQualityFilter,
            GopherQualityFilter,
            GopherRepetitionFilter,
        )

        steps = [GopherRepetitionFilter(), GopherQualityFilter(), C4QualityFilter(), FineWebQualityFilter()]
        return [local([reader(path, limit), *steps, JsonlWriter(out)], "filters")]
    if pipeline == "pii":
        from datatrove.pipeline.formatters import PIIFormatter

        return [local([reader(path, limit), PIIFormatter(), JsonlWriter(out)], "pii")]
    if pipeline == "web":
        import datatrove.utils.lid as lid
        from datatrove.pipeline.filters import (
            C4QualityFilter,
            FineWebQualityFilter,
            GopherQualityFilter,
            GopherRepetitionFilter,
            LanguageFilter,
        )
        from datatrove.pipeline.formatters import PIIFormatter

        if not lid_model:
            sys.exit("run_pipeline.py: --pipeline web needs --lid-model (a local lid.176 file; nothing is downloaded)")
        lid.cached_asset_path_or_download = lambda *args, **kwargs: lid_model
        steps = [LanguageFilter(languages=["en"]), GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter(), PIIFormatter()]
        return [local([reader(path, limit), *steps, JsonlWriter(out)], "web")]
    if pipeline == "minhash":
        # (datatrove.pipeline.dedup's __init__ also imports exact-substring dedup, which needs the
        # `tokenizers` package at import time although MinHash does not use it.)
        from datatrove.pipeline.dedup.minhash import (
            MinhashConfig,
            MinhashDedupBuckets,
            MinhashDedupCluster,
            MinhashDedupFilter,
            MinhashDedupSignature,
        )

        config = MinhashConfig()
        sigs, buckets, remove = (os.path.join(work, d) for d in ("signatures", "buckets", "remove_ids"))
        return [
            local([reader(path, limit), MinhashDedupSignature(output_folder=sigs, config=config)], "1-signatures"),
            local([MinhashDedupBuckets(input_folder=sigs, output_folder=buckets, config=config)], "2-buckets", tasks=config.num_buckets),
            local([MinhashDedupCluster(input_folder=buckets, output_folder=remove, config=config)], "3-cluster"),
            local([reader(path, limit), MinhashDedupFilter(input_folder=remove), JsonlWriter(out)], "4-filter"),
        ]
    raise ValueError(f"unknown pipeline {pipeline!r}; one of {', '.join(PIPELINES)}")


def step_stats(work: str) -> list[dict]:
    """datatrove's own per-step counters (forwarded, dropped, ...) from every stage's stats.json."""
    stats = []
    logs = os.path.join(work, "logs")
    for stage in sorted(os.listdir(logs)):
        try:
            with open(os.path.join(logs, stage, "stats.json")) as f:
                data = json.load(f)
        except FileNotFoundError:
            continue
        for step in data:
            counters = {k: v for k, v in step.get("stats", {}).items() if isinstance(v, int)}
            time_stats = step.get("time_stats")
            seconds = time_stats.get("total") if isinstance(time_stats, dict) else time_stats
            stats.append({"stage": stage, "step": step.get("name"), "seconds": seconds, **counters})
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pipeline", required=True, choices=PIPELINES)
    parser.add_argument("--input", required=True, help="a .jsonl or .jsonl.gz file with 'id' and 'text' per line")
    parser.add_argument("--workdir", required=True, help="an empty or missing directory for outputs and logs")
    parser.add_argument("--limit", type=int, default=-1, help="read only the first N documents (-1: all)")
    parser.add_argument("--lid-model", help="the lid.176 model file for --pipeline web")
    args = parser.parse_args()
    if os.path.exists(args.workdir) and os.listdir(args.workdir):
        sys.exit(f"run_pipeline: {args.workdir} is not empty (datatrove would skip completed tasks)")

    bytes_in, docs_in = input_size(args.input, args.limit)
    runs = executors(args.pipeline, args.input, args.limit, args.workdir, args.lid_model)
    startup = time.perf_counter() - T0

    before = os.times()
    start = time.perf_counter()
    for executor in runs:
        executor.run()
    seconds = time.perf_counter() - start
    after = os.times()
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))

    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    result = {
        "peer": "datatrove",
        "version": importlib.metadata.version("datatrove"),
        "python": sys.version.split()[0],
        "pipeline": args.pipeline,
        "input": os.path.abspath(args.input),
        "limit": args.limit,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "startup_seconds": startup,
        "bytes_in": bytes_in,
        "docs_in": docs_in,
        "docs_out": count_output_docs(os.path.join(args.workdir, "output")),
        "peak_rss_mb": peak_kb / 1024,
        "stats": step_stats(args.workdir),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
