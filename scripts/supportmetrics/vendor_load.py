"""Load vendor-shaped helpdesk files (a connector's tables, e.g. Fivetran's or Airbyte's Zendesk) into the
embedded DuckDB warehouse, under a schema laid out the way the connector lands it.

Unlike the canonical loader (load.py), nothing is typed or validated here: the connector's
tables are copied as they are (Parquet or CSV, one file or folder per table), and the source
adapter (models/staging/<shape>) maps and validates them in dbt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from supportmetrics.generator.shapes import zendesk_airbyte, zendesk_fivetran

# shape -> (the connector's tables, default schema)
SHAPES: dict[str, tuple[tuple[str, ...], str]] = {
    "zendesk_fivetran": (tuple(zendesk_fivetran.TABLES), "zendesk"),
    "zendesk_airbyte": (tuple(zendesk_airbyte.TABLES), "zendesk"),
}


class VendorLoadError(Exception):
    """A vendor table is missing or unreadable (the message names the file)."""


@dataclass
class VendorTableLoad:
    table: str
    rows: int
    source: str


def _relation(raw_dir: Path, table: str) -> str | None:
    for suffix, reader in (("parquet", "read_parquet"), ("csv", "read_csv_auto")):
        single = raw_dir / f"{table}.{suffix}"
        if single.exists():
            return f"{reader}('{single.as_posix()}')"
        folder = raw_dir / table
        if folder.is_dir() and any(folder.glob(f"*.{suffix}")):
            return f"{reader}('{folder.as_posix()}/*.{suffix}')"
    return None


def load_vendor(raw_dir: Path, con: duckdb.DuckDBPyConnection, shape: str,
                schema: str | None = None) -> list[VendorTableLoad]:
    """Replace the tables of `shape` in `schema` (default: the connector's) with the files in
    `raw_dir`. Raises VendorLoadError naming the first missing or unreadable table."""
    if shape not in SHAPES:
        raise VendorLoadError(f"unknown shape '{shape}'; known: {', '.join(SHAPES)}")
    tables, default_schema = SHAPES[shape]
    schema = schema or default_schema
    missing = [t for t in tables if _relation(raw_dir, t) is None]
    if missing:
        raise VendorLoadError(
            f"{shape}: table '{missing[0]}' not found in {raw_dir}: expected {missing[0]}.parquet, "
            f"{missing[0]}.csv or a folder {missing[0]}/ (all missing: {', '.join(missing)})"
        )
    con.execute(f'create schema if not exists "{schema}"')
    results: list[VendorTableLoad] = []
    for table in tables:
        relation = _relation(raw_dir, table)
        try:
            con.execute(f'create or replace table "{schema}"."{table}" as select * from {relation}')
        except duckdb.Error as exc:
            raise VendorLoadError(f"{shape}: cannot read table '{table}' from {relation}: {exc}") from None
        rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
        results.append(VendorTableLoad(table, rows, relation))
    return results
