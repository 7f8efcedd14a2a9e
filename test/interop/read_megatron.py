"""Reads a Megatron-LM indexed dataset (`<prefix>.bin` + `<prefix>.idx`) and prints it as JSON.

Usage: read_megatron.py <prefix>
Written from the format's description (Megatron-LM's megatron/core/datasets/indexed_dataset.py),
not from Strata's writer: the `.idx` holds the magic b"MMIDIDX\\x00\\x00", a u64 version (1), a
u8 dtype code, u64 sequence and document counts, then the int32 length and int64 byte offset of
every sequence, then the int64 document indices (sequence ranges, led by 0). Both files are
memory-mapped with the standard library (the interop venv has no numpy); a file whose size
does not match its header is an error.
"""
import json
import mmap
import struct
import sys

MAGIC = b"MMIDIDX\x00\x00"
# Megatron's DType enum: code -> (struct format, item size)
DTYPES = {1: ("B", 1), 2: ("b", 1), 3: ("h", 2), 4: ("i", 4), 5: ("q", 8), 6: ("d", 8), 7: ("f", 4), 8: ("H", 2)}


def mapped(path: str) -> memoryview:
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        return memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b"")


def main() -> None:
    prefix = sys.argv[1]
    idx = mapped(prefix + ".idx")
    assert bytes(idx[:9]) == MAGIC, "bad magic"
    version, code, sequences, documents = struct.unpack_from("<QBQQ", idx, 9)
    fmt, itemsize = DTYPES[code]
    at = 34
    lengths = idx[at : at + 4 * sequences].cast("i").tolist()
    at += 4 * sequences
    pointers = idx[at : at + 8 * sequences].cast("q").tolist()
    at += 8 * sequences
    doc_indices = idx[at : at + 8 * documents].cast("q").tolist()
    at += 8 * documents
    assert at == len(idx), f".idx has {len(idx)} bytes, its header says {at}"

    data = mapped(prefix + ".bin")
    assert sum(lengths) * itemsize == len(data), f".bin has {len(data)} bytes, the lengths say {sum(lengths) * itemsize}"
    tokens = data.cast(fmt) if len(data) else []

    def sequence(i: int) -> list:
        start = pointers[i] // itemsize
        return list(tokens[start : start + lengths[i]])

    docs = []
    for d in range(documents - 1):
        ids: list = []
        for s in range(doc_indices[d], doc_indices[d + 1]):
            ids.extend(sequence(s))
        docs.append(ids)
    json.dump(
        {
            "version": version,
            "dtype_code": code,
            "sequence_count": sequences,
            "document_count": documents,
            "document_indices": doc_indices,
            "pointers": pointers,
            "documents": docs,
        },
        sys.stdout,
    )


main()
