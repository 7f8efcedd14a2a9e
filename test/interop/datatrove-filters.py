"""Runs datatrove's six heuristic quality filters, with their default parameters, over documents.

Usage: python datatrove-filters.py <input.jsonl> <output.jsonl> <badwords-dir>

Each input line is {"id", "text", "language"?}; each output line is {"id", "results": {filter:
reason or null}, "c4_quality_text": the cleaned text when C4QualityFilter keeps the document,
"c4_quality_stable": C4QualityFilter run again on its own output until that stops changing it,
as {"text"} or, when a later pass drops it, {"reason"}} (a first pass is not always stable).
Every filter sees the document as given (they are not chained). A document's "language" becomes
its metadata["language"], which only C4BadWordsFilter reads. datatrove downloads the bad-word
lists at run time; here they come from <badwords-dir> (Strata's bundled copies of the same
pinned files), and nothing is fetched from the network.

Run by test/interop/make-filter-fixture.ts, which writes the input and builds the fixture.
"""

import json
import os
import sys
from importlib.metadata import version

from datatrove.data import Document
from datatrove.pipeline.filters import c4_filters
from datatrove.pipeline.filters.c4_filters import C4BadWordsFilter, C4ParagraphFilter, C4QualityFilter
from datatrove.pipeline.filters.fineweb_quality_filter import FineWebQualityFilter
from datatrove.pipeline.filters.gopher_quality_filter import GopherQualityFilter
from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter

# The commits datatrove 0.10.1 pins the lists at (see Strata's c4-badwords/README.md).
PINNED_URLS = (
    "https://raw.githubusercontent.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words/25e679f03d96baa721cde20db9944649e8d0a844/en",
    "https://raw.githubusercontent.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words/5faf2ba42d7b1c0977169ec3611df25a3c08eb13/",
)


def stable(step: C4QualityFilter, text: str) -> dict:
    """C4QualityFilter applied to its own output until the text stops changing (or a pass drops it)."""
    for _ in range(10):
        doc = Document(text=text, id="again")
        verdict = step.filter(doc)
        if verdict is not True:
            return {"reason": verdict[1]}
        if doc.text == text:
            return {"text": text}
        text = doc.text
    raise RuntimeError("C4QualityFilter did not settle in 10 passes")


def main(input_path: str, output_path: str, badwords_dir: str) -> None:
    def bundled_list(url: str, namespace: str, subfolder: str) -> str:
        if not url.startswith(PINNED_URLS):
            raise RuntimeError(f"datatrove asked for an unexpected bad-words list: {url}")
        return os.path.join(badwords_dir, url.rsplit("/", 1)[1])

    c4_filters.cached_asset_path_or_download = bundled_list

    filters = {
        "gopher_quality": GopherQualityFilter(),
        "gopher_repetition": GopherRepetitionFilter(),
        "c4_quality": C4QualityFilter(),
        "c4_paragraph": C4ParagraphFilter(),
        "c4_badwords": C4BadWordsFilter(),
        "fineweb_quality": FineWebQualityFilter(),
    }
    with open(input_path, encoding="utf-8") as inputs, open(output_path, "w", encoding="utf-8") as out:
        for line in inputs:
            record = json.loads(line)
            metadata = {"language": record["language"]} if "language" in record else {}
            results = {}
            c4_text = c4_stable = None
            for name, step in filters.items():
                doc = Document(text=record["text"], id=record["id"], metadata=dict(metadata))
                verdict = step.filter(doc)
                kept, reason = (verdict, None) if isinstance(verdict, bool) else verdict
                results[name] = None if kept else (reason or "dropped")
                if name == "c4_quality" and kept:
                    c4_text = doc.text
                    c4_stable = stable(step, doc.text)
            line = {"id": record["id"], "results": results, "c4_quality_text": c4_text, "c4_quality_stable": c4_stable}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(json.dumps({"datatrove": version("datatrove"), "spacy": version("spacy")}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
