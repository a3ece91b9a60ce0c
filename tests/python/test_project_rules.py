"""Project-structure rules (dbt-project-evaluator's, which cannot be installed here), checked on
the parsed manifest, plus the generated contract docs being in sync with the contract."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from supportmetrics.contract_docs import render_markdown
from supportmetrics.dbt_runner import dbt_env, dbt_executable

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    target = tmp_path_factory.mktemp("parse_target")
    env = dbt_env({"DBT_TARGET_PATH": str(target), "SUPPORTMETRICS_DUCKDB_PATH": str(target / "wh.duckdb")})
    subprocess.run([dbt_executable(), "parse", "--quiet"], cwd=ROOT, env=env, check=True)
    return json.loads((target / "manifest.json").read_text())


def _models(manifest: dict) -> dict[str, dict]:
    return {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}


def _layer(node: dict) -> str:
    return node["original_file_path"].split(os.sep)[1]


def test_only_staging_models_call_source(manifest: dict) -> None:
    offenders = [
        n["name"] for n in _models(manifest).values()
        if n["depends_on"]["nodes"] and any(d.startswith("source.") for d in n["depends_on"]["nodes"])
        and _layer(n) != "staging"
    ]
    assert offenders == []


def test_no_stg_model_depends_on_another_stg_model(manifest: dict) -> None:
    models = _models(manifest)
    offenders = [
        (n["name"], models[d]["name"])
        for n in models.values() if n["name"].startswith("stg_")
        for d in n["depends_on"]["nodes"] if d in models and models[d]["name"].startswith("stg_")
    ]
    assert offenders == []


def test_marts_never_depend_on_sources_or_base_models(manifest: dict) -> None:
    models = _models(manifest)
    offenders = [
        (n["name"], d) for n in models.values() if _layer(n) == "marts"
        for d in n["depends_on"]["nodes"]
        if d.startswith("source.") or (d in models and models[d]["name"].startswith("base_")
                                       and not n["original_file_path"].startswith("models/marts/data_quality"))
    ]
    assert offenders == []


def test_every_model_is_described(manifest: dict) -> None:
    undocumented = [n["name"] for n in _models(manifest).values() if not n["description"].strip()]
    assert undocumented == []


def test_every_model_has_a_primary_key_test(manifest: dict) -> None:
    tested: set[str] = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test":
            continue
        name = (node.get("test_metadata") or {}).get("name")
        if name in {"unique", "unique_combination_of_columns"}:
            tested.update(node["depends_on"]["nodes"])
    exempt = {"int_ai_rollout_baseline"}  # a single-row model: has_baseline is tested not_null
    missing = [
        n["name"] for key, n in _models(manifest).items()
        if key not in tested and n["name"] not in exempt and not n["name"].startswith("base_")
    ]
    assert missing == []


def test_no_chain_of_more_than_four_views(manifest: dict) -> None:
    models = _models(manifest)

    def depth(key: str) -> int:
        node = models[key]
        if node["config"]["materialized"] != "view":
            return 0
        parents = [d for d in node["depends_on"]["nodes"] if d in models]
        return 1 + max((depth(p) for p in parents), default=0)

    too_deep = [models[k]["name"] for k in models if depth(k) > 4]
    assert too_deep == []


def test_contract_docs_are_generated_from_the_contract() -> None:
    assert (ROOT / "docs" / "raw-contract.md").read_text() == render_markdown()


def _dag_depth(manifest: dict) -> dict[str, int]:
    """Levels of every model, seed and snapshot: 1 for a node without parents, else 1 + its deepest parent."""
    nodes = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] in {"model", "seed", "snapshot"}}
    depths: dict[str, int] = {}

    def depth(key: str) -> int:
        if key not in depths:
            parents = [d for d in nodes[key].get("depends_on", {}).get("nodes", []) if d in nodes]
            depths[key] = 1 + max((depth(p) for p in parents), default=0)
        return depths[key]

    return {nodes[k]["name"]: depth(k) for k in nodes}


@pytest.mark.xfail(strict=True, reason=(
    "issue 13: the DAG is 17 levels deep; int_conversation_facts alone is at level 11 (base -> stg -> "
    "int_incremental_scope -> ... -> int_conversation_resolution_windows), so the target of 12 needs the "
    "upstream intermediate chain shortened; strict: remove this marker when it holds"))
def test_dag_is_at_most_12_levels_deep(manifest: dict) -> None:
    depths = _dag_depth(manifest)
    too_deep = sorted((d, name) for name, d in depths.items() if d > 12)
    assert too_deep == []


def test_stage_models_read_counts_not_chains_of_marts(manifest: dict) -> None:
    """The stage metrics read intermediate counts: fct_stage_metric_values and fct_pilot_weekly_metrics
    read no mart that itself reads a mart (so the stage chain adds few levels above its inputs)."""
    models = _models(manifest)
    by_name = {n["name"]: (k, n) for k, n in models.items()}

    def mart_parents(key: str) -> list[str]:
        return [d for d in models[key]["depends_on"]["nodes"] if d in models and _layer(models[d]) == "marts"]

    offenders = [
        (name, models[parent]["name"])
        for name in ("fct_stage_metric_values", "fct_pilot_weekly_metrics")
        for parent in mart_parents(by_name[name][0])
        if mart_parents(parent) and models[parent]["name"] != "fct_stage_categories_covered"
    ]
    assert offenders == []
    assert "model.supportmetrics.int_stage_daily_counts" in by_name["fct_stage_metric_values"][1]["depends_on"]["nodes"]


def test_no_model_is_over_300_lines(manifest: dict) -> None:
    long_models = sorted(
        (len(n["raw_code"].splitlines()), n["name"]) for n in _models(manifest).values()
        if len(n["raw_code"].splitlines()) > 300
    )
    assert long_models == []
