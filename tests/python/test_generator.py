"""Tests of the demo-data generator (scripts/supportmetrics/generator).

Determinism, the raw contract's tables and columns, manifest counts, the injected loader
artefacts (exact duplicates, superseded versions), stage0 without AI, a pre-AI baseline, text
templates that a lexicon scorer reads as intended, and each preset's latest month landing at
its maturity stage (independent recomputation with `check.quick_metrics`).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.dataset as ds
import pytest

ROOT = Path(__file__).resolve().parents[2]
try:
    import supportmetrics  # noqa: F401
except ImportError:  # pragma: no cover - running without the editable install
    sys.path.insert(0, str(ROOT / "scripts"))

from supportmetrics.contract import load_contract  # noqa: E402
from supportmetrics.generator import PROFILES, config, generate, texts  # noqa: E402
from supportmetrics.generator.check import quick_metrics  # noqa: E402
from supportmetrics.generator.schema import KEYS, TABLES  # noqa: E402

SMALL = {"conversations": 6000, "months": 8}

# latest-month bands per preset (spec/maturity.md plus the preset's design targets, with margin)
BANDS: dict[str, dict[str, tuple[float, float]]] = {
    "stage1": {"deflection_rate": (0.0, 0.0)},
    "stage2": {"deflection_rate": (0.13, 0.23), "csat_gap_points": (-2.0, 30.0)},
    "stage3": {"deflection_rate": (0.30, 0.42), "true_resolution_rate": (0.52, 0.72),
               "csat_gap_points": (-1.0, 30.0), "categories_covered": (15, 15)},
    "stage4": {"deflection_rate": (0.48, 0.62), "true_resolution_rate": (0.81, 0.89),
               "csat_gap_points": (1.0, 30.0), "categories_covered": (17, 17),
               "previous_month_deflection_rate": (0.30, 1.0)},
    "stage5": {"deflection_rate": (0.68, 0.82), "true_resolution_rate": (0.91, 0.97),
               "csat_gap_points": (3.0, 40.0), "categories_covered": (17, 17),
               "cost_per_ticket_change": (-1.0, -0.5), "critical_errors_30d": (0, 0)},
}


def _read(out: Path, table: str) -> Any:
    folder = out / table
    fmt = "parquet" if any(folder.glob("*.parquet")) else "csv"
    return ds.dataset(str(folder), format=fmt).to_table()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """A small run of every preset (6000 conversations over 8 months)."""
    base = tmp_path_factory.mktemp("generator")
    out: dict[str, tuple[Path, dict[str, Any]]] = {}
    for profile in PROFILES:
        target = base / profile
        out[profile] = (target, generate(target, profile=profile, seed=42, progress=False, **SMALL))
    return out


@pytest.fixture(scope="module")
def metrics(runs: dict[str, tuple[Path, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    return {profile: quick_metrics(path) for profile, (path, _) in runs.items()}


def test_same_seed_same_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", profile="stage4", conversations=1500, months=5, seed=7, progress=False)
    second = generate(tmp_path / "b", profile="stage4", conversations=1500, months=5, seed=7, progress=False)
    assert first == second
    for table in TABLES:
        assert _read(tmp_path / "a", table).equals(_read(tmp_path / "b", table)), table
    other = generate(tmp_path / "c", profile="stage4", conversations=1500, months=5, seed=8, progress=False)
    assert not _read(tmp_path / "c", "messages").equals(_read(tmp_path / "a", "messages"))
    assert other["conversations"] == 1500


def test_chunked_parallel_run_is_identical(tmp_path: Path) -> None:
    """Several chunks in 2 worker processes give the same rows as one process."""
    kwargs = dict(profile="stage3", conversations=2400, months=5, seed=3, progress=False, chunk_size=700)
    one = generate(tmp_path / "one", workers=1, **kwargs)
    two = generate(tmp_path / "two", workers=2, **kwargs)
    assert one == two
    assert len(list((tmp_path / "two" / "messages").glob("part-*.parquet"))) == 4
    for table in TABLES:
        assert _read(tmp_path / "one", table).equals(_read(tmp_path / "two", table)), table


def test_rerun_replaces_previous_files(tmp_path: Path) -> None:
    generate(tmp_path, profile="stage2", conversations=1200, months=4, progress=False, chunk_size=500)
    manifest = generate(tmp_path, profile="stage2", conversations=800, months=4, progress=False)
    assert _read(tmp_path, "conversations").num_rows == manifest["tables"]["conversations"]["rows_written"]
    assert len(list((tmp_path / "messages").iterdir())) == 1


def test_every_contract_table_and_column(runs: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    contract = load_contract()
    assert set(contract) == set(TABLES)
    path, manifest = runs["stage3"]
    for name, table in contract.items():
        assert _read(path, name).column_names == table.column_names, name
        assert name in manifest["tables"]


def test_types(runs: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    path, _ = runs["stage3"]
    messages = _read(path, "messages").schema
    assert str(messages.field("created_at").type) == "timestamp[us]"
    assert str(messages.field("is_public").type) == "bool"
    assert str(messages.field("message_id").type) == "string"
    assert str(_read(path, "support_costs").schema.field("month").type) == "date32[day]"


def test_csv_format(tmp_path: Path) -> None:
    manifest = generate(tmp_path, profile="stage3", conversations=1000, months=4, fmt="csv", progress=False)
    contract = load_contract()
    for name, table in contract.items():
        files = list((tmp_path / name).glob("*.csv"))
        assert files, name
        with files[0].open(newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            assert header == table.column_names, name
            first = next(reader, None)
        if name == "messages" and first:
            assert "T" in first[2] and len(first[2]) == 26  # 2026-07-01T09:15:00.123456
    assert _read(tmp_path, "messages").num_rows == manifest["tables"]["messages"]["rows_written"]


def test_manifest_matches_files(runs: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    path, manifest = runs["stage3"]
    on_disk = json.loads((path / "_manifest.json").read_text())
    assert on_disk == manifest
    assert manifest["conversations"] == SMALL["conversations"]
    assert {"profile", "seed", "conversations", "start", "end", "tables"} <= set(manifest)
    con = duckdb.connect()
    for table, counts in manifest["tables"].items():
        rel = f"read_parquet('{path / table}/*.parquet')"
        assert con.execute(f"select count(*) from {rel}").fetchone()[0] == counts["rows_written"], table
        keys = ", ".join(KEYS[table])
        distinct = con.execute(f"select count(*) from (select distinct {keys} from {rel})").fetchone()[0]
        assert distinct == counts["unique_rows"], table
        assert counts["rows_written"] == (
            counts["unique_rows"] + counts["exact_duplicates"] + counts["superseded_versions"]
        )
    assert manifest["tables"]["conversations"]["unique_rows"] == SMALL["conversations"]


def test_loader_artefacts(runs: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    path, manifest = runs["stage3"]
    tables = manifest["tables"]
    for table in ("messages", "ai_events", "conversations", "csat_responses"):
        share = tables[table]["exact_duplicates"] / tables[table]["unique_rows"]
        assert 0.002 <= share <= 0.01, table
    assert tables["conversations"]["superseded_versions"] > 0
    assert tables["accounts"]["superseded_versions"] > 0
    con = duckdb.connect()
    rel = f"read_parquet('{path}/conversations/*.parquet')"
    older = con.execute(f"""
        with versions as (
            select conversation_id, status, updated_at,
                   count(distinct (status, updated_at)) over (partition by conversation_id) as n_versions,
                   row_number() over (partition by conversation_id order by updated_at desc) as recency
            from (select distinct * from {rel})
        )
        select count(*) filter (where recency = 1), count(*) filter (where recency > 1 and status = 'open')
        from versions where n_versions > 1""").fetchone()
    assert older[0] == tables["conversations"]["superseded_versions"]
    assert older[1] > 0


def test_stage0_has_no_ai(runs: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    path, manifest = runs["stage0"]
    assert manifest["tables"]["ai_events"]["rows_written"] == 0
    assert manifest["tables"]["handoffs"]["rows_written"] == 0
    messages = _read(path, "messages")
    assert "ai_agent" not in set(messages.column("author_type").to_pylist())
    assert set(_read(path, "ai_scope_changes").column("mode").to_pylist()) == {"off"}
    assert set(_read(path, "agents").column("agent_type").to_pylist()) == {"human"}
    assert set(_read(path, "cs_interventions").column("ai_involvement").to_pylist()) == {"none"}
    cost_types = set(_read(path, "support_costs").column("cost_type").to_pylist())
    assert cost_types == {"human_tooling", "other"}


def test_pre_ai_baseline(runs: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    path, manifest = runs["stage5"]
    con = duckdb.connect()
    first_ai = con.execute(f"""
        select least(
            (select min(created_at) from read_parquet('{path}/messages/*.parquet') where author_type = 'ai_agent'),
            (select min(created_at) from read_parquet('{path}/ai_events/*.parquet')),
            (select min(effective_from) from read_parquet('{path}/ai_scope_changes/*.parquet')))""").fetchone()[0]
    start = con.execute(f"select min(created_at) from read_parquet('{path}/conversations/*.parquet')").fetchone()[0]
    assert (first_ai.year * 12 + first_ai.month) - (start.year * 12 + start.month) >= 3
    modes = con.execute(f"""
        select mode, min(effective_from) from read_parquet('{path}/ai_scope_changes/*.parquet')
        group by 1 order by 2""").fetchall()
    assert modes[0][0] == "shadow"
    assert {m for m, _ in modes} == {"shadow", "draft_assist", "autonomous"}


def test_realism_features(runs: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    """Handoff triggers, implicit handoffs, internal AI notes, returns, reopens, abandonment."""
    path, _ = runs["stage3"]
    con = duckdb.connect()
    for table in ("messages", "ai_events", "handoffs", "ticket_events", "conversations"):
        con.execute(f"create view {table} as select distinct * from read_parquet('{path}/{table}/*.parquet')")
    triggers = {r[0] for r in con.execute("select distinct trigger from handoffs").fetchall()}
    assert triggers == {"customer_request", "low_confidence", "negative_sentiment", "complexity", "policy_rule", "timeout"}
    assert con.execute("select count(*) from (select conversation_id from handoffs group by 1 having count(*) = 2)").fetchone()[0] > 0
    assert con.execute("select count(*) from handoffs where context_summary is null").fetchone()[0] > 0
    implicit = con.execute("""
        with pub as (select *, row_number() over (partition by conversation_id order by created_at, message_id) as s
                     from messages where is_public),
        first_ai as (select conversation_id, min(s) as s_ai from pub where author_type = 'ai_agent' group by 1)
        select count(distinct pub.conversation_id) from pub join first_ai using (conversation_id)
        where author_type = 'human_agent' and s > s_ai
          and conversation_id not in (select conversation_id from handoffs)""").fetchone()[0]
    assert implicit > 0
    notes_only = con.execute("""
        select count(distinct conversation_id) from messages
        where author_type = 'ai_agent' and not is_public
          and conversation_id not in (select conversation_id from messages where author_type = 'ai_agent' and is_public)
          and conversation_id not in (select conversation_id from ai_events where event_type in ('answer_sent', 'action_taken'))
    """).fetchone()[0]
    assert notes_only > 0
    reopens = con.execute("""
        select count(*) from ticket_events where event_type = 'status_change'
        and from_value in ('solved', 'closed') and to_value = 'open'""").fetchone()[0]
    assert reopens > 0
    repeat = con.execute("""
        select count(*) from messages where author_type = 'human_agent'
        and (body ilike '%describe the issue again%' or body ilike '%repeat%')""").fetchone()[0]
    assert repeat > 0
    assert con.execute("select count(*) from messages where sentiment_score is not null and sentiment_score not between -1 and 1").fetchone()[0] == 0
    null_channels = {r[0] for r in con.execute("""
        select c.channel from messages m join conversations c using (conversation_id)
        where m.author_type = 'customer' group by 1 having count(m.sentiment_score) = 0""").fetchall()}
    assert null_channels == {"email", "voice"}
    for event in ("draft_suggested", "answer_sent", "action_taken", "resolution_confirmed", "intent_classified"):
        assert con.execute("select count(*) from ai_events where event_type = ?", [event]).fetchone()[0] > 0, event
    later = con.execute("""
        select count(*) from messages m join conversations c using (conversation_id) where m.created_at < c.created_at
    """).fetchone()[0]
    assert later == 0
    statuses = {r[0] for r in con.execute("select distinct status from conversations").fetchall()}
    assert {"open", "solved", "closed"} <= statuses
    intents = con.execute("select count(distinct intent) from conversations where intent != 'other'").fetchone()[0]
    assert intents == config.N_INTENTS == 20


def test_customer_templates_agree_with_vader() -> None:
    vader = pytest.importorskip("vaderSentiment.vaderSentiment")
    analyzer = vader.SentimentIntensityAnalyzer()
    bad = []
    for tone, templates in texts.all_customer_templates().items():
        for template in templates:
            for value in range(3):
                body = texts.fill(template, lambda seq, v=value: seq[v % len(seq)])
                score = analyzer.polarity_scores(body)["compound"]
                ok = score >= -0.05 if tone == "neu" else (score > 0.05 if tone == "pos" else score < -0.05)
                if not ok:
                    bad.append((tone, round(score, 3), body))
    assert not bad


def test_repeat_request_phrases_only_where_intended() -> None:
    with (ROOT / "seeds" / "repeat_request_phrases.csv").open(newline="") as handle:
        phrases = [row["phrase"].lower() for row in csv.DictReader(handle)]
    for template in texts.HUMAN_REPEAT:
        assert any(p in template.lower() for p in phrases), template
    human = (list(texts.HUMAN_FIRST) + list(texts.HUMAN_FIRST_AFTER_HANDOFF) + list(texts.HUMAN_FOLLOW_UPS)
             + list(texts.HUMAN_CLOSINGS) + [a for v in texts.HUMAN_RESOLVE.values() for a in v]
             + [a for v in texts.AI_ANSWERS.values() for a in v])
    for template in human:
        assert not any(p in template.lower() for p in phrases), template


@pytest.mark.parametrize("profile", PROFILES)
def test_preset_lands_at_its_stage(profile: str, metrics: dict[str, dict[str, Any]]) -> None:
    m = metrics[profile]
    assert m["stage"] == int(profile[-1]), m
    assert m["conversations"] >= 700
    for key, (low, high) in BANDS.get(profile, {}).items():
        assert m[key] is not None and low <= m[key] <= high, (key, m[key], m)


def test_critical_intents_are_the_seeds_and_never_autonomous(runs: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    """The critical intents (Intent.critical) are the taxonomy's names in
    seeds/expansion_excluded_intents.csv, and no preset ever gives them autonomous scope; stage 3
    (the default demo) keeps the two hardest non-critical intents in draft_assist, stages 4-5 none."""
    with (ROOT / "seeds" / "expansion_excluded_intents.csv").open() as handle:
        excluded = {row["intent"] for row in csv.DictReader(handle)}
    assert config.CRITICAL_INTENT_NAMES == excluded & set(config.INTENT_NAMES)
    assert config.CRITICAL_INTENT_NAMES == {"security_concern", "payment_dispute", "legal_request"}
    non_critical = set(config.INTENT_NAMES) - config.CRITICAL_INTENT_NAMES
    expected_not_autonomous = {
        "stage3": {"technical_troubleshooting", "bug_report"},
        "stage4": set(),
        "stage5": set(),
    }
    for profile, (path, _) in runs.items():
        scope = duckdb.sql(f"""
            select intent, bool_or(mode = 'autonomous') as ever_autonomous,
                   arg_max(mode, effective_from) as final_mode
            from read_parquet('{path}/ai_scope_changes/*.parquet') group by 1""").fetchall()
        autonomous = {intent for intent, ever, _ in scope if ever}
        assert not autonomous & config.CRITICAL_INTENT_NAMES, (profile, autonomous)
        if profile in expected_not_autonomous:
            final = {intent: mode for intent, _, mode in scope}
            assert non_critical - autonomous == expected_not_autonomous[profile], profile
            assert {final[i] for i in expected_not_autonomous[profile]} <= {"draft_assist"}, profile
            assert {final[i] for i in config.CRITICAL_INTENT_NAMES} == {"draft_assist"}, profile
    with pytest.raises(ValueError, match="autonomous_intents"):
        config.Preset(name="too_wide", stage=5, ai=True, autonomous_intents=config.N_INTENTS, draft_intents=0,
                      ai_other=True, deflection=0.7)


def test_presets_are_monotone(metrics: dict[str, dict[str, Any]]) -> None:
    deflection = [metrics[p]["deflection_rate"] for p in PROFILES]
    assert deflection == sorted(deflection)
    resolution = [metrics[p]["true_resolution_rate"] for p in PROFILES[2:]]
    assert resolution == sorted(resolution)


# sha256 over every file (relative path, then bytes, in path order) of the run below, recorded
# before the generator's memory work (issue 19): the chunked, multi-process writer must stay
# byte-identical for the same seed. Re-recorded when the taxonomy grew to 20 intents with critical
# intents never autonomous (issue 18): a deliberate change of the data, with the 1-worker and
# 2-worker runs of test_chunked_parallel_run_is_identical still identical.
GOLDEN_DIGEST = "212675668eb3b3cb3e757917ac101618f28af650143be20dd3302d5b119bf8a7"


def _digest(root: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_output_is_byte_identical_to_the_recorded_digest(tmp_path: Path) -> None:
    generate(tmp_path / "run", profile="stage3", conversations=2400, months=5, seed=3, progress=False,
             chunk_size=700, workers=2)
    assert _digest(tmp_path / "run") == GOLDEN_DIGEST


def test_flat_volume_keeps_every_month_alike(tmp_path: Path) -> None:
    # the bench generates every size with monthly_growth=1, so a size's last day is the same size
    # whatever its history; the default grows 3% a month (the last month about 1.03^5 the first's)
    def per_month(growth: float | None) -> list[int]:
        kwargs = {} if growth is None else {"monthly_growth": growth}
        out = tmp_path / f"g{growth}"
        manifest = generate(out, profile="stage3", conversations=12000, months=6, progress=False, **kwargs)
        assert ("monthly_growth" in manifest) == (growth is not None)
        return [row[1] for row in duckdb.sql(
            f"select date_trunc('month', created_at) as m, count(distinct conversation_id) "
            f"from '{out}/conversations/*.parquet' "
            "group by 1 order by 1").fetchall()]

    flat, growing = per_month(1.0), per_month(None)
    assert sum(flat) == sum(growing) == 12000
    # flat: months differ by their days and weekdays only (30 or 31 days, 4 or 5 weekends)
    assert max(flat) / min(flat) < 1.08
    assert growing[-1] / growing[0] > 1.12
    with pytest.raises(ValueError, match="monthly_growth must be > 0"):
        generate(tmp_path / "bad", conversations=1000, months=4, progress=False, monthly_growth=0)


def test_cli_rejects_a_bad_monthly_growth_in_one_line(tmp_path: Path) -> None:
    import subprocess

    proc = subprocess.run([sys.executable, "-c", "from supportmetrics.cli import main; main()", "generate",
                           "--out", str(tmp_path / "x"), "--conversations", "500", "--monthly-growth", "0"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "--monthly-growth" in proc.stdout and "Traceback" not in proc.stdout + proc.stderr
    assert not (tmp_path / "x").exists()
