"""Row emitters shared by the conversation builder: ids, timestamps, the end-of-data cut.

`RowEmitter` holds one chunk's row buffers (lists of tuples in the contract's column order)
and appends messages, AI events, ticket events and work sessions for the conversation being
built. Ids are derived from the conversation number (`msg_<conversation>_<seq>`, ...), so they
sort chronologically within a conversation. Rows later than the end of data are not written.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from supportmetrics.generator import config, texts
from supportmetrics.generator.calendar import DAY, HOUR, US

# customer reply, first human wait, AI latency per channel code: (median seconds, sigma)
CUSTOMER_DELAY = {0: (60, 0.7), 1: (4 * 3600, 0.9), 2: (600, 0.9), 3: (25, 0.5), 4: (900, 1.0), 5: (300, 1.0)}
HUMAN_WAIT = {0: (240, 0.8), 1: (4 * 3600, 0.8), 2: (1800, 0.8), 3: (90, 0.6), 4: (2400, 0.8), 5: (1800, 0.8)}
AI_LATENCY = {0: (4, 0.4), 1: (60, 0.5), 2: (5, 0.4), 3: (2, 0.3), 4: (6, 0.4), 5: (3, 0.3)}
CONVERSATION_TABLES = ("conversations", "messages", "ticket_events", "ai_events", "handoffs",
                       "csat_responses", "message_feedback", "qa_reviews", "agent_work_sessions")


@dataclass
class Env:
    """Static context shared by every chunk."""

    preset: config.Preset
    start_us: int
    end_us: int
    month_starts: np.ndarray
    draft_accuracy: np.ndarray  # per month
    intent_accuracy: np.ndarray
    context_summary: np.ndarray
    agent_ids: list[str]
    agent_team: list[str]
    roster: dict[tuple[int, int], list[int]]
    ai_agent_ids: list[str]
    ai_agent_from: list[int]  # when each AI agent became active
    qa_ids: list[str]
    kb: dict[str, list[str]]
    n_weeks: int
    go_live_us: int | None


@dataclass
class ChunkTask:
    """One chunk of the plan to expand and write."""

    index: int
    seed: int
    out_dir: str
    fmt: str
    plan: dict[str, np.ndarray]
    global_row: np.ndarray
    n_orig: int  # the first n_orig rows are originals (in time order), the rest their returns
    local_child: np.ndarray
    first_names: list[str]
    env: Env


@dataclass
class ChunkResult:
    """What a chunk wrote and the aggregates the entity tables need."""

    index: int
    rows: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    superseded: dict[str, int] = field(default_factory=dict)
    gaps: np.ndarray | None = None  # (16 intents incl. other, weeks)
    monthly: dict[str, np.ndarray] = field(default_factory=dict)
    handle_seconds: np.ndarray | None = None  # per month, human work sessions


class RowEmitter:
    """Row buffers of one chunk and the per-conversation state the emitters need."""

    def __init__(self, task: ChunkTask) -> None:
        self.task = task
        self.env = task.env
        self.p = task.plan
        self.rng = random.Random(task.seed * 1_000_003 + task.index * 7919 + 17)
        self.rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in CONVERSATION_TABLES}
        months = len(self.env.month_starts) - 1
        self.gaps = np.zeros((config.N_INTENTS + 1, self.env.n_weeks + 1), dtype=np.int64)
        self.monthly = {k: np.zeros(months, dtype=np.int64)
                        for k in ("ai_involved", "answers", "classified", "drafts", "conversations")}
        self.handle = np.zeros(months, dtype=np.float64)
        self.end = self.env.end_us
        self.month_starts = [int(x) for x in self.env.month_starts]
        self.n_months = len(self.month_starts) - 1
        self.stage = self.env.preset.stage

    # ------------------------------------------------------------------ small helpers
    def lognorm(self, spec: tuple[float, float]) -> int:
        """A log-normal delay in microseconds around `spec` = (median seconds, sigma)."""
        median, sigma = spec
        return int(median * self.rng.lognormvariate(0.0, sigma) * US)

    def pick(self, seq: tuple[Any, ...] | list[Any]) -> Any:
        """A uniformly chosen element."""
        return seq[int(self.rng.random() * len(seq))]

    def weighted(self, weights: tuple[float, ...]) -> int:
        """An index drawn with the given weights."""
        u = self.rng.random() * sum(weights)
        acc = 0.0
        for i, w in enumerate(weights):
            acc += w
            if u < acc:
                return i
        return len(weights) - 1

    def text(self, template: str) -> str:
        """A template with its slots filled (customer and agent names, pools)."""
        return texts.fill(template, self.pick, name=self.first_name, agent=self.agent_first, intent=self.intent_label)

    def month_of(self, t: int) -> int:
        """Month index of a timestamp."""
        return max(0, min(self.n_months - 1, bisect_right(self.month_starts, t) - 1))

    def human_wait(self, t: int) -> int:
        """Queue wait before a human picks the conversation up (slower at night, weekends)."""
        wait = self.lognorm(HUMAN_WAIT[self.channel])
        hour = (t // HOUR) % 24
        weekday = ((t // DAY) + 3) % 7
        if weekday >= 5:
            wait = int(wait * 2.5)
        elif hour < 7 or hour >= 19:
            wait = int(wait * 3.0)
        return wait

    # ------------------------------------------------------------------ row emitters
    def msg(self, t: int, author: str, author_id: str | None, body: str, public: bool = True,
            sentiment: float | None = None) -> str:
        """A message (public ones strictly after the previous public one); returns its id."""
        t = max(t, self.t + US) if public else t
        self.mseq += 1
        mid = f"msg_{self.num:08d}_{self.mseq:03d}"
        if t <= self.end:
            self.rows["messages"].append((mid, self.cid, t, author, author_id, public, body, sentiment))
            self.last_t = max(self.last_t, t)
        if public:
            self.t = t
            self.last_public = t
            self.last_public_author = author
        return mid

    def customer(self, t: int, tone: str, body: str) -> str:
        """A public customer message; the platform scores it on chat, web, social and api."""
        score = None
        if self.platform_sentiment:
            r = self.rng.random()
            if tone == "neu":
                score = round(-0.04 + 0.3 * r, 3)
            elif tone == "pos":
                score = round(0.35 + 0.6 * r, 3)
            else:
                score = round(-0.95 + 0.7 * r, 3)
        self.last_customer_tone = tone
        return self.msg(t, "customer", self.customer_id, body, True, score)

    def ai_event(self, t: int, kind: str, message_id: str | None = None, confidence: float | None = None,
                 kb: str | None = None, draft: str | None = None, action: str | None = None,
                 intent: str | None = "predicted") -> None:
        """An AI event; `intent` defaults to the AI's predicted intent."""
        self.eseq += 1
        if t > self.end:
            return
        label = self.predicted if intent == "predicted" else intent
        self.rows["ai_events"].append((
            f"aie_{self.num:08d}_{self.eseq:03d}", self.cid, message_id, t, kind, label,
            None if confidence is None else round(confidence, 4), kb, draft, action,
        ))
        self.last_t = max(self.last_t, t)

    def ticket(self, t: int, kind: str, before: str | None, after: str | None, actor: str) -> None:
        """A ticket event; status changes also drive the final status and the first solve."""
        self.tseq += 1
        if kind == "status_change":
            self.statuses.append((t, after))
            if after in ("solved", "closed") and self.first_solved is None:
                self.first_solved = t
        if t > self.end:
            return
        self.rows["ticket_events"].append((f"tev_{self.num:08d}_{self.tseq:03d}", self.cid, t, kind, before, after, actor))
        self.last_t = max(self.last_t, t)

    def session(self, agent: int, start: int, end: int) -> None:
        """A human work session (handle time)."""
        if end <= start or end > self.end:
            return
        self.rows["agent_work_sessions"].append((self.env.agent_ids[agent], self.cid, start, end))
        self.handle[self.month_of(start)] += (end - start) / US

    def gap(self, t: int) -> None:
        """Count a knowledge-gap signal for the intent and week."""
        if self.intent_code < 0 or t > self.end:
            return
        week = max(0, (t - self.env.start_us) // (7 * DAY))
        self.gaps[self.intent_code, min(week, self.env.n_weeks)] += 1
