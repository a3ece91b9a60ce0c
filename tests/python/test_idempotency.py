"""Nothing lost, nothing double-counted, nothing invented (issue: trust).

- Building twice on the same input gives identical marts and intermediate models, row for row:
  re-loading the same raw folder then an incremental `dbt build`, and then a full refresh.
- The bad-input fixture (every class of bad input of the spec) gives the same metric marts as the
  clean fixture it was derived from: quarantined rows, duplicates, older versions, mixed
  timestamp formats and malformed lines change no metric.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest
from conftest import (WAREHOUSE_FILE, BuiltWarehouse, GeneratedRaw, compare_relations, dbt_build_env,
                      fixture_dir, load_into, run_dbt)

from supportmetrics.compare import is_run_bookkeeping
from supportmetrics.warehouse import connect

pytestmark = pytest.mark.slow

# Their content is the bad rows themselves, so they differ between bad and clean input by design.
DATA_QUALITY_MARTS = {"fct_quarantined_rows", "fct_version_conflicts", "rpt_raw_reconciliation"}


def _tables(warehouse: Path, schemas: tuple[str, ...]) -> list[str]:
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            f"where table_schema in ({', '.join('?' for _ in schemas)}) order by 1", list(schemas)).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def _differences(a: Path, b: Path, relations: list[str]) -> list[str]:
    con_a, con_b = connect(a, read_only=True), connect(b, read_only=True)
    try:
        return [d for relation in relations for d in compare_relations(con_a, con_b, relation)]
    finally:
        con_a.close()
        con_b.close()


@pytest.fixture(scope="module")
def first_build(generated_raw: GeneratedRaw, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return warehouse_builder("generated", generated_raw.raw_dir, select=None, tests=False)


@pytest.fixture(scope="module")
def rebuilt(first_build: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the first build, re-loaded from the same folder and built again incrementally
    (what `supportmetrics build` does by default), then once more with a full refresh."""
    work = tmp_path_factory.mktemp("rebuild")
    env = dbt_build_env(work)
    shutil.copyfile(first_build.warehouse, work / WAREHOUSE_FILE)
    second_load = load_into(first_build.raw_dir, work / WAREHOUSE_FILE)
    assert sum(r.rows for r in second_load) == sum(r.rows for r in first_build.load_results)
    assert sum(r.new_rows for r in second_load) == 0  # the same files: nothing appended
    run_dbt(["build", "--quiet", "--exclude", "resource_type:unit_test", "resource_type:test"], env, cwd=work)
    incremental = work / "incremental.duckdb"
    shutil.copyfile(work / WAREHOUSE_FILE, incremental)
    run_dbt(["build", "--quiet", "--full-refresh", "--exclude", "resource_type:unit_test", "resource_type:test"],
            env, cwd=work)
    return incremental, work / WAREHOUSE_FILE


def _results(warehouse: Path) -> list[str]:
    # base tables carry _loaded_at (when a row was loaded), and the incremental scope models are the
    # run's own bookkeeping: every other relation is a result and must not move
    return [t for t in _tables(warehouse, ("staging", "intermediate", "marts"))
            if ".base_helpdesk__" not in t and not is_run_bookkeeping(t)]


def test_the_same_raw_rows_after_the_second_load(first_build: BuiltWarehouse, rebuilt: tuple[Path, Path]) -> None:
    relations = [f"raw.{t}" for t in ("conversations", "messages", "ai_events", "csat_responses")]
    assert _differences(first_build.warehouse, rebuilt[0], relations) == []


def test_building_twice_gives_identical_results(first_build: BuiltWarehouse, rebuilt: tuple[Path, Path]) -> None:
    relations = _results(first_build.warehouse)
    assert len([r for r in relations if r.startswith("marts.")]) > 40
    assert _differences(first_build.warehouse, rebuilt[0], relations) == []


def test_a_full_refresh_after_that_gives_identical_results(first_build: BuiltWarehouse,
                                                          rebuilt: tuple[Path, Path]) -> None:
    assert _differences(first_build.warehouse, rebuilt[1], _results(first_build.warehouse)) == []


@pytest.fixture(scope="module")
def bad_and_clean(warehouse_builder: Callable[..., BuiltWarehouse]) -> tuple[BuiltWarehouse, BuiltWarehouse]:
    bad = warehouse_builder("bad_input", fixture_dir("bad_input"), select=None, tests=False)
    clean = warehouse_builder("clean_input", fixture_dir("clean_input"), select=None, tests=False)
    return bad, clean


def test_bad_input_leaves_every_metric_mart_unchanged(bad_and_clean: tuple[BuiltWarehouse, BuiltWarehouse]) -> None:
    bad, clean = bad_and_clean
    marts = [t for t in _tables(clean.warehouse, ("marts",)) if t.split(".")[1] not in DATA_QUALITY_MARTS]
    assert len(marts) > 40
    assert _differences(clean.warehouse, bad.warehouse, marts) == []
    # not vacuous: the clean fixture's marts hold rows, and the bad one did quarantine rows
    assert clean.query("select count(*) from marts.fct_resolution_quality")[0][0] > 0
    assert bad.query("select count(*) from marts.fct_quarantined_rows")[0][0] > 10
