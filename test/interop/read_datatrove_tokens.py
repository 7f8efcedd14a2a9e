"""Reads a datatrove token file (`<name>.ds`, `.ds.index`, `.ds.metadata`) and prints it as JSON.

Usage: read_datatrove_tokens.py <path of the .ds file>
Reads as datatrove's DocumentTokenizerMerger does, written independently (datatrove's reader
class needs torch, and the interop venv has neither datatrove nor numpy): the token size comes
from the metadata's first line, `<tokenizer>|<token size>`; the `.ds` holds little-endian uint16
(size 2) or uint32 (size 4) ids; the `.index` each document's end in tokens as uint64. Files are
memory-mapped with the standard library; an index that does not end at the last token is an error.
"""
import json
import mmap
import sys


def mapped(path: str) -> memoryview:
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        return memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b"")


def main() -> None:
    path = sys.argv[1]
    with open(path + ".metadata", encoding="utf-8") as f:
        metadata = f.read()
    tokenizer, token_size = metadata.splitlines()[0].split("|")
    fmt = {"2": "H", "4": "I"}[token_size]
    data = mapped(path)
    assert len(data) % int(token_size) == 0, f".ds has {len(data)} bytes, not a whole number of tokens"
    tokens = data.cast(fmt) if len(data) else []
    index = mapped(path + ".index")
    ends = index.cast("Q").tolist() if len(index) else []
    assert (ends[-1] if ends else 0) == len(tokens), f"the index ends at {ends[-1] if ends else 0}, the .ds holds {len(tokens)} tokens"
    docs, start = [], 0
    for end in ends:
        assert start <= end, f"document ends go backwards at {end}"
        docs.append(list(tokens[start:end]))
        start = end
    json.dump({"metadata": metadata, "tokenizer": tokenizer, "token_size": int(token_size), "ends": ends, "documents": docs}, sys.stdout)


main()
