"""Project-structure rules (dbt-project-evaluator's, which cannot be installed here), checked on
the parsed manifest, plus the generated contract docs being in sync with the contract."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import is_pii_column, source_pii_names
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


EXEMPTIONS_FILE = ROOT / "tests" / "project_rule_exemptions.yml"
RULES = ("primary_key", "unit_test", "verified")


@pytest.fixture(scope="module")
def exemptions() -> dict[str, dict[str, str]]:
    doc = yaml.safe_load(EXEMPTIONS_FILE.read_text()) or {}
    return {rule: dict(doc.get(rule) or {}) for rule in RULES}


def _public_models(manifest: dict) -> dict[str, dict]:
    return {k: v for k, v in _models(manifest).items() if v.get("access") == "public"}


def test_exemptions_are_known_rules_existing_models_and_give_reasons(manifest: dict) -> None:
    doc = yaml.safe_load(EXEMPTIONS_FILE.read_text()) or {}
    assert set(doc) <= set(RULES), f"unknown rules in {EXEMPTIONS_FILE.name}: {set(doc) - set(RULES)}"
    names = {n["name"] for n in _models(manifest).values()}
    stale = [(rule, m) for rule, models in doc.items() for m in (models or {}) if m not in names]
    unexplained = [(rule, m) for rule, models in doc.items() for m, why in (models or {}).items()
                   if not str(why or "").strip()]
    assert stale == [] and unexplained == []


def test_every_model_has_a_primary_key_test(manifest: dict, exemptions: dict[str, dict[str, str]]) -> None:
    tested: set[str] = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test":
            continue
        name = (node.get("test_metadata") or {}).get("name")
        if name in {"unique", "unique_combination_of_columns"}:
            tested.update(node["depends_on"]["nodes"])
    missing = [
        n["name"] for key, n in _models(manifest).items()
        if key not in tested and n["name"] not in exemptions["primary_key"] and not n["name"].startswith("base_")
    ]
    assert missing == []


def test_every_public_model_has_an_enforced_contract_with_typed_columns(manifest: dict) -> None:
    """BI reads public models: their columns and types are a contract (enforced on DuckDB)."""
    public = _public_models(manifest)
    assert len(public) > 40
    unenforced = [n["name"] for n in public.values() if not n["config"]["contract"]["enforced"]]
    untyped = [(n["name"], c) for n in public.values() for c, col in n["columns"].items() if not col.get("data_type")]
    assert unenforced == [] and untyped == []


def test_no_public_model_declares_a_pii_column(manifest: dict) -> None:
    """The post-hook macros/checks/assert_no_pii_columns.sql checks every built public model;
    this is the same rule over the declared (contract) columns, before anything is built."""
    pii = source_pii_names(manifest)
    assert {"email", "body"} <= pii
    offenders = [(n["name"], c) for n in _public_models(manifest).values()
                 for c, col in n["columns"].items() if is_pii_column(c, col.get("data_type") or "", pii)]
    assert offenders == []
    hooks = {n["name"]: [h["sql"] for h in n["config"].get("post-hook", [])] for n in _public_models(manifest).values()}
    unchecked = [name for name, sql in hooks.items() if not any("assert_no_pii_columns" in s for s in sql)]
    assert unchecked == [], "public models without the PII post-hook"


PII_RULE_CASES = [
    ("email", "INTEGER"), ("Customer_Email", "VARCHAR"), ("customer_email", "BOOLEAN"), ("email_hash", "VARCHAR"),
    ("body_text", "TEXT"), ("has_body", "BOOLEAN"), ("comment_count", "BIGINT"), ("first_comment_at", "TIMESTAMP"),
    ("account_name", "character varying"), ("subject_line", "STRING"), ("intent", "VARCHAR"), ("full_name", "BOOLEAN"),
    ("context_summary_handoffs", "BIGINT"), ("display_name_initial", "text"),
]


def test_python_pii_rule_agrees_with_the_post_hook_macro(manifest: dict, tmp_path: Path) -> None:
    """The Python tests' PII rule (conftest.is_pii_column) is the post-hook's rule, not a copy that drifts."""
    pii = source_pii_names(manifest)
    expected = {name: is_pii_column(name, dtype, pii) for name, dtype in PII_RULE_CASES}
    assert set(expected.values()) == {True, False}
    inline = ("{% for n, t in " + json.dumps(PII_RULE_CASES) + " %}"
              "{{ n }}={{ supportmetrics.is_pii_column(n, t) }};{% endfor %}")
    env = dbt_env({"DBT_TARGET_PATH": str(tmp_path), "SUPPORTMETRICS_DUCKDB_PATH": str(tmp_path / "wh.duckdb")})
    out = subprocess.run([dbt_executable(), "compile", "--quiet", "--inline", inline], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True).stdout
    rendered = dict(pair.split("=") for pair in out.strip().rstrip(";").split(";"))
    assert {name: value == "True" for name, value in rendered.items()} == expected


def test_every_public_mart_has_a_unit_test(manifest: dict, exemptions: dict[str, dict[str, str]]) -> None:
    tested = {u["model"] for u in manifest["unit_tests"].values()}
    missing = [n["name"] for n in _public_models(manifest).values()
               if n["name"] not in tested and n["name"] not in exemptions["unit_test"]
               and n["original_file_path"].startswith("models/marts/")]
    assert missing == [], f"add a unit test (or an exemption with its reason to {EXEMPTIONS_FILE.name})"


def test_every_public_mart_is_verified_against_another_source(manifest: dict,
                                                              exemptions: dict[str, dict[str, str]]) -> None:
    """A singular data test reads it (reconciliation, invariant), or a pytest asserts its values."""
    read_by_singular = {d for n in manifest["nodes"].values()
                        if n["resource_type"] == "test" and not n.get("test_metadata")
                        for d in n["depends_on"]["nodes"]}
    pytest_text = "\n".join(p.read_text() for p in (ROOT / "tests" / "python").glob("test_*.py"))
    missing = [n["name"] for key, n in _public_models(manifest).items()
               if key not in read_by_singular and n["name"] not in pytest_text
               and n["name"] not in exemptions["verified"]]
    assert missing == [], f"reconcile it in tests/ (or exempt it with its reason in {EXEMPTIONS_FILE.name})"


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


RESCAN_NOTE_LAYERS = ("intermediate", "marts", "semantic")


def _rescan_note(node: dict) -> str:
    return str((node["config"].get("meta") or {}).get("incremental_rescan") or "").strip()


def test_every_table_says_why_it_rescans_all_history(manifest: dict) -> None:
    """No model rescans all history on an incremental run unless it says why in its YAML: every
    model of models/intermediate, models/marts and models/semantic that is not materialized
    incremental (a table; a view or ephemeral model there would count too) carries
    config.meta.incremental_rescan in its _<folder>__models.yml entry, saying why it reads
    everything and what it reads (fct_version_conflicts is the model). An incremental model
    carrying the note, in any folder, is stale and fails too, and so do two models with the same
    note (the reason is the model's own, not boilerplate).

    Staging is not covered: its base_ models are incremental, and its stg_ models are views over
    them, which read nothing when they are built; a view costs where it is read, and the table
    reading it is the model whose note says so. The vendor adapters (models/staging/zendesk_*,
    intercom_*) and their mapping tables (models/staging/zendesk, intercom) are disabled for the
    canonical source this manifest parses, so they are out of scope here. models/semantic is
    covered beside intermediate and marts: its tables are built into the marts schema and read
    int_conversation_facts whole. Judged on the DuckDB target: on Spark the incremental models are
    tables by design (macros incremental_conversation_config, incremental_period_config)."""
    models = _models(manifest)
    covered = [n for n in models.values() if _layer(n) in RESCAN_NOTE_LAYERS]
    assert len(covered) > 70, "the rule no longer finds the intermediate and mart models"
    unexplained = sorted(n["name"] for n in covered
                         if n["config"]["materialized"] != "incremental" and not _rescan_note(n))
    stale = sorted(n["name"] for n in models.values()
                   if n["config"]["materialized"] == "incremental" and _rescan_note(n))
    by_note: dict[str, list[str]] = {}
    for n in covered:
        if note := " ".join(_rescan_note(n).split()):
            by_note.setdefault(note, []).append(n["name"])
    copied = sorted(sorted(names) for names in by_note.values() if len(names) > 1)
    assert unexplained == [], f"rebuilt in full on every run without config.meta.incremental_rescan: {unexplained}"
    assert stale == [], f"incremental, yet still carrying config.meta.incremental_rescan: {stale}"
    assert copied == [], f"the same incremental_rescan note on several models: {copied}"


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


def test_dag_is_at_most_12_levels_deep(manifest: dict) -> None:
    depths = _dag_depth(manifest)
    too_deep = sorted((d, name) for name, d in depths.items() if d > 12)
    assert too_deep == []


def test_dag_below_the_stage_models_is_shallow(manifest: dict) -> None:
    """The stage counts and every input they read are at most 8 levels deep, so the stage chain has 4
    levels left under the limit of 12; every model outside stage_assessment is at most 12 deep."""
    depths = _dag_depth(manifest)
    models = _models(manifest)
    by_name = {n["name"]: n for n in models.values()}
    counts = by_name["int_stage_daily_counts"]
    inputs = [models[d]["name"] for d in counts["depends_on"]["nodes"] if d in models]
    too_deep_inputs = sorted((depths[name], name) for name in inputs if depths[name] > 7)
    assert depths["int_stage_daily_counts"] <= 8
    non_stage = sorted(
        (depths[n["name"]], n["name"]) for n in models.values()
        if not n["original_file_path"].startswith("models/marts/stage_assessment/") and depths[n["name"]] > 12
    )
    assert too_deep_inputs == [] and non_stage == []


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


def test_stage_models_are_at_most_four_levels_above_their_daily_counts(manifest: dict) -> None:
    """issue 13: the stage chain stays short. With int_stage_daily_counts at level L, every model of
    models/marts/stage_assessment is at level <= L + 4 (fct_stage_metric_values L + 1 ...
    rpt_stage_scorecard and fct_stage_anti_patterns L + 4)."""
    depths = _dag_depth(manifest)
    ceiling = depths["int_stage_daily_counts"] + 4
    stage_models = [n["name"] for n in _models(manifest).values()
                    if n["original_file_path"].startswith("models/marts/stage_assessment/")]
    assert len(stage_models) >= 10
    too_deep = sorted((depths[name], name) for name in stage_models if depths[name] > ceiling)
    assert too_deep == [], f"deeper than int_stage_daily_counts + 4 = {ceiling}"


# An import CTE that reads a whole relation: `name as (select * from {{ ref('x') }} [as alias])`.
_WHOLE_RELATION_CTE = re.compile(
    r"^(?P<name>\w+) as (?P<hint>\{\{ supportmetrics\.not_materialized\(\) \}\} )?\(\s*\n"
    r"\s*select \* from \{\{ ref\('\w+'\) \}\}(?: as \w+)?\s*\n\s*\)", re.MULTILINE)


def _unhinted_whole_relation_ctes_read_twice(sql: str) -> list[str]:
    found = []
    for match in _WHOLE_RELATION_CTE.finditer(sql):
        rest = sql[:match.start()] + sql[match.end():]
        reads = len(re.findall(rf"\b(?:from|join)\s+{match['name']}\b", rest))
        if reads >= 2 and not match["hint"]:
            found.append(match["name"])
    return found


def test_whole_relation_ctes_read_twice_are_not_materialized(manifest: dict) -> None:
    """DuckDB copies a CTE read more than once into a buffer before the query runs; for an import
    CTE of a whole table that copy spilled gigabytes at 10M conversations (macros/cte_hints.sql)."""
    offenders = sorted(
        f"{n['name']}.{cte}" for n in _models(manifest).values() if n["language"] == "sql"
        for cte in _unhinted_whole_relation_ctes_read_twice(n["raw_code"])
    )
    assert offenders == []


def test_the_materialized_cte_rule_finds_what_it_should() -> None:
    read_twice = "with\n\nfacts as (\n\n    select * from {{ ref('f') }}\n\n),\n\na as (select 1 from facts),\n" \
                 "b as (select 1 from a inner join facts on true)\n\nselect * from b"
    assert _unhinted_whole_relation_ctes_read_twice(read_twice) == ["facts"]
    hinted = read_twice.replace("facts as (", "facts as {{ supportmetrics.not_materialized() }} (")
    assert _unhinted_whole_relation_ctes_read_twice(hinted) == []
    read_once = read_twice.replace("inner join facts on true", "")
    assert _unhinted_whole_relation_ctes_read_twice(read_once) == []
