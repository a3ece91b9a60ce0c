"""Copy the raw schema into local Apache Spark, so the same data set builds on Spark too.

The files are first loaded into a scratch DuckDB database with the same loader as DuckDB and
Postgres (same discovery, validation, malformed-line handling and lexicon scores), then each
raw table is written to Parquet and saved as a Spark table `raw.<table>` with the DuckDB
loader's column types (every contract column a string, `_source_row` bigint, `_loaded_at`
timestamp), plus `raw._load_rejects` and `raw.message_lexicon_sentiment`.

The SparkSession is configured from the same environment variables as the dbt profile's
`spark` target (`spark_conf()`): the warehouse directory and the embedded Derby metastore live
under SUPPORTMETRICS_SPARK_DIR. Derby allows one JVM at a time, so run the loader in its own
process (`python -m supportmetrics.spark_load --raw-dir DIR`) before dbt, never alongside it.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from supportmetrics.load import TableLoad, load_raw
from supportmetrics.paths import project_root
from supportmetrics.sentiment import score_raw_messages
from supportmetrics.warehouse import connect

# DuckDB type of a raw column -> Spark SQL type (anything else is text, as in the DuckDB loader).
SPARK_TYPES = {"BIGINT": "bigint", "INTEGER": "int", "TIMESTAMP": "timestamp", "DOUBLE": "double"}


def spark_dir() -> Path:
    """SUPPORTMETRICS_SPARK_DIR (default warehouse/spark), absolute (relative to the project root)."""
    path = Path(os.environ.get("SUPPORTMETRICS_SPARK_DIR", "warehouse/spark"))
    return path if path.is_absolute() else project_root() / path


def spark_conf() -> dict[str, str]:
    """Spark settings of the profile's `spark` target (profiles/profiles.yml), from the same env vars."""
    root = spark_dir()
    return {
        "spark.master": os.environ.get("SUPPORTMETRICS_SPARK_MASTER", "local[2]"),
        "spark.driver.memory": os.environ.get("SUPPORTMETRICS_SPARK_DRIVER_MEMORY", "2g"),
        "spark.sql.warehouse.dir": str(root / "tables"),
        "spark.driver.extraJavaOptions": f"-Duser.timezone=UTC -Dderby.system.home={root}",
        "spark.hadoop.javax.jdo.option.ConnectionURL": "jdbc:derby:;databaseName=metastore_db;create=true",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": os.environ.get("SUPPORTMETRICS_SPARK_SHUFFLE_PARTITIONS", "2"),
        "spark.sql.legacy.createHiveTableByDefault": "false",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.ansi.enabled": "false",  # dbt-spark forces this too
    }


def spark_session(app_name: str = "supportmetrics") -> Any:
    """A Hive-enabled local SparkSession sharing dbt's warehouse directory and metastore."""
    from pyspark.sql import SparkSession

    root = spark_dir()
    root.mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder.appName(app_name).enableHiveSupport()
    for key, value in spark_conf().items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def load_raw_spark(raw_dir: Path, schema: str = "raw") -> list[TableLoad]:
    """Load `raw_dir` into Spark database `schema` (tables replaced, loader column types)."""
    with tempfile.TemporaryDirectory() as scratch:
        con = connect(Path(scratch) / "scratch.duckdb")
        try:
            results = load_raw(raw_dir, con, schema=schema)
            score_raw_messages(con, schema)
            tables = [r[0] for r in con.execute(
                "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
            ).fetchall()]
            files: dict[str, tuple[Path, list[tuple[str, str]]]] = {}
            for table in tables:
                columns = con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                path = Path(scratch) / f"table_{table}.parquet"  # Spark skips files named _*
                con.execute(f"copy \"{schema}\".\"{table}\" to '{path}' (format parquet)")
                files[table] = (path, columns)
        finally:
            con.close()
        spark = spark_session("supportmetrics-load")
        try:
            spark.sql(f"create database if not exists `{schema}`")
            for table, (path, columns) in files.items():
                frame = spark.read.parquet(str(path))
                select = ", ".join(
                    f"cast(`{c}` as {SPARK_TYPES.get(t.upper(), 'string')}) as `{c}`" for c, t in columns
                )
                frame.createOrReplaceTempView("_raw_load")
                spark.sql(f"drop table if exists `{schema}`.`{table}`")
                spark.sql(f"create table `{schema}`.`{table}` using parquet as select {select} from _raw_load")
                spark.catalog.dropTempView("_raw_load")
        finally:
            spark.stop()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, required=True, help="directory of canonical raw files")
    parser.add_argument("--schema", default=os.environ.get("SUPPORTMETRICS_RAW_SCHEMA", "raw"))
    args = parser.parse_args(argv)
    for result in load_raw_spark(args.raw_dir, args.schema):
        print(f"{result.table}: {result.rows} rows from {len(result.files)} file(s)"
              + (f", {result.rejected_lines} rejected line(s)" if result.rejected_lines else ""))


if __name__ == "__main__":
    main()
