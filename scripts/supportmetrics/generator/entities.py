"""Rows of the entity and monthly tables, built after the conversations.

accounts (with a few superseded older versions), customers, agents, kb_articles (a base set per
intent, then articles created or updated after knowledge gaps show up), ai_scope_changes,
support_costs (monthly, AI costs only from go-live) and cs_interventions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from supportmetrics.generator import config, texts
from supportmetrics.generator.calendar import DAY, HOUR, Period, from_us
from supportmetrics.generator.plan import Plan
from supportmetrics.generator.population import Population, Staff

Row = tuple[Any, ...]


def _anniversary_after(created_us: int, after: date) -> date:
    created = from_us(created_us).date()
    year = after.year
    for y in (year, year + 1):
        try:
            candidate = created.replace(year=y)
        except ValueError:  # 29 February
            candidate = date(y, 3, 1)
        if candidate > after:
            return candidate
    return date(year + 1, created.month, min(created.day, 28))


def account_rows(pop: Population, period: Period, rng: np.random.Generator) -> tuple[list[Row], int]:
    """Accounts, plus older versions of a few of them; returns (rows, superseded count)."""
    rows: list[Row] = []
    older: list[Row] = []
    end = period.end_us
    for a in range(pop.n_accounts):
        seg = int(pop.acc_segment[a])
        low, high = config.SEGMENT_ARR[seg]
        arr = float(round(np.exp(rng.uniform(np.log(low), np.log(high))), -2))
        plans = config.PLANS_BY_SEGMENT[seg]
        plan = plans[int(rng.integers(len(plans)))]
        created = int(pop.acc_created[a])
        churned = int(pop.acc_churned[a])
        if churned >= 0:
            renewal = from_us(churned).date()
            updated = churned + int(rng.integers(1, 48)) * HOUR
        else:
            renewal = _anniversary_after(created, period.end)
            updated = int(rng.integers(max(created, period.start_us - 200 * DAY), end))
        updated = min(updated, end)
        row = (f"acc_{a:05d}", pop.acc_name[a], config.SEGMENTS[seg], arr, plan, created, renewal,
               churned if churned >= 0 else None, updated)
        rows.append(row)
        if rng.random() < 0.05 and updated - created > 2 * DAY:
            old_plan = plans[0] if plan != plans[0] else plans[-1]
            old_updated = created + int((updated - created) * rng.uniform(0.2, 0.9))
            older.append((row[0], row[1], row[2], float(round(arr * 0.8, -2)), old_plan, created,
                          renewal, None, old_updated))
    for row in older:
        rows.insert(int(rng.integers(0, len(rows) + 1)), row)
    return rows, len(older)


def customer_rows(pop: Population, plan: Plan, period: Period, rng: np.random.Generator) -> list[Row]:
    """Customers: created before their first conversation (and after their account)."""
    n = pop.n_customers
    first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, plan.customer[: plan.n_orig].astype(np.int64), plan.created[: plan.n_orig])
    acc_created = pop.acc_created[pop.cust_account]
    no_conv = first == np.iinfo(np.int64).max
    first = np.where(no_conv, period.end_us, first)
    lead = rng.integers(1, 500, size=n) * DAY + rng.integers(0, DAY, size=n)
    created = np.maximum(first - lead, acc_created + DAY)
    created = np.minimum(created, first - 60 * 1_000_000)
    updated = np.where(rng.random(n) < 0.2, created + (period.end_us - created) * rng.random(n) // 1, created)
    updated = np.minimum(updated.astype(np.int64), period.end_us)
    first_names = texts.FIRST_NAMES
    last_names = texts.LAST_NAMES
    rows: list[Row] = []
    for c in range(n):
        fn = first_names[int(pop.cust_first[c])]
        ln = last_names[int(pop.cust_last[c])]
        acc = int(pop.cust_account[c])
        rows.append((f"cus_{c:07d}", f"acc_{acc:05d}", f"{fn.lower()}.{ln.lower()}{c % 97}@{pop.acc_domain[acc]}",
                     f"{fn} {ln}", int(created[c]), int(updated[c])))
    return rows


def agent_rows(staff: Staff) -> list[Row]:
    """Human agents (teams, hourly cost, active period) and the AI agents."""
    return [
        (staff.agent_ids[i], staff.agent_type[i], staff.names[i], staff.team[i], staff.hourly_cost[i],
         staff.active_from[i], staff.active_to[i])
        for i in range(len(staff.agent_ids))
    ]


def kb_base(period: Period, rng: np.random.Generator) -> tuple[list[list[Any]], dict[str, list[str]]]:
    """Articles that exist before the period: (mutable rows, live article ids per intent)."""
    rows: list[list[Any]] = []
    live: dict[str, list[str]] = {}
    n = 0
    for intent, titles in texts.KB_TITLES.items():
        live[intent] = []
        for title in titles:
            n += 1
            created = period.start_us - int(rng.integers(120, 1400)) * DAY
            updated = created + int(rng.integers(0, 100)) * DAY
            aid = f"kb_{n:05d}"
            rows.append([aid, title, intent, created, min(updated, period.start_us - DAY), None])
            live[intent].append(aid)
        # an outdated duplicate that gets archived during the period
        n += 1
        created = period.start_us - int(rng.integers(400, 1600)) * DAY
        archived = period.start_us + int(rng.integers(5, max(6, (period.end_us - period.start_us) // DAY - 5))) * DAY
        rows.append([f"kb_{n:05d}", f"{titles[0]} (old)", intent, created, created + 30 * DAY, archived])
    rows.append([f"kb_{n + 1:05d}", "Contact support", None, period.start_us - 900 * DAY, period.start_us - 400 * DAY, None])
    live["other"] = live["unknown"] = [f"kb_{n + 1:05d}"]
    return rows, live


def kb_rows(base: list[list[Any]], gaps: np.ndarray, period: Period, rng: np.random.Generator) -> list[Row]:
    """Base articles plus articles created or updated 1-10 days after a knowledge-gap week."""
    rows = [list(r) for r in base]
    by_intent: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        if r[2] and r[5] is None:
            by_intent.setdefault(r[2], []).append(i)
    nonzero = gaps[: config.N_INTENTS][gaps[: config.N_INTENTS] > 0]
    threshold = max(3.0, float(np.quantile(nonzero, 0.6)) if len(nonzero) else 3.0)
    next_id = len(rows) + 1
    week = 7 * DAY
    for code, intent in enumerate(config.INTENT_NAMES):
        last_action = -10**18
        for w in range(gaps.shape[1]):
            if gaps[code, w] < threshold:
                continue
            week_end = period.start_us + (w + 1) * week
            if week_end - last_action < 2 * week:
                continue
            at = week_end + int(rng.integers(1, 10)) * DAY + int(rng.integers(8, 18)) * HOUR
            if at > period.end_us:
                continue
            last_action = at
            if rng.random() < 0.6:
                titles = texts.KB_TITLES[intent]
                title = f"{titles[int(rng.integers(len(titles)))]}: {['troubleshooting', 'FAQ', 'new steps', 'edge cases'][int(rng.integers(4))]}"
                rows.append([f"kb_{next_id:05d}", title, intent, at, at, None])
                by_intent.setdefault(intent, []).append(len(rows) - 1)
                next_id += 1
            else:
                target = by_intent[intent][int(rng.integers(len(by_intent[intent])))]
                rows[target][4] = max(rows[target][4], at)
    # background edits by the support team (AI or not)
    for code, intent in enumerate(config.INTENT_NAMES):
        for m in range(period.months):
            if rng.random() < 0.08:
                at = int(period.month_starts[m]) + int(rng.integers(0, 27)) * DAY + 10 * HOUR
                target = by_intent[intent][int(rng.integers(len(by_intent[intent])))]
                if at <= period.end_us:
                    rows[target][4] = max(rows[target][4], at)
    return [tuple(r) for r in rows]


def scope_rows(rollout_rows: list[tuple[str, int, str]]) -> list[Row]:
    """ai_scope_changes rows."""
    return [tuple(r) for r in rollout_rows]


def cost_rows(
    period: Period, preset: config.Preset, staff: Staff, monthly: dict[str, np.ndarray],
    go_live_us: int | None, rng: np.random.Generator,
) -> list[Row]:
    """Monthly support costs: human tooling (seats), other, and AI licence + usage from go-live."""
    rows: list[Row] = []
    total_conv = float(monthly["conversations"].sum())
    avg = total_conv / period.months
    go_month = None if go_live_us is None else int(period.month_of(np.array([go_live_us]))[0])
    for m in range(period.months):
        month_start = int(period.month_starts[m])
        month_end = int(period.month_starts[m + 1])
        seats = sum(
            1 for i, kind in enumerate(staff.agent_type)
            if kind == "human" and staff.active_from[i] < month_end
            and (staff.active_to[i] is None or staff.active_to[i] >= month_start)
        )
        day = period.month_date(m)
        rows.append((day, "human_tooling", round(seats * 115.0, 2)))
        rows.append((day, "other", round(avg * 0.1 * rng.uniform(0.9, 1.1) + 400.0, 2)))
        if go_month is not None and m >= go_month:
            pilot = preset.stage <= 1
            licence = avg * preset.ai_license_per_conversation * (0.4 if pilot else 1.0)
            rows.append((day, "ai_platform_license", round(max(500.0, licence), -1)))
            usage = (monthly["ai_involved"][m] * preset.ai_usage_usd + monthly["classified"][m] * 0.004
                     + monthly["drafts"][m] * 0.02)
            rows.append((day, "ai_usage", round(float(usage), 2)))
    return rows


def cs_rows(
    pop: Population, staff: Staff, period: Period, preset: config.Preset, go_live_us: int | None,
    rng: np.random.Generator,
) -> list[Row]:
    """Customer-success interventions per account with the AI's role and the outcome."""
    rows: list[Row] = []
    n = 0
    quarters = max(1, period.months // 3)
    span = period.end_us - period.start_us
    for a in range(pop.n_accounts):
        csm = staff.agent_ids[staff.csms[a % len(staff.csms)]]
        churned = int(pop.acc_churned[a])
        count = quarters + int(rng.integers(0, quarters + 1))
        times = sorted(int(period.start_us + rng.random() * span) for _ in range(count))
        if churned >= 0:
            times = [t for t in times if t < churned - DAY]
            times.append(churned - int(rng.integers(5, 60)) * DAY)
        for t in sorted(times):
            if t < period.start_us:
                continue
            n += 1
            near_churn = churned >= 0 and churned - t <= 90 * DAY
            kind = ("risk_playbook" if rng.random() < 0.5 else "renewal_outreach") if near_churn else \
                texts.CS_TYPES[int(rng.integers(len(texts.CS_TYPES)))]
            involvement, retained = "none", None
            if go_live_us is not None and t >= go_live_us and preset.cs_ai_share > 0:
                progress = min(1.0, (t - go_live_us) / max(1, period.end_us - go_live_us))
                if rng.random() < preset.cs_ai_share * (0.5 + 0.5 * progress):
                    options = ["drafted", "signal_surfaced", "recommendation", "autonomous_action"]
                    weights = [0.45, 0.2, 0.25, 0.1 if preset.stage < 4 else 0.25]
                    involvement = options[int(rng.choice(4, p=np.array(weights) / sum(weights)))]
                    if involvement == "drafted":
                        retained = float(round(rng.uniform(10, 49) if rng.random() < 0.25 else rng.uniform(50, 100), 1))
            if near_churn:
                outcome = "churned"
            elif t > period.end_us - 45 * DAY:
                outcome = "pending"
            else:
                outcome = "expanded" if rng.random() < 0.12 else "retained"
            rows.append((f"csi_{n:06d}", f"acc_{a:05d}", csm, t, kind, involvement, retained, outcome))
    return rows
