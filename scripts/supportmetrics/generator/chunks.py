"""Split the plan into chunks and expand each one (in worker processes for big runs).

A chunk is a run of consecutive original conversations (in time order) plus the returns they
spawn. Each chunk has its own RNG seeded from (seed, chunk index), writes one part file per
conversation table, and injects the at-least-once loader artefacts: ~0.5% exact duplicate rows
(messages, ai_events, conversations, csat_responses) and a few older versions of conversation
rows (same id, older updated_at, earlier status). Output is identical whatever the number of
worker processes.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from supportmetrics.generator import config, texts
from supportmetrics.generator.conversations import ConversationBuilder
from supportmetrics.generator.emitter import ChunkResult, ChunkTask, Env
from supportmetrics.generator.calendar import US
from supportmetrics.generator.plan import Plan
from supportmetrics.generator.population import Population
from supportmetrics.generator.writer import write_part

DUPLICATED_TABLES = ("messages", "ai_events", "conversations", "csat_responses")


def make_tasks(
    plan: Plan, pop: Population, env: Env, seed: int, out_dir: Path, fmt: str, chunk_size: int
) -> Iterator[ChunkTask]:
    """One task per chunk of originals (with their returns)."""
    first_names = np.array(texts.FIRST_NAMES)
    for index, start in enumerate(range(0, max(plan.n_orig, 1), chunk_size)):
        originals = np.arange(start, min(start + chunk_size, plan.n_orig))
        children = plan.child[originals]
        children = children[children >= 0]
        rows = np.concatenate([originals, children]).astype(np.int64)
        local = np.full(len(rows), -1, dtype=np.int64)
        has_child = np.flatnonzero(plan.child[originals] >= 0)
        local[has_child] = len(originals) + np.arange(len(has_child))
        yield ChunkTask(
            index=index, seed=seed, out_dir=str(out_dir), fmt=fmt, plan=plan.take(rows),
            global_row=rows, n_orig=len(originals), local_child=local,
            first_names=first_names[pop.cust_first[plan.customer[rows]]].tolist(), env=env,
        )


def _inject(rows: list[tuple[Any, ...]], rng: random.Random) -> int:
    """Append ~0.5% exact duplicates of random rows; returns how many."""
    if not rows:
        return 0
    k = int(len(rows) * config.DUPLICATE_RATE + rng.random())
    for _ in range(k):
        rows.append(rows[int(rng.random() * len(rows))])
    return k


def _supersede(rows: list[tuple[Any, ...]], rng: random.Random) -> int:
    """Older versions of some conversation rows (latest updated_at must win)."""
    candidates = [row for row in rows if row[9] - row[3] > 120 * US]
    k = min(len(candidates), int(len(rows) * config.SUPERSEDED_RATE + rng.random()))
    older = []
    for row in rng.sample(candidates, k):
        updated = row[3] + int((row[9] - row[3]) * (0.05 + 0.45 * rng.random()))
        status = "open" if row[7] != "open" else "pending"
        older.append(row[:7] + (status, None, updated))
    for row in older:
        rows.insert(int(rng.random() * (len(rows) + 1)), row)
    return len(older)


def run_chunk(task: ChunkTask) -> ChunkResult:
    """Expand and write one chunk."""
    builder = ConversationBuilder(task)
    p = task.plan
    end = task.env.end_us
    for r in range(task.n_orig):
        ended = builder.build(r, int(p["created"][r]))
        c = int(task.local_child[r])
        if c >= 0:
            created = ended + int(p["ret_delay"][c])
            if created > end:
                created = end - int(builder.rng.random() * 1800 * US)
            builder.build(c, max(created, int(p["created"][r]) + US))
    rng = random.Random(task.seed * 7_654_321 + task.index)
    result = ChunkResult(index=task.index, gaps=builder.gaps, monthly=builder.monthly, handle_seconds=builder.handle)
    out_dir = Path(task.out_dir)
    for table, rows in builder.rows.items():
        unique = len(rows)
        superseded = _supersede(rows, rng) if table == "conversations" else 0
        duplicates = _inject(rows, rng) if table in DUPLICATED_TABLES else 0
        written = write_part(out_dir, table, task.index, rows, task.fmt)
        assert written == unique + duplicates + superseded
        result.rows[table] = written
        result.duplicates[table] = duplicates
        result.superseded[table] = superseded
    return result
