"""End to end on a small generated data set: staging keeps exactly the generator's unique rows,
the reconciliation counts the duplicates and versions the generator injected, and
`dbt source freshness` works on the demo data with thresholds from vars."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable

import pytest

from conftest import BuiltWarehouse, GeneratedRaw, fixture_dir
from supportmetrics.contract import load_contract

pytestmark = pytest.mark.slow


def _reconciliation(built: BuiltWarehouse) -> dict[str, dict[str, Any]]:
    con = built.connect()
    try:
        cursor = con.execute("select * from marts.rpt_raw_reconciliation")
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}
    finally:
        con.close()


def test_generated_manifest_covers_the_contract(generated_raw: GeneratedRaw) -> None:
    assert set(generated_raw.manifest["tables"]) == set(load_contract())


def test_staged_rows_equal_the_generators_unique_rows(generated_raw: GeneratedRaw,
                                                      generated_warehouse: BuiltWarehouse) -> None:
    manifest = generated_raw.manifest["tables"]
    staged = {t: generated_warehouse.query(f"select count(*) from staging.stg_helpdesk__{t}")[0][0]
              for t in manifest}
    assert staged == {t: m["unique_rows"] for t, m in manifest.items()}
    assert staged["conversations"] == generated_raw.manifest["conversations"]


def test_reconciliation_counts_the_injected_duplicates_and_versions(generated_raw: GeneratedRaw,
                                                                    generated_warehouse: BuiltWarehouse) -> None:
    manifest = generated_raw.manifest["tables"]
    report = _reconciliation(generated_warehouse)
    assert set(report) == set(manifest)
    actual = {t: (r["raw_rows"], r["staged_rows"], r["exact_duplicates"], r["superseded_versions"],
                  r["quarantined_rows"], r["malformed_lines"], r["reconciles"]) for t, r in report.items()}
    expected = {t: (m["rows_written"], m["unique_rows"], m["exact_duplicates"], m["superseded_versions"], 0, 0, True)
                for t, m in manifest.items()}
    assert actual == expected
    # the data set exercises both paths somewhere
    assert sum(m["exact_duplicates"] for m in manifest.values()) > 0
    assert sum(m["superseded_versions"] for m in manifest.values()) > 0


def test_staged_keys_are_the_generators_keys(generated_raw: GeneratedRaw, generated_warehouse: BuiltWarehouse) -> None:
    """The generator's key per table is the contract's primary key (one staged row per key)."""
    contract = load_contract()
    for table, info in generated_raw.manifest["tables"].items():
        assert tuple(info["key"]) == contract[table].primary_key, table


# --- source freshness --------------------------------------------------------------------------


def _freshness(built: BuiltWarehouse, vars: dict[str, Any]) -> dict[str, dict[str, Any]]:
    proc = built.dbt("source", "freshness", "--select", "source:helpdesk", "--vars", json.dumps(vars), check=False)
    sources = json.loads((built.target_dir / "sources.json").read_text())
    results = {r["unique_id"].split(".")[-1]: r for r in sources["results"]}
    errors = {t: r.get("message") for t, r in results.items() if r["status"] == "runtime error"}
    assert errors == {}, proc.stdout[-3000:]
    return results


def test_source_freshness_runs_on_the_demo_data(generated_warehouse: BuiltWarehouse) -> None:
    contract = load_contract()
    lenient = _freshness(generated_warehouse, {"freshness_warn_after_hours": 10**7, "freshness_error_after_hours": 10**8})
    with_cursor = {t for t, table in contract.items() if table.cursor}
    assert set(lenient) == with_cursor, "tables without a cursor (agents, scope changes, costs) are not checked"
    assert {r["status"] for r in lenient.values()} == {"pass"}
    # the freshness timestamp is the newest cursor value, parsed like staging parses it
    newest = generated_warehouse.query("select max(updated_at) from staging.base_helpdesk__conversations "
                                       "where _row_status != 'quarantined'")[0][0]
    reported = datetime.fromisoformat(lenient["conversations"]["max_loaded_at"]).replace(tzinfo=None)
    assert reported == newest
    # thresholds come from the vars
    strict = _freshness(generated_warehouse, {"freshness_warn_after_hours": 1, "freshness_error_after_hours": 10**8})
    assert {r["status"] for r in strict.values()} == {"warn"}


def test_source_freshness_ignores_future_rows_and_empty_optional_tables(
        warehouse_builder: Callable[..., BuiltWarehouse]) -> None:
    bad = warehouse_builder("bad_input", fixture_dir("bad_input"))
    results = _freshness(bad, {"freshness_warn_after_hours": 10**7, "freshness_error_after_hours": 10**8})
    # conversation c8 (2099) and message m21 (2100) are quarantined and do not make the tables look fresh
    assert results["conversations"]["max_loaded_at"].startswith("2026-02-08T10:00:00")
    assert results["messages"]["max_loaded_at"].startswith("2026-02-08T10:00:00")
    # kb_articles (empty file) and cs_interventions (not provided) have nothing to be stale
    assert results["kb_articles"]["status"] == results["cs_interventions"]["status"] == "pass"
