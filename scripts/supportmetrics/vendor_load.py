"""Load vendor-shaped helpdesk files (a connector's tables, e.g. Fivetran's Zendesk) into the
embedded DuckDB warehouse, under a schema laid out the way the connector lands it.

Unlike the canonical loader (load.py), nothing is typed or validated here: the connector's
tables are copied as they are (Parquet or CSV, one file or folder per table), and the source
adapter (models/staging/<shape>) maps and validates them in dbt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb

from supportmetrics.generator.shapes import intercom_fivetran, zendesk_fivetran

# shape -> (the connector's tables, default schema)
SHAPES: dict[str, tuple[tuple[str, ...], str]] = {
    "zendesk_fivetran": (tuple(zendesk_fivetran.TABLES), "zendesk"),
    "intercom_fivetran": (tuple(intercom_fivetran.TABLES), "intercom"),
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


def _pg_type(duckdb_type: str) -> str:
    upper = duckdb_type.upper()
    if upper.startswith("TIMESTAMP"):
        return "timestamp"
    return {"BIGINT": "bigint", "INTEGER": "integer", "BOOLEAN": "boolean", "DOUBLE": "double precision",
            "DATE": "date"}.get(upper, "text")


# shape -> select of (message_id, body) over its landed tables: the messages whose lexicon
# sentiment the loader scores for engines without the dbt Python model (PostgreSQL)
MESSAGE_BODIES: dict[str, str] = {
    "intercom_fivetran": intercom_fivetran.MESSAGE_BODIES,
}


def _score_messages(con: duckdb.DuckDBPyConnection, shape: str, schema: str) -> str | None:
    """Score the lexicon sentiment of the shape's messages into scratch schema `lexicon`; returns
    the scored table's qualified name (None when the shape has no message query)."""
    from supportmetrics.sentiment import TABLE, score_raw_messages

    if shape not in MESSAGE_BODIES:
        return None
    con.execute("create schema if not exists lexicon")
    con.execute(f"create or replace table lexicon.messages as select cast(message_id as varchar) as message_id, "
                f"cast(body as varchar) as body, cast(null as varchar) as sentiment_score "
                f"from ({MESSAGE_BODIES[shape].format(schema=schema)})")
    score_raw_messages(con, "lexicon")
    return f'lexicon."{TABLE}"'


def load_vendor_postgres(raw_dir: Path, shape: str, schema: str | None = None,
                         prepare: Callable[[duckdb.DuckDBPyConnection, str], None] | None = None,
                         ) -> list[VendorTableLoad]:
    """Land the tables of `shape` from `raw_dir` in PostgreSQL schema `schema` (default: the
    connector's; tables replaced), through a scratch DuckDB database read by load_vendor
    (`prepare(con, schema)` may change the landed tables there first), with the lexicon
    sentiment of its messages in raw.message_lexicon_sentiment, as the canonical loader scores
    them. Connection settings: the profile's SUPPORTMETRICS_PG_* environment variables."""
    import tempfile

    import psycopg2

    from supportmetrics.postgres_load import pg_connect_kwargs
    from supportmetrics.sentiment import TABLE

    with tempfile.TemporaryDirectory() as scratch:
        con = duckdb.connect(str(Path(scratch) / "scratch.duckdb"))
        try:
            results = load_vendor(raw_dir, con, shape, schema)
            schema = schema or SHAPES[shape][1]
            if prepare is not None:
                prepare(con, schema)
            scored = _score_messages(con, shape, schema)
            copies = [(f'"{schema}"."{r.table}"', schema, r.table) for r in results]
            if scored is not None:
                copies.append((scored, "raw", TABLE))
            pg = psycopg2.connect(**pg_connect_kwargs())
            try:
                with pg, pg.cursor() as cur:
                    for source, target_schema, table in copies:
                        columns = con.execute(f"select * from {source} limit 0").description
                        ddl = ", ".join(f'"{c[0]}" {_pg_type(str(c[1]))}' for c in columns)
                        cur.execute(f'create schema if not exists "{target_schema}"')
                        cur.execute(f'drop table if exists "{target_schema}"."{table}" cascade')
                        cur.execute(f'create table "{target_schema}"."{table}" ({ddl})')
                        csv_path = Path(scratch) / f"{target_schema}_{table}.csv"
                        con.execute(f"copy (select * from {source}) to '{csv_path.as_posix()}' (header, delimiter ',')")
                        with csv_path.open() as handle:
                            cur.copy_expert(
                                f'copy "{target_schema}"."{table}" from stdin with (format csv, header true)', handle)
                        csv_path.unlink()
            finally:
                pg.close()
        finally:
            con.close()
    return results
