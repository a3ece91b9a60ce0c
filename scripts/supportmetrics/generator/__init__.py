"""Deterministic demo-data generator: a realistic AI-enabled helpdesk as canonical raw files.

`generate(out_dir, profile=..., conversations=..., seed=...)` writes the 16 raw tables of the
contract (spec/raw-schema.md), one folder per table with chunked part files, and a
`_manifest.json` with row counts. Presets `stage0` ... `stage5` land the latest month at that
maturity stage (spec/maturity.md); `check.quick_metrics` recomputes the headline numbers from
the files.

Pipeline: period and rollout -> population (accounts, customers) -> conversation plan (global,
vectorised, quota-based outcomes) -> staff sized from the planned human workload -> chunks of
conversations expanded into rows (in worker processes for big runs) -> entity tables -> manifest.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from supportmetrics.generator import config, entities
from supportmetrics.generator.calendar import DAY, make_period
from supportmetrics.generator.chunks import make_tasks, run_chunk
from supportmetrics.generator.emitter import ChunkResult, Env
from supportmetrics.generator.plan import ChannelShift, PlanInputs, assign_agents, build_plan, human_load, month_params
from supportmetrics.generator.population import build_population, build_staff
from supportmetrics.generator.rollout import build_rollout
from supportmetrics.generator.schema import KEYS, TABLES
from supportmetrics.generator.writer import MANIFEST, clear_output, write_part

__all__ = ["generate", "PROFILES"]

PROFILES: tuple[str, ...] = tuple(config.PRESETS)
DEFAULT_CONVERSATIONS = 30_000


def _progress_bar(enabled: bool, total: int) -> Any:
    if not enabled:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("[bold]generating[/bold]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())


def _run_chunks(tasks: Iterable[Any], workers: int, on_done: Any) -> list[ChunkResult]:
    """Expand chunks in order (inline, or in `workers` processes with a bounded queue)."""
    if workers <= 1:
        results = []
        for task in tasks:
            results.append(run_chunk(task))
            on_done(results[-1], task)
        return results
    results = []
    # forkserver (Linux): workers start from a small server process, not as copies of this one,
    # so their memory does not grow with the plan of the whole data set (every task carries its
    # own slice of the plan); spawn elsewhere. Chunks are seeded by index, so the output does
    # not depend on the start method or the number of workers.
    method = "forkserver" if "forkserver" in get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method)) as pool:
        pending = []
        queue = iter(tasks)
        # keep at most 2 chunks per worker in flight so memory stays bounded
        for task in queue:
            pending.append((pool.submit(run_chunk, task), task))
            if len(pending) >= workers * 2:
                future, done_task = pending.pop(0)
                results.append(future.result())
                on_done(results[-1], done_task)
        for future, done_task in pending:
            results.append(future.result())
            on_done(results[-1], done_task)
    return results


def generate(
    out_dir: Path,
    *,
    profile: str = "stage3",
    conversations: int | None = None,
    seed: int = 42,
    fmt: str = "parquet",
    months: int = 12,
    end_date: date = date(2026, 10, 31),
    progress: bool = True,
    workers: int | None = None,
    chunk_size: int | None = None,
    human_only_channel: str | None = None,
    human_only_channel_growth: float = 1.5,
    monthly_growth: float = config.MONTHLY_GROWTH,
) -> dict[str, Any]:
    """Write a demo helpdesk of `conversations` conversations over `months` months to `out_dir`.

    Returns the manifest (also written to `out_dir/_manifest.json`): profile, seed,
    conversations, start, end, and per table rows_written / unique_rows / exact_duplicates /
    superseded_versions. Same arguments, same files (whatever `workers`, the number of
    processes expanding chunks: default min(2, CPUs); `chunk_size` conversations per part file,
    default 50,000, is part of the output's identity).

    `human_only_channel` (one of config.CHANNELS; default none): the AI never answers on that
    channel, and from the AI launch its share of new conversations is its usual share times
    `human_only_channel_growth` (customers avoiding the AI: the channel displacement the marts
    flag). Without it the output is unchanged.

    `monthly_growth`: a month's volume over the month before's (default config.MONTHLY_GROWTH;
    1 keeps it flat, as the bench does to give every size a last day of the same volume).
    """
    if profile not in config.ALL_PRESETS:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(config.ALL_PRESETS)}")
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")
    out_dir = Path(out_dir)
    preset = config.ALL_PRESETS[profile]
    total = DEFAULT_CONVERSATIONS if conversations is None else int(conversations)
    if total < 100:
        raise ValueError("conversations must be >= 100")
    period = make_period(end_date, months, monthly_growth)
    shift = None
    if human_only_channel is not None:
        if human_only_channel not in config.CHANNELS:
            raise ValueError(f"unknown channel {human_only_channel!r}; choose one of {', '.join(config.CHANNELS)}")
        if human_only_channel_growth < 1:
            raise ValueError("human_only_channel_growth must be >= 1")
        shift = ChannelShift(config.CHANNELS.index(human_only_channel), float(human_only_channel_growth))

    rollout = build_rollout(preset, period, np.random.default_rng([seed, 1]))
    population = build_population(total, period, preset, np.random.default_rng([seed, 2]))
    params = month_params(preset, period)
    plan = build_plan(total, PlanInputs(preset, period, rollout, population, params, shift), seed)
    staff = build_staff(human_load(plan, period.months), period, preset, rollout.go_live_us,
                        population.n_accounts, np.random.default_rng([seed, 3]))
    assign_agents(plan, staff.roster, np.random.default_rng([seed, 4]))
    kb_base_rows, kb_live = entities.kb_base(period, np.random.default_rng([seed, 5]))
    prog = np.array([max(0.0, period.progress(m)) for m in range(period.months)])
    n_weeks = int((period.end_us - period.start_us) // (7 * DAY)) + 1
    env = Env(
        preset=preset, start_us=period.start_us, end_us=period.end_us, month_starts=period.month_starts,
        draft_accuracy=np.array([preset.at(preset.draft_accuracy, p) for p in prog]),
        intent_accuracy=np.array([preset.at(preset.intent_accuracy, p) for p in prog]),
        context_summary=np.array([preset.at(preset.context_summary, p) for p in prog]),
        agent_ids=staff.agent_ids, agent_team=staff.team,
        roster={k: v.tolist() for k, v in staff.roster.items()},
        ai_agent_ids=[staff.agent_ids[i] for i in staff.ai_agents],
        ai_agent_from=[staff.active_from[i] for i in staff.ai_agents],
        qa_ids=[staff.agent_ids[i] for i in staff.qa_reviewers],
        kb=kb_live, n_weeks=n_weeks, go_live_us=rollout.go_live_us,
    )

    clear_output(out_dir)
    size = chunk_size or config.CHUNK_CONVERSATIONS
    tasks = make_tasks(plan, population, env, seed, out_dir, fmt, size)  # lazy: bounded memory
    workers = workers or min(2, os.cpu_count() or 1)
    if plan.n_orig <= size:
        workers = 1
    bar = _progress_bar(progress, plan.n)
    counter = {"rows": {t: 0 for t in TABLES}, "dups": {t: 0 for t in TABLES}, "sup": {t: 0 for t in TABLES}}

    def on_done(result: ChunkResult, task: Any) -> None:
        """Add a finished chunk's counts and advance the progress bar."""
        for table, n in result.rows.items():
            counter["rows"][table] += n
            counter["dups"][table] += result.duplicates.get(table, 0)
            counter["sup"][table] += result.superseded.get(table, 0)
        if bar is not None:
            bar.update(bar_task, advance=len(task.global_row))

    if bar is not None:
        bar.start()
        bar_task = bar.add_task("conversations", total=plan.n)
    try:
        results = _run_chunks(tasks, workers, on_done)
    finally:
        if bar is not None:
            bar.stop()

    gaps = sum(r.gaps for r in results)
    monthly = {k: sum(r.monthly[k] for r in results) for k in results[0].monthly}

    rng = np.random.default_rng([seed, 6])
    accounts, acc_superseded = entities.account_rows(population, period, rng)
    other_tables: dict[str, list[tuple[Any, ...]]] = {
        "accounts": accounts,
        "customers": entities.customer_rows(population, plan, period, rng),
        "agents": entities.agent_rows(staff),
        "kb_articles": entities.kb_rows(kb_base_rows, gaps, period, rng),
        "ai_scope_changes": entities.scope_rows(rollout.rows),
        "support_costs": entities.cost_rows(period, preset, staff, monthly, rollout.go_live_us, rng),
        "cs_interventions": entities.cs_rows(population, staff, period, preset, rollout.go_live_us, rng),
    }
    for table, rows in other_tables.items():
        counter["rows"][table] += write_part(out_dir, table, 0, rows, fmt)
    counter["sup"]["accounts"] += acc_superseded

    manifest: dict[str, Any] = {
        "profile": profile,
        "seed": seed,
        "conversations": plan.n,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "format": fmt,
        **({"monthly_growth": monthly_growth} if monthly_growth != config.MONTHLY_GROWTH else {}),
        **({"human_only_channel": {"channel": human_only_channel, "growth": human_only_channel_growth}} if shift else {}),
        "tables": {
            table: {
                "rows_written": counter["rows"][table],
                "unique_rows": counter["rows"][table] - counter["dups"][table] - counter["sup"][table],
                "exact_duplicates": counter["dups"][table],
                "superseded_versions": counter["sup"][table],
                "key": list(KEYS[table]),
            }
            for table in TABLES
        },
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest
