"""Copy the raw schema into PostgreSQL, so the same data set builds on both engines.

The files are first loaded into a scratch DuckDB database with the same loader (same
discovery, same messages, same malformed-line handling), then each raw table is streamed to
Postgres with COPY. Connection settings come from the same environment variables as the dbt
profile (SUPPORTMETRICS_PG_HOST, _PORT, _USER, _PASSWORD, _DATABASE).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from supportmetrics.load import TableLoad, load_raw
from supportmetrics.sentiment import score_raw_messages
from supportmetrics.warehouse import connect


def pg_connect_kwargs() -> dict[str, str | int]:
    """psycopg2 connection arguments from the profile's environment variables."""
    return {
        "host": os.environ.get("SUPPORTMETRICS_PG_HOST", "localhost"),
        "port": int(os.environ.get("SUPPORTMETRICS_PG_PORT", "5432")),
        "user": os.environ.get("SUPPORTMETRICS_PG_USER", "postgres"),
        "password": os.environ.get("SUPPORTMETRICS_PG_PASSWORD", ""),
        "dbname": os.environ.get("SUPPORTMETRICS_PG_DATABASE", "supportmetrics"),
    }


def load_raw_postgres(raw_dir: Path, schema: str = "raw") -> list[TableLoad]:
    """Load `raw_dir` into Postgres schema `schema` (tables replaced, all columns text)."""
    import psycopg2

    with tempfile.TemporaryDirectory() as scratch:
        con = connect(Path(scratch) / "scratch.duckdb")
        results = load_raw(raw_dir, con, schema=schema)
        score_raw_messages(con, schema)
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
        ).fetchall()]
        pg = psycopg2.connect(**pg_connect_kwargs())
        try:
            with pg, pg.cursor() as cur:
                cur.execute(f'create schema if not exists "{schema}"')
                for table in tables:
                    columns = con.execute(
                        "select column_name, data_type from information_schema.columns "
                        "where table_schema = ? and table_name = ? order by ordinal_position",
                        [schema, table],
                    ).fetchall()
                    ddl = ", ".join(f'"{c}" {_pg_type(t)}' for c, t in columns)
                    cur.execute(f'drop table if exists "{schema}"."{table}" cascade')
                    cur.execute(f'create table "{schema}"."{table}" ({ddl})')
                    csv_path = Path(scratch) / f"{table}.csv"
                    con.execute(f"copy \"{schema}\".\"{table}\" to '{csv_path}' (header, delimiter ',')")
                    with csv_path.open() as handle:
                        cur.copy_expert(
                            f'copy "{schema}"."{table}" from stdin with (format csv, header true)', handle
                        )
                    csv_path.unlink()
        finally:
            pg.close()
            con.close()
    return results


def _pg_type(duckdb_type: str) -> str:
    return {"BIGINT": "bigint", "TIMESTAMP": "timestamp", "INTEGER": "integer"}.get(duckdb_type.upper(), "text")
