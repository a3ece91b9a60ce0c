"""Chunked Parquet / CSV writing: one folder per table, one part file per chunk.

Rows arrive as lists of tuples in the contract's column order; timestamps as int microseconds
(naive UTC), dates as `datetime.date`. Parquet keeps the types (timestamp[us], date32, bool,
float64, int64, string); CSV writes timestamps as ISO-8601 strings (`2026-10-31T09:15:00.000000`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from supportmetrics.generator.schema import SCHEMAS, TABLES, TS

MANIFEST = "_manifest.json"


def clear_output(out_dir: Path) -> None:
    """Remove the table folders (and files) and manifest of a previous run."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        folder = out_dir / table
        if folder.is_dir():
            shutil.rmtree(folder)
        for suffix in (".parquet", ".csv"):
            (out_dir / f"{table}{suffix}").unlink(missing_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)


def to_arrow(table: str, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """An Arrow table of `rows` with the table's schema."""
    schema = SCHEMAS[table]
    columns = list(zip(*rows)) if rows else [() for _ in schema]
    arrays = []
    for field, values in zip(schema, columns):
        if field.type == TS:
            arrays.append(pa.array(values, type=pa.int64()).cast(TS))
        else:
            arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _csv_ready(data: pa.Table) -> pa.Table:
    columns = []
    for field, column in zip(data.schema, data.columns):
        if field.type == TS:
            column = pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")
        columns.append(column)
    return pa.Table.from_arrays(columns, names=data.column_names)


def write_part(out_dir: Path, table: str, part: int, rows: Sequence[tuple[Any, ...]], fmt: str) -> int:
    """Write one part file of a table; returns the number of rows written."""
    folder = out_dir / table
    folder.mkdir(parents=True, exist_ok=True)
    data = to_arrow(table, rows)
    if fmt == "parquet":
        pq.write_table(data, folder / f"part-{part:05d}.parquet", compression="zstd")
    elif fmt == "csv":
        pcsv.write_csv(_csv_ready(data), folder / f"part-{part:05d}.csv")
    else:
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")
    return data.num_rows
