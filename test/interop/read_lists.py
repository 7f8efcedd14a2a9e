"""Reads a Strata table of list columns with independent readers and prints what they see, as JSON.

Usage: read_lists.py <out.json> <table> <data file>...
Writes to a file rather than stdout: Node's execFileSync takes tens of seconds to collect
the tens of megabytes printed. delta-rs (the `deltalake` package) reads the table through its own log replay; pyarrow reads
the listed Parquet files directly. For each: the Arrow type of every column, and the rows
sorted by `id`, with the elements of int64 lists printed as decimal strings so that values
beyond 2^53 compare exactly.
"""
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import DeltaTable


def printable(table: pa.Table) -> dict:
    longs = [f.name for f in table.schema if pa.types.is_list(f.type) and pa.types.is_int64(f.type.value_type)]
    rows = table.to_pylist()
    for row in rows:
        for name in longs:
            if row[name] is not None:
                row[name] = [str(x) for x in row[name]]
    return {
        "types": {f.name: f"{f.type}{'' if f.nullable else ' not null'}" for f in table.schema},
        "rows": sorted(rows, key=lambda r: r["id"]),
    }


def main() -> None:
    out, path, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    dt = DeltaTable(path)
    with open(out, "w") as sink:
        json.dump({
            "deltalake": printable(pa.table(dt.to_pyarrow_table())),
            "pyarrow": printable(pa.concat_tables(pq.read_table(f) for f in files)),
        }, sink)


main()
