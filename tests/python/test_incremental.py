"""An incremental run after appending one day gives the same marts as a full refresh over the
same data (issue: scale). Also: a second full build over the same input is identical."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from supportmetrics.bench import _combine, split_last_day
from supportmetrics.compare import compare_relations, duckdb_fetcher, list_tables
from supportmetrics.dbt_runner import dbt_env, dbt_executable
from supportmetrics.generator import generate
from supportmetrics.load import load_raw
from supportmetrics.warehouse import connect

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _load(raw: Path, warehouse: Path) -> None:
    con = connect(warehouse)
    load_raw(raw, con)
    con.close()


def _dbt(args: list[str], warehouse: Path, work: Path) -> None:
    env = dbt_env({"SUPPORTMETRICS_DUCKDB_PATH": str(warehouse), "DBT_TARGET_PATH": str(work / "target"),
                   "DBT_LOG_PATH": str(work / "logs")})
    subprocess.run([dbt_executable(), *args, "--quiet", "--exclude", "test_type:unit"], cwd=ROOT, env=env, check=True)


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("incremental")
    full, hist, day, combined = (work / n for n in ("full", "hist", "day", "combined"))
    generate(full, profile="stage3", conversations=3000, months=6, progress=False)
    split_last_day(full, hist, day)
    _combine(hist, day, combined)
    incremental, refreshed = work / "incremental.duckdb", work / "refreshed.duckdb"
    _load(hist, incremental)
    _dbt(["build", "--full-refresh"], incremental, work)
    _load(combined, incremental)
    _dbt(["run"], incremental, work)
    _load(combined, refreshed)
    _dbt(["build", "--full-refresh"], refreshed, work)
    return incremental, refreshed


def test_incremental_run_equals_full_refresh(warehouses: tuple[Path, Path]) -> None:
    incremental, refreshed = (connect(p, read_only=True) for p in warehouses)
    try:
        tables = list_tables(refreshed, ["marts", "intermediate"])
        assert len(tables) > 10
        problems = compare_relations(duckdb_fetcher(incremental), duckdb_fetcher(refreshed), tables)
    finally:
        incremental.close()
        refreshed.close()
    assert problems == []


def test_the_day_appended_is_really_new(warehouses: tuple[Path, Path]) -> None:
    """Guard against a vacuous comparison: the appended day changed the facts."""
    con = connect(warehouses[0], read_only=True)
    try:
        latest = con.execute("select max(created_at) from intermediate.int_conversation_facts").fetchone()[0]
        scope = con.execute("select count(*) from intermediate.int_incremental_scope").fetchone()[0]
    finally:
        con.close()
    assert latest is not None and scope > 0
