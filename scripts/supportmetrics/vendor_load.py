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

from supportmetrics.generator.shapes import intercom_airbyte, intercom_fivetran, zendesk_airbyte, zendesk_fivetran

# shape -> (the connector's tables, default schema)
SHAPES: dict[str, tuple[tuple[str, ...], str]] = {
    "zendesk_fivetran": (tuple(zendesk_fivetran.TABLES), "zendesk"),
    "zendesk_airbyte": (tuple(zendesk_airbyte.TABLES), "zendesk"),
    "intercom_fivetran": (tuple(intercom_fivetran.TABLES), "intercom"),
    "intercom_airbyte": (tuple(intercom_airbyte.TABLES), "intercom"),
}


# shape -> {legacy table: what loading it means}: a table older connector versions land and the
# current ones do not (the generator does not write it). Loaded when present, with a note naming
# the dbt var that reads it; when absent, a stale copy of an earlier load is dropped.
LEGACY_TABLES: dict[str, dict[str, str]] = {
    "zendesk_airbyte": {
        "deleted_tickets": (
            "Airbyte's deleted_tickets stream (source-zendesk-support 1.7.x; later versions mark a "
            "deleted ticket status deleted in tickets) was loaded; build with "
            "--vars '{zendesk_airbyte_deleted_tickets: true}' so that the tickets it lists are excluded "
            "as deleted"
        ),
    },
}


class VendorLoadError(Exception):
    """A vendor table is missing or unreadable (the message names the file)."""


@dataclass
class VendorTableLoad:
    table: str
    rows: int
    source: str


@dataclass
class VendorLoad:
    """The tables loaded, and a note per legacy table that was loaded (the var that reads it)."""

    tables: list[VendorTableLoad]
    notes: list[str]


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
                schema: str | None = None) -> VendorLoad:
    """Replace the tables of `shape` in `schema` (default: the connector's) with the files in
    `raw_dir`. Raises VendorLoadError naming the first missing or unreadable table; a legacy table
    (LEGACY_TABLES) is loaded and noted when present, dropped from `schema` when absent."""
    if shape not in SHAPES:
        raise VendorLoadError(f"unknown shape '{shape}'; known: {', '.join(SHAPES)}")
    tables, default_schema = SHAPES[shape]
    schema = schema or default_schema
    legacy = LEGACY_TABLES.get(shape, {})
    relations = {t: _relation(raw_dir, t) for t in (*tables, *legacy)}
    absent = [t for t, relation in relations.items() if relation is None]
    missing = [t for t in absent if t not in legacy]
    notes = [f"{shape}: legacy table '{t}' found in {raw_dir}: {legacy[t]}"
             for t in legacy if relations[t] is not None]
    if missing:
        raise VendorLoadError(
            f"{shape}: table '{missing[0]}' not found in {raw_dir}: expected {missing[0]}.parquet, "
            f"{missing[0]}.csv or a folder {missing[0]}/ (all missing: {', '.join(missing)})"
        )
    con.execute(f'create schema if not exists "{schema}"')
    for table in absent:  # a legacy table of an earlier load must not stand in for a missing one
        con.execute(f'drop table if exists "{schema}"."{table}"')
    results: list[VendorTableLoad] = []
    for table, relation in relations.items():
        if relation is None:
            continue
        try:
            con.execute(f'create or replace table "{schema}"."{table}" as select * from {relation}')
        except duckdb.Error as exc:
            raise VendorLoadError(f"{shape}: cannot read table '{table}' from {relation}: {exc}") from None
        rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
        results.append(VendorTableLoad(table, rows, relation))
    return VendorLoad(results, notes)


# DuckDB type -> PostgreSQL type of a landed column
_PG_TYPES = {"VARCHAR": "text", "BOOLEAN": "boolean", "TIMESTAMP": "timestamp",
             "TIMESTAMP WITH TIME ZONE": "timestamptz", "BIGINT": "bigint", "INTEGER": "bigint",
             "DOUBLE": "double precision", "DATE": "date"}
# columns a connector lands as JSON (Airbyte's nested fields become jsonb in PostgreSQL)
JSON_COLUMNS: dict[str, set[str]] = {
    "zendesk_fivetran": set(),
    "zendesk_airbyte": {"via", "tags", "custom_fields", "organization_fields", "events", "actor", "_airbyte_meta"},
    "intercom_fivetran": set(),
    "intercom_airbyte": {"source", "contacts", "tags", "teammates", "statistics", "custom_attributes",
                         "conversation_rating", "ai_agent", "author", "assigned_to", "companies", "team_ids",
                         "admin_ids", "_airbyte_meta"},
}
# shape -> (select of message_id, body over its landed tables in {schema}; whether the body is
# HTML the dbt adapter reduces to text before scoring): the messages whose lexicon sentiment the
# loader scores for PostgreSQL builds (no dbt Python model there)
MESSAGE_BODIES: dict[str, tuple[str, bool]] = {
    "zendesk_fivetran": ('select id as message_id, body from "{schema}"."ticket_comment"', True),
    "zendesk_airbyte": ('select id as message_id, coalesce(body, html_body) as body from "{schema}"."ticket_comments"', True),
    "intercom_fivetran": (intercom_fivetran.MESSAGE_BODIES, False),
    "intercom_airbyte": (intercom_airbyte.MESSAGE_BODIES, False),
}


def _comment_text(body: str) -> str:
    """A comment body reduced to text the way the dbt adapter reduces it (tags and entities)."""
    import html
    import re

    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", body))).strip()


def load_vendor_postgres(con: duckdb.DuckDBPyConnection, shape: str, schema: str | None = None,
                         raw_schema: str = "raw") -> None:
    """Copy the `shape` tables landed in DuckDB (`load_vendor`) to PostgreSQL, under the same
    schema, typed as the connector lands them there (JSON columns as jsonb); and, as
    `supportmetrics load` does for Postgres builds, the lexicon sentiment of every comment
    (`raw_schema`.message_lexicon_sentiment: PostgreSQL builds have no dbt Python model)."""
    import tempfile

    import pandas as pd
    import psycopg2
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from supportmetrics.postgres_load import pg_connect_kwargs
    from supportmetrics.sentiment import TABLE as LEXICON_TABLE

    all_tables, default_schema = SHAPES[shape]
    schema = schema or default_schema
    landed = {row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_schema = ?", [schema]).fetchall()}
    legacy = tuple(LEGACY_TABLES.get(shape, {}))
    tables = [t for t in (*all_tables, *legacy) if t in landed]  # a legacy table is loaded when present
    bodies, is_html = MESSAGE_BODIES[shape]
    frame = con.execute(f"select cast(message_id as varchar) as message_id, cast(body as varchar) as body "
                        f"from ({bodies.format(schema=schema)}) as bodies "
                        f"where message_id is not null and body is not null").df()
    analyzer = SentimentIntensityAnalyzer()
    frame["lexicon_sentiment_score"] = [
        analyzer.polarity_scores(_comment_text(b) if is_html else b)["compound"] for b in frame["body"]]
    con.register("lexicon_frame", pd.DataFrame(frame[["message_id", "lexicon_sentiment_score"]]).drop_duplicates("message_id"))
    con.execute(f'create schema if not exists "{raw_schema}"')
    con.execute(f'create or replace table "{raw_schema}"."{LEXICON_TABLE}" as select * from lexicon_frame')
    con.unregister("lexicon_frame")
    pg = psycopg2.connect(**pg_connect_kwargs())
    try:
        with pg, pg.cursor() as cur, tempfile.TemporaryDirectory() as scratch:
            for table in legacy:  # nor on PostgreSQL does an earlier load's copy stand in for an absent one
                if table not in landed:
                    cur.execute(f'drop table if exists "{schema}"."{table}" cascade')
            for target_schema, table in [*((schema, t) for t in tables), (raw_schema, LEXICON_TABLE)]:
                columns = con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position", [target_schema, table],
                ).fetchall()
                ddl = ", ".join(
                    f'"{c}" {"jsonb" if c in JSON_COLUMNS[shape] else _PG_TYPES.get(t.upper(), "text")}'
                    for c, t in columns)
                cur.execute(f'create schema if not exists "{target_schema}"')
                cur.execute(f'drop table if exists "{target_schema}"."{table}" cascade')
                cur.execute(f'create table "{target_schema}"."{table}" ({ddl})')
                csv_path = Path(scratch) / f"{table}.csv"
                con.execute(f"copy \"{target_schema}\".\"{table}\" to '{csv_path.as_posix()}' (header, delimiter ',')")
                with csv_path.open() as handle:
                    cur.copy_expert(f'copy "{target_schema}"."{table}" from stdin with (format csv, header true)',
                                    handle)
    finally:
        pg.close()
