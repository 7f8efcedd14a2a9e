"""Reads a Delta table with independent readers and prints what they see, as JSON.

Usage: read_delta.py <table> <manifest.json>
The manifest maps each version to the data files Strata's snapshot lists for it. For every
version, delta-rs (the `deltalake` package) reads the table through its own log replay, and
pyarrow reads the listed Parquet files directly (partition values added from the manifest).
Timestamps are printed as integer microseconds so both sides compare exactly.
"""
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import DeltaTable


def normalise(table: pa.Table) -> list:
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.timestamp("us", tz="UTC")).cast(pa.int64()))
    return sorted(table.to_pylist(), key=lambda r: r["id"])


def main() -> None:
    path, manifest_path = sys.argv[1], sys.argv[2]
    with open(manifest_path) as f:
        manifest = json.load(f)
    out = {}
    for version, files in manifest.items():
        dt = DeltaTable(path, version=int(version))
        parts = []
        for entry in files:
            t = pq.read_table(f"{path}/{entry['key']}")
            for col, value in entry["partitionValues"].items():
                t = t.append_column(col, pa.array([value] * t.num_rows, pa.string()))
            parts.append(t)
        arrow_rows = normalise(pa.concat_tables(parts, promote_options="default")) if parts else []
        out[version] = {
            "deltalake": normalise(pa.table(dt.to_pyarrow_table())),
            "pyarrow": arrow_rows,
            "deltalake_version": dt.version(),
        }
    json.dump(out, sys.stdout)


main()
