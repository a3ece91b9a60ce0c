"""The same generated data set builds on DuckDB and on local Apache Spark, and the marts agree.

`make test-spark` (documented in the README; not part of `make test`). The small data set
(3,000 conversations, 6 months, profile stage3) is loaded into DuckDB and into Spark (through
supportmetrics.spark_load, same loader and validation), `dbt build --exclude test_type:unit`
runs on both targets (every data test must pass on Spark too), then every table of the marts
schema is compared row for row with supportmetrics.compare: counts, ids, dates and flags exactly,
rates, durations and money to a relative tolerance of 1e-6 (summation order differs between
engines). The intermediate layer is compared the same way, to point at the first model that
drifts when a mart differs.

Skipped when pyspark / dbt-spark / Java are missing, unless SUPPORTMETRICS_REQUIRE_SPARK=1
(set by `make test-spark`), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import TIMINGS, spark_fetcher, spark_unavailable
from supportmetrics.compare import (PARITY_MAY_BE_EMPTY_MARTS, PARITY_VARS, compare_relations, duckdb_fetcher,
                                    is_run_bookkeeping, list_tables)
from supportmetrics.dbt_runner import dbt_env, dbt_executable
from supportmetrics.generator import generate
from supportmetrics.load import load_raw
from supportmetrics.warehouse import connect

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.spark]


@dataclass
class Built:
    duckdb_path: Path
    spark_dir: Path
    seconds: dict[str, float]


def _tail(path: Path, lines: int = 80) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Built:
    problem = spark_unavailable()
    if problem:
        if os.environ.get("SUPPORTMETRICS_REQUIRE_SPARK") == "1":
            pytest.fail(f"Spark is required here but cannot run: {problem}")
        pytest.skip(problem)
    seconds: dict[str, float] = {}
    pytestconfig.stash[TIMINGS] = seconds
    work = tmp_path_factory.mktemp("spark_parity")
    raw, duck, spark_dir = work / "raw", work / "wh.duckdb", work / "spark"
    started = time.monotonic()
    generate(raw, profile="stage3", conversations=3000, months=6, progress=False)
    con = connect(duck)
    load_raw(raw, con)
    con.close()
    seconds["generate + DuckDB load"] = time.monotonic() - started

    spark_env = {"SUPPORTMETRICS_SPARK_DIR": str(spark_dir), "TZ": "UTC"}
    started = time.monotonic()
    load = subprocess.run([sys.executable, "-m", "supportmetrics.spark_load", "--raw-dir", str(raw)], cwd=ROOT,
                          env={**os.environ, **spark_env}, capture_output=True, text=True)
    assert load.returncode == 0, f"Spark load failed ({load.returncode}):\n{load.stdout}\n{load.stderr[-8000:]}"
    seconds["Spark load"] = time.monotonic() - started

    # Both builds at once: the DuckDB build is done long before the Spark one.
    procs = {}
    for target, extra in (("spark", spark_env), ("duckdb", {"SUPPORTMETRICS_DUCKDB_PATH": str(duck)})):
        env = dbt_env({**extra, "SUPPORTMETRICS_TARGET": target, "DBT_TARGET_PATH": str(work / f"target_{target}"),
                       "DBT_LOG_PATH": str(work / f"logs_{target}")})
        log = work / f"dbt_{target}.out"
        procs[target] = (subprocess.Popen([dbt_executable(), "build", "--exclude", "test_type:unit",
                                           "--vars", PARITY_VARS], cwd=ROOT,
                                          env=env, stdout=log.open("w"), stderr=subprocess.STDOUT),
                         log, time.monotonic())
    failed = []
    while procs:  # poll, so each build's time is its own, not the time until the slower one ends
        for target, (proc, log, start) in list(procs.items()):
            if proc.poll() is None:
                continue
            seconds[f"dbt build ({target})"] = time.monotonic() - start
            if proc.returncode != 0:
                failed.append(f"dbt build on {target} failed ({proc.returncode}):\n{_tail(log)}")
            del procs[target]
        time.sleep(0.5)
    assert not failed, "\n\n".join(failed)
    return Built(duckdb_path=duck, spark_dir=spark_dir, seconds=seconds)


@pytest.fixture(scope="module")
def spark(built: Built):
    os.environ["SUPPORTMETRICS_SPARK_DIR"] = str(built.spark_dir)
    from supportmetrics.spark_load import spark_session

    session = spark_session("supportmetrics-parity")
    yield session
    session.stop()


def _compare(built: Built, spark, schema: str) -> tuple[list[str], list[str]]:
    duck = connect(built.duckdb_path, read_only=True)
    try:
        # an incremental run's bookkeeping models carry load times (its load watermarks)
        tables = [t for t in list_tables(duck, [schema]) if not is_run_bookkeeping(t)]
        fetch_duck = duckdb_fetcher(duck)

        def columns_of(relation: str) -> list[str]:
            return fetch_duck(relation + " limit 0")[0]

        spark_tables = {f"{schema}.{r.tableName}" for r in spark.sql(f"show tables in {schema}").collect()
                        if not r.isTemporary}
        missing = [f"{t}: not built on Spark" for t in tables if t not in spark_tables]
        present = [t for t in tables if t in spark_tables]
        return tables, missing + compare_relations(fetch_duck, spark_fetcher(spark, columns_of), present)
    finally:
        duck.close()


def test_marts_agree_between_duckdb_and_spark(built: Built, spark) -> None:
    tables, mismatches = _compare(built, spark, "marts")
    assert tables, "no marts were built"
    duck = connect(built.duckdb_path, read_only=True)
    try:
        empty = [t for t in tables if duck.execute(f"select count(*) from {t}").fetchone()[0] == 0]
    finally:
        duck.close()
    assert set(empty) <= PARITY_MAY_BE_EMPTY_MARTS, empty
    assert mismatches == []


def test_intermediate_models_agree_between_duckdb_and_spark(built: Built, spark) -> None:
    tables, mismatches = _compare(built, spark, "intermediate")
    assert tables, "no intermediate models were built"
    assert mismatches == []
