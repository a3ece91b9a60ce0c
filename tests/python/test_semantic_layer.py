"""The semantic layer (models/semantic) has one definition of each metric: `mf query` returns the
marts' values, month and week, overall and by channel, window-judged rates on judged denominators.

Fast tests parse the project and validate the semantic manifest with MetricFlow's validator. Slow
tests build a generated helpdesk into a temporary DuckDB file (one build shared with
test_docs_site.py and test_report.py, see `bi_demo_warehouse`), then run the `mf` CLI in a
scratch copy of the project (symlinks) whose target/ is that build's, so nothing is written to
the developer's target/ or warehouse.
"""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable

import pytest

from conftest import ROOT, BuiltWarehouse, dbt_build_env, run_dbt

# --- the shared build (imported by test_docs_site.py and test_report.py) ------------------------------

BI_BUILD_NAME = "bi_demo"
BI_PROFILE = "stage3"
BI_CONVERSATIONS = 4000
BI_MONTHS = 8


def bi_demo_warehouse(tmp_path_factory: pytest.TempPathFactory,
                      warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    """A generated stage3 helpdesk, loaded and fully built (`dbt build` with data tests, default vars).

    Built once per session: the raw data lives at a fixed place under the session's base temp
    directory and warehouse_builder caches the build by name and selection.
    """
    raw_dir = tmp_path_factory.getbasetemp() / "bi_demo_raw"
    if not (raw_dir / "_manifest.json").exists():
        from supportmetrics.generator import generate

        generate(raw_dir, profile=BI_PROFILE, conversations=BI_CONVERSATIONS, months=BI_MONTHS, progress=False)
    return warehouse_builder(BI_BUILD_NAME, raw_dir, select=None)


# --- helpers ----------------------------------------------------------------------------------------

HEADLINE_METRICS = {
    "deflection_rate", "ai_containment_rate", "true_resolution_rate", "containment_quality_rate",
    "escalation_rate", "fcr_72h", "csat_satisfied_rate_ai", "csat_satisfied_rate_human",
    "ai_cost_per_resolution", "human_cost_per_resolution",
}
# window-judged ratio metrics and the judged denominator each must use
JUDGED_DENOMINATORS = {
    "true_resolution_rate": "judged_ai_involved_conversations",
    "containment_quality_rate": "judged_deflected_conversations",
    "fcr_24h": "judged_ai_involved_conversations",
    "fcr_72h": "judged_ai_involved_conversations",
    "reopen_rate": "solved_conversations",
    "judged_ai_containment_rate": "judged_ai_involved_conversations",
}
# semantic-layer metric -> fct_resolution_quality column
RESOLUTION_METRICS = {
    "conversations": "conversations",
    "pending_window_conversations": "pending_window_conversations",
    "judged_ai_involved_conversations": "judged_ai_involved_conversations",
    "judged_deflected_conversations": "judged_deflected_conversations",
    "ai_coverage_rate": "ai_coverage_rate",
    "deflection_rate": "deflection_rate",
    "ai_containment_rate": "ai_containment_rate",
    "escalation_rate": "escalation_rate",
    "true_resolution_rate": "true_resolution_rate",
    "containment_quality_rate": "containment_quality_rate",
    "false_deflection_rate": "false_deflection_rate",
    "fcr_24h": "fcr_24h",
    "fcr_72h": "fcr_72h",
    "reopen_rate": "reopen_rate",
    "deflection_vs_true_resolution_gap_points": "deflection_vs_true_resolution_gap_points",
}
# semantic-layer metric -> fct_csat_gap column
CSAT_METRICS = {
    "csat_satisfied_rate_ai": "ai_only_satisfied_rate",
    "csat_satisfied_rate_ai_then_human": "ai_then_human_satisfied_rate",
    "csat_satisfied_rate_human": "human_only_satisfied_rate",
    "csat_mean_ai": "ai_only_csat_mean",
    "csat_mean_human": "human_only_csat_mean",
    "csat_gap_points": "csat_gap_points",
}
# semantic-layer metric -> fct_cost_per_resolution column
COST_METRICS = {
    "ai_cost_per_resolution": "ai_cost_per_resolution",
    "human_cost_per_resolution": "human_cost_per_resolution",
    "blended_cost_per_ticket": "blended_cost_per_ticket",
    "ai_cost_usd": "ai_cost_usd",
}

Key = tuple[date, str]


def _mf_executable() -> str:
    candidate = Path(sys.executable).parent / "mf"
    if not candidate.exists():
        pytest.skip("the MetricFlow CLI (dbt-metricflow) is not installed: pip install -e '.[dev]'")
    return str(candidate)


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _same(a: Any, b: Any) -> bool:
    x, y = _number(a), _number(b)
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def _compare(mart: dict[Key, dict[str, Any]], mf: dict[Key, dict[str, Any]],
             metrics: dict[str, str], label: str) -> list[str]:
    """Every mart row equals the mf row of the same key (a missing mf row = all nulls), and mf has no extra key."""
    problems = [f"{label}: mf period {k} is not in the mart" for k in sorted(set(mf) - set(mart))]
    for key, row in sorted(mart.items()):
        got = mf.get(key, {})
        for metric, column in metrics.items():
            if not _same(row[column], got.get(metric)):
                problems.append(f"{label} {key} {metric}: mart {row[column]!r} != mf {got.get(metric)!r}")
    return problems


class MetricFlow:
    """`mf` in a scratch project dir: symlinks to the project, target/ = the build's target dir."""

    def __init__(self, built: BuiltWarehouse, project: Path) -> None:
        self.built, self.project = built, project
        self.executable = _mf_executable()
        self._cache: dict[tuple[Any, ...], list[dict[str, str]]] = {}

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        # the build's warehouse path is relative to its work dir; mf runs from the scratch project
        env = dict(self.built.env, DBT_PROJECT_DIR=str(self.project),
                   SUPPORTMETRICS_DUCKDB_PATH=str(self.built.warehouse))
        proc = subprocess.run([self.executable, *args], cwd=self.project, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, f"mf {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        return proc

    def query(self, metrics: Iterable[str] = (), group_by: Iterable[str] = (), *,
              saved_query: str | None = None) -> list[dict[str, str]]:
        """Rows of `mf query ... --csv` (cached: each distinct query runs once per module)."""
        metrics, group_by = tuple(metrics), tuple(group_by)
        key = (metrics, group_by, saved_query)
        if key not in self._cache:
            self._cache[key] = self._query(metrics, group_by, saved_query)
        return self._cache[key]

    def _query(self, metrics: tuple[str, ...], group_by: tuple[str, ...],
               saved_query: str | None) -> list[dict[str, str]]:
        out = self.project / f"query_{len(self._cache)}.csv"
        args = ["query", "--quiet", "--csv", str(out)]
        if saved_query:
            args += ["--saved-query", saved_query]
        else:
            args += ["--metrics", ",".join(metrics), "--group-by", ",".join(group_by)]
        self.run(*args)
        with out.open(newline="") as handle:
            return list(csv.DictReader(handle))


def _mf_by_key(rows: list[dict[str, str]], time_column: str, slice_column: str | None) -> dict[Key, dict[str, Any]]:
    keyed: dict[Key, dict[str, Any]] = {}
    for row in rows:
        key = (_as_date(row[time_column]), row[slice_column] if slice_column else "all")
        assert key not in keyed, f"mf returned {key} twice"
        keyed[key] = row
    return keyed


# --- fast: the semantic manifest --------------------------------------------------------------------


@pytest.fixture(scope="module")
def semantic_manifest(dbt_parse_cache: Path | None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """target/semantic_manifest.json of the session's `dbt parse` (or of a parse of our own)."""
    if dbt_parse_cache is not None and (dbt_parse_cache.parent / "semantic_manifest.json").exists():
        return json.loads((dbt_parse_cache.parent / "semantic_manifest.json").read_text())
    work = tmp_path_factory.mktemp("semantic_parse")
    run_dbt(["parse", "--quiet"], dbt_build_env(work), cwd=work)
    return json.loads((work / "target" / "semantic_manifest.json").read_text())


def test_semantic_manifest_passes_metricflow_validation(semantic_manifest: dict[str, Any]) -> None:
    from metricflow_semantic_interfaces.validations.semantic_manifest_validator import SemanticManifestValidator
    from metricflow_semantics.model.dbt_manifest_parser import parse_manifest_from_dbt_generated_manifest

    manifest = parse_manifest_from_dbt_generated_manifest(manifest_json_string=json.dumps(semantic_manifest))
    result = SemanticManifestValidator().validate_semantic_manifest(manifest)
    assert not result.has_blocking_issues, [str(issue) for issue in result.all_issues]


def test_headline_metrics_are_defined_once(semantic_manifest: dict[str, Any]) -> None:
    names = [metric["name"] for metric in semantic_manifest["metrics"]]
    assert len(names) == len(set(names))
    assert HEADLINE_METRICS <= set(names)


def test_window_judged_rates_divide_by_judged_counts(semantic_manifest: dict[str, Any]) -> None:
    metrics = {m["name"]: m for m in semantic_manifest["metrics"]}
    measures = {ms["name"]: ms for sm in semantic_manifest["semantic_models"] for ms in sm["measures"]}
    for metric, denominator in JUDGED_DENOMINATORS.items():
        params = metrics[metric]["type_params"]
        assert metrics[metric]["type"] == "ratio"
        assert params["denominator"]["name"] == denominator, metric
        # the denominator's measure reads a judged flag of fct_conversations
        measure = metrics[denominator]["type_params"]["measure"]["name"]
        assert measures[measure]["expr"].startswith("is_judged"), (metric, measures[measure]["expr"])
    # numerators of judged rates are judged too (false while the window is open)
    for numerator in ("truly_resolved_conversations", "fcr_24h_conversations", "fcr_72h_conversations",
                      "reopened_conversations"):
        measure = metrics[numerator]["type_params"]["measure"]["name"]
        assert measures[measure]["expr"] in {"is_truly_resolved", "is_fcr_24h", "is_fcr_72h", "is_judged_reopened"}


def test_semantic_models_read_public_models_only(semantic_manifest: dict[str, Any]) -> None:
    """No semantic model sits on an intermediate (protected) model or on anything holding PII."""
    relations = {sm["name"]: sm["node_relation"]["schema_name"] for sm in semantic_manifest["semantic_models"]}
    assert relations and set(relations.values()) == {"marts"}, relations


def test_time_spine_is_configured(semantic_manifest: dict[str, Any]) -> None:
    spines = semantic_manifest["project_configuration"]["time_spines"]
    assert any(s["node_relation"]["alias"] == "metricflow_time_spine"
               and s["primary_column"]["time_granularity"] == "day" for s in spines), spines


# --- slow: mf query against the marts ----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return bi_demo_warehouse(tmp_path_factory, warehouse_builder)


@pytest.fixture(scope="module")
def metricflow(built: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory) -> MetricFlow:
    project = tmp_path_factory.mktemp("mf_project")
    for entry in ROOT.iterdir():
        if entry.name not in {"target", "logs", "warehouse", "reports", "data", ".venv", ".git", "dbt_packages"}:
            (project / entry.name).symlink_to(entry)
    (project / "target").symlink_to(built.target_dir)
    assert (built.target_dir / "semantic_manifest.json").exists()
    return MetricFlow(built, project)


def _resolution_mart(built: BuiltWarehouse, grain: str, dimension: str) -> dict[Key, dict[str, Any]]:
    columns = ", ".join(dict.fromkeys(RESOLUTION_METRICS.values()))
    rows = built.query(
        f"select period_start, slice_value, {columns} from marts.fct_resolution_quality "
        "where period_grain = ? and slice_dimension = ?", [grain, dimension])
    names = ["period_start", "slice_value", *dict.fromkeys(RESOLUTION_METRICS.values())]
    return {(_as_date(r[0]), r[1]): dict(zip(names, r)) for r in rows}


def _csat_mart(built: BuiltWarehouse, grain: str, dimension: str) -> dict[Key, dict[str, Any]]:
    columns = ", ".join(CSAT_METRICS.values())
    rows = built.query(
        f"select period_start, slice_value, {columns} from marts.fct_csat_gap "
        "where period_grain = ? and slice_dimension = ?", [grain, dimension])
    names = ["period_start", "slice_value", *CSAT_METRICS.values()]
    return {(_as_date(r[0]), r[1]): dict(zip(names, r)) for r in rows}


def _conversation_query(metricflow: MetricFlow, grain: str, dimension: str) -> list[dict[str, str]]:
    """The resolution-quality and CSAT metrics (and two raw counts) by grain, overall or by channel."""
    group_by = [f"metric_time__{grain}"] + (["conversation__channel"] if dimension == "channel" else [])
    extra = ["truly_resolved_conversations", "ai_involved_conversations"]
    return metricflow.query([*RESOLUTION_METRICS, *CSAT_METRICS, *extra], group_by)


@pytest.mark.slow
def test_the_demo_build_is_not_trivial(built: BuiltWarehouse) -> None:
    """Guards against vacuous comparisons: AI months, pending windows and CSAT streams exist."""
    rows = _resolution_mart(built, "month", "overall")
    assert len(rows) == BI_MONTHS
    assert sum(1 for r in rows.values() if r["true_resolution_rate"] is not None) >= 3
    assert sum(r["pending_window_conversations"] for r in rows.values()) > 0
    csat = _csat_mart(built, "month", "overall")
    assert sum(1 for r in csat.values() if r["csat_gap_points"] is not None) >= 3


@pytest.mark.slow
def test_metricflow_validates_against_the_warehouse(metricflow: MetricFlow) -> None:
    proc = metricflow.run("validate-configs")
    assert "ERRORS: 0" in proc.stdout and "Breaking issues" not in proc.stdout, proc.stdout[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("grain", ["month", "week"])
@pytest.mark.parametrize("dimension", ["overall", "channel"])
def test_mf_query_equals_the_marts(metricflow: MetricFlow, built: BuiltWarehouse, grain: str, dimension: str) -> None:
    """Resolution-quality and CSAT metrics by month / week, overall / by channel, equal the marts."""
    rows = _conversation_query(metricflow, grain, dimension)
    mf = _mf_by_key(rows, f"metric_time__{grain}", "conversation__channel" if dimension == "channel" else None)
    resolution = _resolution_mart(built, grain, dimension)
    csat = _csat_mart(built, grain, dimension)
    assert len(resolution) >= (BI_MONTHS if grain == "month" else 30)
    problems = _compare(resolution, mf, RESOLUTION_METRICS, f"fct_resolution_quality {grain} {dimension}")
    problems += _compare(csat, {k: v for k, v in mf.items() if k in csat}, CSAT_METRICS,
                         f"fct_csat_gap {grain} {dimension}")
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.slow
def test_mf_cost_per_resolution_equals_the_mart(metricflow: MetricFlow, built: BuiltWarehouse) -> None:
    rows = metricflow.query(list(COST_METRICS), ["metric_time__month"])
    mf = _mf_by_key(rows, "metric_time__month", None)
    names = ["cost_month", *COST_METRICS.values()]
    mart = {(_as_date(r[0]), "all"): dict(zip(names, r)) for r in built.query(
        f"select cost_month, {', '.join(COST_METRICS.values())} from marts.fct_cost_per_resolution")}
    assert any(r["ai_cost_per_resolution"] is not None for r in mart.values())
    assert _compare(mart, mf, COST_METRICS, "fct_cost_per_resolution") == []


@pytest.mark.slow
def test_saved_query_equals_the_mart(metricflow: MetricFlow, built: BuiltWarehouse) -> None:
    rows = metricflow.query(saved_query="resolution_quality_by_week_and_channel")
    mf = _mf_by_key(rows, "metric_time__week", "conversation__channel")
    metrics = {m: RESOLUTION_METRICS[m] for m in ("conversations", "deflection_rate", "true_resolution_rate",
                                                  "escalation_rate", "fcr_72h")}
    assert _compare(_resolution_mart(built, "week", "channel"), mf, metrics, "saved query") == []


@pytest.mark.slow
def test_judged_denominators_leave_pending_conversations_out(metricflow: MetricFlow, built: BuiltWarehouse) -> None:
    """In the latest week (windows still open) true resolution differs from an unjudged ratio."""
    rows = _conversation_query(metricflow, "week", "overall")
    latest = max(rows, key=lambda r: r["metric_time__week"])
    assert float(latest["pending_window_conversations"]) > 0
    assert float(latest["judged_ai_involved_conversations"]) < float(latest["ai_involved_conversations"])
    if latest["true_resolution_rate"]:
        expected = float(latest["truly_resolved_conversations"]) / float(latest["judged_ai_involved_conversations"])
        assert math.isclose(float(latest["true_resolution_rate"]), expected, rel_tol=1e-9)


os.environ.setdefault("DO_NOT_TRACK", "1")
