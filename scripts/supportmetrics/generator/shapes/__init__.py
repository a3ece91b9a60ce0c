"""Vendor shapes of the generated demo helpdesk: the canonical raw files rewritten as a
connector would land them (one module per shape)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Mapping

import duckdb

SHAPES = ("canonical", "zendesk_fivetran", "zendesk_airbyte", "intercom_fivetran", "intercom_airbyte")


def canonical_relation(raw_dir: Path, table: str) -> str:
    """DuckDB relation reading one canonical raw table (a folder of files or one file) in `raw_dir`."""
    folder = raw_dir / table
    for suffix, reader in (("parquet", "read_parquet"), ("csv", "read_csv_auto")):
        if folder.is_dir() and any(folder.glob(f"*.{suffix}")):
            return f"{reader}('{folder.as_posix()}/*.{suffix}')"
        if (raw_dir / f"{table}.{suffix}").exists():
            return f"{reader}('{(raw_dir / f'{table}.{suffix}').as_posix()}')"
    raise FileNotFoundError(f"canonical table '{table}' not found in {raw_dir}")


def write_tables(con: duckdb.DuckDBPyConnection, tables: Mapping[str, str], out_dir: Path) -> dict[str, int]:
    """Write each (table -> select) of a shape to `out_dir/<table>.parquet`; the rows written per table."""
    counts: dict[str, int] = {}
    for table, query in tables.items():
        target = out_dir / f"{table}.parquet"
        con.execute(f"copy ({query}) to '{target.as_posix()}' (format parquet)")
        counts[table] = con.execute(f"select count(*) from read_parquet('{target.as_posix()}')").fetchone()[0]
    return counts


def airbyte_meta_columns(raw_id_input: str, extracted_at: str) -> str:
    """The select list of Airbyte's Destinations V2 meta columns: `_airbyte_raw_id` (md5 of the SQL
    expression `raw_id_input`, unique per landed record), `_airbyte_extracted_at` (the SQL
    expression `extracted_at` as a timestamp with time zone) and an empty `_airbyte_meta`."""
    return (f"md5({raw_id_input}) as _airbyte_raw_id, "
            f"cast({extracted_at} as timestamptz) as _airbyte_extracted_at, "
            "'{\"changes\": []}' as _airbyte_meta")


def write_airbyte_from_fivetran(fivetran_convert: Callable[[Path, Path], object], fivetran_tables: Iterable[str],
                                tables: Mapping[str, str], canonical_dir: Path, out_dir: Path) -> dict[str, int]:
    """An Airbyte shape derived from its vendor's Fivetran shape: the Fivetran tables are written to a
    scratch folder, registered as views `ft_<table>`, and each Airbyte stream's select (`tables`) is
    written to `out_dir/<stream>.parquet`; returns the rows written per stream."""
    import tempfile

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fivetran_dir = Path(tmp)
        fivetran_convert(canonical_dir, fivetran_dir)
        con = duckdb.connect()
        try:
            con.execute("set TimeZone = 'UTC'")
            for table in fivetran_tables:
                con.execute(f"create view ft_{table} as select * from "
                            f"read_parquet('{(fivetran_dir / f'{table}.parquet').as_posix()}')")
            return write_tables(con, tables, out_dir)
        finally:
            con.close()


def convert(shape: str, canonical_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write the tables of vendor `shape` (any of SHAPES but canonical) of the canonical helpdesk in
    `canonical_dir` to `out_dir`; the rows written per table."""
    from importlib import import_module

    if shape not in SHAPES or shape == "canonical":
        raise ValueError(f"unknown vendor shape '{shape}'; known: {', '.join(SHAPES[1:])}")
    return import_module(f"supportmetrics.generator.shapes.{shape}").convert(canonical_dir, out_dir)
