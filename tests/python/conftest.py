"""Shared fixtures: isolated dbt builds over generated or fixture data, and relation comparison.

- `dbt_build_env(work_dir)` + `run_dbt(args, env, cwd=work_dir)`: a dbt run isolated in
  `work_dir` (own warehouse, target, logs), never touching the developer's warehouse.
- `warehouse_builder` (session): builds a raw directory into its own temporary warehouse
  (load + `dbt build --select ...`), once per (name, selection, tests) per session.
- `generated_raw` (session): a small generated data set (a few thousand conversations) and its
  generator manifest; `generated_warehouse` (session): it, loaded and built through staging
  and the data-quality marts.
- `compare_relations(con_a, con_b, relation)`: row-for-row comparison of one relation in two
  warehouses; returns a list of differences (empty when equal). Import it with
  `from conftest import compare_relations`, or use the `relation_comparer` fixture.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import duckdb
import pytest

from supportmetrics.compare import compare_rows
from supportmetrics.dbt_runner import dbt_env, dbt_executable
from supportmetrics.load import TableLoad, load_raw
from supportmetrics.warehouse import connect

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
GENERATED_CONVERSATIONS = 3000
# Staging, the loader rejects and the data-quality marts with their singular tests. Tests on
# other layers that hang off these models are left out (cautious indirect selection).
TRUST_SELECTION = ("staging.helpdesk", "staging.loader", "marts.data_quality", "path:tests/data_quality")


# --- parallel workers (make test runs pytest-xdist, one test file per worker at a time) -------


def _create_worker_database(name: str) -> None:
    """Create PostgreSQL database `name` empty (dropped first when an earlier run left it)."""
    import psycopg2

    from supportmetrics.postgres_load import pg_connect_kwargs

    con = psycopg2.connect(**pg_connect_kwargs(), connect_timeout=10)
    try:
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(f'drop database if exists "{name}" with (force)')
            cur.execute(f'create database "{name}"')
    finally:
        con.close()


def pytest_configure(config: pytest.Config) -> None:
    """Under xdist, each worker gets a PostgreSQL database of its own.

    The Postgres tests load and drop schemas (raw, marts, ...) by fixed names, so two workers
    sharing one database would overwrite each other's tables. When the database cannot be
    created (no server), the Postgres tests report the server problem themselves.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = os.environ.get("SUPPORTMETRICS_PG_DATABASE")
    if not worker or not base:
        return
    try:
        _create_worker_database(f"{base}_{worker}")
    except Exception:  # noqa: BLE001 - psycopg2 missing or no server: reported by the tests
        pass
    os.environ["SUPPORTMETRICS_PG_DATABASE"] = f"{base}_{worker}"


# --- dbt in isolation --------------------------------------------------------------------------

# Every build's warehouse is `<its work dir>/warehouse.duckdb`, and dbt runs with that work dir as
# its current directory, so the connection string (relative) is the same for every build: dbt's
# partial-parse cache depends on it, and one `dbt parse` then serves every build of the session.
WAREHOUSE_FILE = "warehouse.duckdb"


def dbt_build_env(work_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """dbt environment isolated in `work_dir`: warehouse, target, logs and reports live there.

    Run dbt with `cwd=work_dir` (see `run_dbt`): the warehouse path is relative to it.
    """
    return dbt_env({
        "SUPPORTMETRICS_DUCKDB_PATH": WAREHOUSE_FILE,
        "DBT_TARGET_PATH": str(work_dir / "target"),
        "DBT_LOG_PATH": str(work_dir / "logs"),
        "SUPPORTMETRICS_REPORTS_DIR": str(work_dir / "reports"),
        "SUPPORTMETRICS_TARGET": "duckdb",
        **(extra or {}),
    })


def run_dbt(args: list[str], env: dict[str, str], *, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `dbt <args> --project-dir <project>` from `cwd`; on failure, the error shows dbt's output."""
    proc = subprocess.run([dbt_executable(), *args, "--project-dir", str(ROOT)], cwd=cwd, env=env,
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-60:])
        raise AssertionError(f"dbt {' '.join(args)} failed ({proc.returncode}):\n{tail}")
    return proc


@dataclass
class BuiltWarehouse:
    """A raw directory loaded and built into its own DuckDB warehouse (`work_dir/warehouse.duckdb`)."""

    name: str
    raw_dir: Path
    work_dir: Path
    env: dict[str, str]
    load_results: list[TableLoad] = field(default_factory=list)
    dbt_output: str = ""

    @property
    def warehouse(self) -> Path:
        return self.work_dir / WAREHOUSE_FILE

    @property
    def target_dir(self) -> Path:
        return self.work_dir / "target"

    def manifest(self) -> dict[str, Any]:
        return json.loads((self.target_dir / "manifest.json").read_text())

    def connect(self) -> duckdb.DuckDBPyConnection:
        return connect(self.warehouse, read_only=True)

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        con = self.connect()
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run_dbt(list(args), self.env, cwd=self.work_dir, check=check)


def load_into(raw_dir: Path, warehouse: Path) -> list[TableLoad]:
    con = connect(warehouse)
    try:
        return load_raw(raw_dir, con)
    finally:
        con.close()


@pytest.fixture(scope="session")
def dbt_parse_cache(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """One `dbt parse` per session; its partial-parse file seeds every build's target dir."""
    work = tmp_path_factory.mktemp("dbt_parse")
    run_dbt(["parse", "--quiet"], dbt_build_env(work), cwd=work)
    cache = work / "target" / "partial_parse.msgpack"
    return cache if cache.is_file() else None


@pytest.fixture(scope="session")
def warehouse_builder(tmp_path_factory: pytest.TempPathFactory,
                      dbt_parse_cache: Path | None) -> Callable[..., BuiltWarehouse]:
    """build(name, raw_dir, select=TRUST_SELECTION, tests=True) -> BuiltWarehouse.

    Loads `raw_dir` into a fresh warehouse and runs `dbt build` on it: the `select`ed nodes
    (None = the whole project, seeds included), with their data tests unless `tests=False`
    (unit tests are always left to `dbt test`). Cached per session by (name, select, tests), so
    several test modules share one build.
    """
    cache: dict[tuple[Any, ...], BuiltWarehouse] = {}

    def build(name: str, raw_dir: Path, select: Iterable[str] | None = TRUST_SELECTION,
              tests: bool = True) -> BuiltWarehouse:
        selection = tuple(select) if select is not None else None
        key = (name, selection, tests)
        if key in cache:
            return cache[key]
        work = tmp_path_factory.mktemp(f"wh_{name}")
        built = BuiltWarehouse(name=name, raw_dir=raw_dir, work_dir=work, env=dbt_build_env(work))
        built.load_results = load_into(raw_dir, built.warehouse)
        if dbt_parse_cache is not None:
            built.target_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(dbt_parse_cache, built.target_dir / dbt_parse_cache.name)
        args = ["build", "--quiet", "--exclude", "resource_type:unit_test"]
        if not tests:
            args += ["resource_type:test"]
        if selection:
            args += ["--select", *selection, "--indirect-selection", "cautious"]
        built.dbt_output = built.dbt(*args).stdout
        cache[key] = built
        return built

    return build


# --- generated data ----------------------------------------------------------------------------


@dataclass
class GeneratedRaw:
    raw_dir: Path
    manifest: dict[str, Any]


@pytest.fixture(scope="session")
def generated_raw(tmp_path_factory: pytest.TempPathFactory) -> GeneratedRaw:
    """A small generated helpdesk (GENERATED_CONVERSATIONS conversations, Parquet) and its manifest."""
    from supportmetrics.generator import generate

    raw_dir = tmp_path_factory.mktemp("generated") / "raw"
    manifest = generate(raw_dir, conversations=GENERATED_CONVERSATIONS, months=6, progress=False)
    return GeneratedRaw(raw_dir=raw_dir, manifest=manifest)


@pytest.fixture(scope="session")
def generated_warehouse(generated_raw: GeneratedRaw, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    """The generated data set loaded and built through staging and the data-quality marts."""
    return warehouse_builder("generated", generated_raw.raw_dir)


# --- comparing relations -----------------------------------------------------------------------


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [d[0] for d in con.execute(f"select * from {relation} limit 0").description]


def compare_relations(con_a: duckdb.DuckDBPyConnection, con_b: duckdb.DuckDBPyConnection, relation: str,
                      *, exclude: Iterable[str] = ()) -> list[str]:
    """Differences between `relation` (e.g. 'staging.stg_helpdesk__messages') in two warehouses.

    Same columns (names, order-insensitive; `exclude` drops some) and the same multiset of rows
    (order-insensitive), compared by supportmetrics.compare: exact for integers, strings,
    booleans and dates, floats to a relative tolerance (DuckDB's parallel sums may differ in the
    last bits from one run to the next). Returns readable differences, empty when equal.
    """
    excluded = set(exclude)
    cols_a = [c for c in _columns(con_a, relation) if c not in excluded]
    cols_b = [c for c in _columns(con_b, relation) if c not in excluded]
    if sorted(cols_a) != sorted(cols_b):
        return [f"{relation}: columns differ: only in a {sorted(set(cols_a) - set(cols_b))}, "
                f"only in b {sorted(set(cols_b) - set(cols_a))}"]
    select = ", ".join(f'"{c}"' for c in cols_a)
    rows_a = con_a.execute(f"select {select} from {relation}").fetchall()
    rows_b = con_b.execute(f"select {select} from {relation}").fetchall()
    return compare_rows(relation, cols_a, rows_a, rows_b)


@pytest.fixture(scope="session")
def relation_comparer() -> Callable[..., list[str]]:
    """compare_relations as a fixture."""
    return compare_relations


def fixture_dir(name: str) -> Path:
    """tests/fixtures/<name> (bad_input, clean_input, ...)."""
    path = FIXTURES / name
    assert path.is_dir(), f"missing fixture directory {path}"
    return path


os.environ.setdefault("DO_NOT_TRACK", "1")


# --- the PII column rule ------------------------------------------------------------------------
# The same rule as macros/checks/assert_no_pii_columns.sql (is_pii_column), which runs as a post-hook
# on every public model; test_project_rules.py checks that the two agree on a table of cases.


def source_pii_names(manifest: dict[str, Any]) -> set[str]:
    """The source columns the raw contract marks `meta: {pii: true}`, lower-cased."""
    return {c["name"].lower() for s in manifest["sources"].values() for c in s["columns"].values()
            if (c.get("meta") or {}).get("pii")}


def is_pii_column(name: str, data_type: str, pii_names: set[str]) -> bool:
    """A PII source column's exact name, whatever its type; or a text column named after one (prefix,
    suffix or infix between underscores: customer_email, body_text), unless it is a `_hash`.
    Counts, flags and timestamps named after PII (has_comment, comment_count) are derived, not the text."""
    name = name.lower()
    is_text = any(t in data_type.upper() for t in ("CHAR", "TEXT", "STRING"))
    named = any(name.startswith(p + "_") or name.endswith("_" + p) or f"_{p}_" in name for p in pii_names)
    return name in pii_names or (named and is_text and not name.endswith("_hash"))
