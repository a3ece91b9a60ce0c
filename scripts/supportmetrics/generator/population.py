"""Who is in the helpdesk: accounts, their customers (end users) and the agents.

Accounts carry a latent `friction` (how hard their users' problems are for the AI). It raises
the chance that their AI conversations are false deflections and, in presets where customers
meet the AI, the chance that the account churns: churn is more likely for accounts with poor AI
experiences. Customers of a churned account open no conversation after the churn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from supportmetrics.generator import config
from supportmetrics.generator.calendar import DAY, HOUR, Period


@dataclass
class Population:
    """Accounts and customers as arrays (index = id number)."""

    acc_segment: np.ndarray  # int8
    acc_friction: np.ndarray  # float
    acc_created: np.ndarray  # int64 us
    acc_churned: np.ndarray  # int64 us, -1 when active
    acc_name: list[str]
    acc_domain: list[str]
    cust_account: np.ndarray  # int32
    cust_weight: np.ndarray  # conversation propensity (sums to 1)
    cust_first: np.ndarray  # int16 first-name index
    cust_last: np.ndarray  # int16 last-name index

    @property
    def n_accounts(self) -> int:
        return len(self.acc_segment)

    @property
    def n_customers(self) -> int:
        return len(self.cust_account)


def n_accounts_for(conversations: int) -> int:
    """A few hundred accounts, growing slowly with volume."""
    return int(min(900, max(100, 60 + conversations // 100)))


def n_customers_for(conversations: int) -> int:
    """About three conversations per customer over the period."""
    return int(max(60, conversations // 3.2))


def build_population(
    conversations: int, period: Period, preset: config.Preset, rng: np.random.Generator
) -> Population:
    """Accounts (segments, friction, churn) and customers (account, activity, names)."""
    from supportmetrics.generator import texts

    n_acc = n_accounts_for(conversations)
    segment = rng.choice(3, size=n_acc, p=config.SEGMENT_SHARES).astype(np.int8)
    friction = np.exp(rng.normal(0.0, 0.4, size=n_acc))
    friction /= friction.mean()
    created = period.start_us - rng.integers(60, 6 * 365, size=n_acc) * DAY - rng.integers(0, 24, size=n_acc) * HOUR
    annual = np.array(config.SEGMENT_ANNUAL_CHURN)[segment] * period.months / 12.0
    if preset.stage >= 2:
        # customers meet the AI: accounts with poor AI experiences churn more
        churn_p = np.clip(annual * friction**2.2, 0, 0.8)
        window_start = int(period.month_starts[period.baseline_months]) + 30 * DAY
    else:
        churn_p = annual
        window_start = period.start_us + 30 * DAY
    window_end = period.end_us - 10 * DAY
    churns = rng.random(n_acc) < churn_p
    churn_at = rng.integers(window_start, max(window_start + DAY, window_end), size=n_acc)
    churned = np.where(churns, churn_at, -1).astype(np.int64)
    names, domains = texts.company_names(n_acc, rng)

    n_cust = n_customers_for(conversations)
    acc_weight = np.array(config.SEGMENT_SIZE)[segment] * np.exp(rng.normal(0, 0.5, size=n_acc))
    cust_account = rng.choice(n_acc, size=n_cust, p=acc_weight / acc_weight.sum()).astype(np.int32)
    # make sure every account has at least one customer
    cust_account[: n_acc] = np.arange(n_acc, dtype=np.int32) if n_cust >= n_acc else cust_account[: n_acc]
    cust_weight = np.exp(rng.normal(0.0, 0.6, size=n_cust))
    cust_weight /= cust_weight.sum()
    first = rng.integers(0, len(texts.FIRST_NAMES), size=n_cust).astype(np.int16)
    last = rng.integers(0, len(texts.LAST_NAMES), size=n_cust).astype(np.int16)
    return Population(
        acc_segment=segment,
        acc_friction=friction,
        acc_created=created.astype(np.int64),
        acc_churned=churned,
        acc_name=names,
        acc_domain=domains,
        cust_account=cust_account,
        cust_weight=cust_weight,
        cust_first=first,
        cust_last=last,
    )


def sample_customers(
    pop: Population, created: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A customer per conversation, never from an account that had churned by then."""
    cust = rng.choice(pop.n_customers, size=len(created), p=pop.cust_weight).astype(np.int32)
    for _ in range(20):
        churned_at = pop.acc_churned[pop.cust_account[cust]]
        bad = np.flatnonzero((churned_at >= 0) & (churned_at <= created))
        if not len(bad):
            return cust
        cust[bad] = rng.choice(pop.n_customers, size=len(bad), p=pop.cust_weight)
    loyal = np.flatnonzero(pop.acc_churned[pop.cust_account] < 0)
    churned_at = pop.acc_churned[pop.cust_account[cust]]
    bad = np.flatnonzero((churned_at >= 0) & (churned_at <= created))
    cust[bad] = rng.choice(loyal, size=len(bad))
    return cust


@dataclass
class Staff:
    """Human agents per team with active periods, plus AI agents, QA reviewers and CSMs."""

    agent_ids: list[str]
    agent_type: list[str]
    team: list[str]
    hourly_cost: list[float | None]
    active_from: list[int]
    active_to: list[int | None]
    names: list[str]
    roster: dict[tuple[int, int], np.ndarray]  # (month, team index) -> active agent indexes
    ai_agents: list[int]  # indexes of AI agents ([0] general, [1] email / voice when present)
    qa_reviewers: list[int]
    csms: list[int]

    def id(self, index: int) -> str:
        return self.agent_ids[index]


def build_staff(
    load: np.ndarray, period: Period, preset: config.Preset, go_live_us: int | None,
    n_accounts: int, rng: np.random.Generator,
) -> Staff:
    """Agents sized from the planned human workload `load[month, team]`."""
    from supportmetrics.generator import texts

    ids: list[str] = []
    types: list[str] = []
    teams: list[str] = []
    costs: list[float | None] = []
    a_from: list[int] = []
    a_to: list[int | None] = []
    names: list[str] = []

    def add(kind: str, team: str, start: int, end: int | None) -> int:
        index = len(ids)
        if kind == "ai":
            ids.append(f"agt_ai_{len([t for t in types if t == 'ai']) + 1:02d}")
            costs.append(None)
            names.append(texts.AI_AGENT_NAMES[len([t for t in types if t == "ai"]) % len(texts.AI_AGENT_NAMES)])
        else:
            ids.append(f"agt_{sum(1 for t in types if t == 'human') + 1:04d}")
            low, high = config.TEAM_HOURLY_COST[team]
            costs.append(round(float(rng.uniform(low, high)), 2))
            names.append(texts.person_name(rng))
        types.append(kind)
        teams.append(team)
        a_from.append(start)
        a_to.append(end)
        return index

    roster: dict[tuple[int, int], np.ndarray] = {}
    for t, team in enumerate(config.HUMAN_TEAMS):
        active: list[int] = []
        for m in range(period.months):
            month_start = int(period.month_starts[m])
            days = (int(period.month_starts[m + 1]) - month_start) / DAY
            need = max(1, int(np.ceil(load[m, t] / (config.CONVERSATIONS_PER_AGENT_MONTH * days / 30.0))))
            while len(active) < need:
                start = (period.start_us - int(rng.integers(30, 1500)) * DAY) if m == 0 else (
                    month_start - int(rng.integers(3, 25)) * DAY)
                active.append(add("human", team, start, None))
            while len(active) > need:
                leaver = active.pop(int(rng.integers(0, len(active))))
                a_to[leaver] = month_start - 1 - int(rng.integers(0, 3)) * DAY
            roster[(m, t)] = np.array(active, dtype=np.int32)
    ai_agents: list[int] = []
    if go_live_us is not None:
        ai_agents.append(add("ai", config.AI_TEAM, go_live_us - 7 * DAY, None))
        if preset.stage >= 3:
            later = int(period.month_starts[min(period.months - 1, period.baseline_months + 1)])
            ai_agents.append(add("ai", config.AI_TEAM, later, None))
    qa = [add("human", "Quality", period.start_us - int(rng.integers(100, 900)) * DAY, None)
          for _ in range(max(2, min(12, int(load.sum() / 40_000) + 2)))]
    csms = [add("human", "Customer Success", period.start_us - int(rng.integers(100, 900)) * DAY, None)
            for _ in range(max(2, n_accounts // 45))]
    return Staff(ids, types, teams, costs, a_from, a_to, names, roster, ai_agents, qa, csms)
