"""The conversation plan: one row per conversation, decided globally and vectorised.

Everything that couples conversations or must hit a preset's numbers is decided here, before
any message is written: creation time, intent (exact monthly quotas), channel, priority,
customer, the AI mode of the intent at that time, whether the AI front door takes it, and its
planned outcome (path): human only, AI truly resolved, AI false deflection (with the kind of
negative signal to plant), AI escalated, or no response. Returns (the same customer coming back)
are extra plan rows that point at their parent. CSAT answers, the human agent and the QA sample
are planned too.

Outcome counts are drawn as quotas per month (stochastic rounding of the expected count, then a
weighted sample without replacement), so small data sets land close to the preset's targets
while individual conversations stay random.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from supportmetrics.generator import config
from supportmetrics.generator.calendar import DAY, HOUR, US, Period, largest_remainder, sample_created
from supportmetrics.generator.population import Population, sample_customers
from supportmetrics.generator.rollout import MODE_AUTONOMOUS, Rollout

PATH_HUMAN, PATH_RESOLVED, PATH_FALSE, PATH_ESCALATED, PATH_NO_RESPONSE = range(5)
RET_NONE, RET_SAME, RET_OTHER, RET_FOLLOW_UP = range(4)


@dataclass
class Plan:
    """Per-conversation plan arrays; rows >= n_orig are returns (created set at expansion)."""

    created: np.ndarray  # int64 us; for returns: approximate (parent created + delay)
    month: np.ndarray  # int16
    channel: np.ndarray  # int8
    priority: np.ndarray  # int8
    intent: np.ndarray  # int8 (0..N_INTENTS - 1, OTHER, UNKNOWN = -1)
    customer: np.ndarray  # int32
    mode: np.ndarray  # int8 AI mode of the intent when created
    routed: np.ndarray  # bool: the AI front door took it (autonomous)
    path: np.ndarray  # int8 PATH_*
    fd_kind: np.ndarray  # int8 config.FD_* (false deflections), -1 otherwise
    esc_kind: np.ndarray  # int8 index into config.ESC_TRIGGERS or ESC_IMPLICIT, -1 otherwise
    must_escalate: np.ndarray  # bool
    parent: np.ndarray  # int32 parent row of a return, -1
    child: np.ndarray  # int32 return row of a parent, -1
    ret_kind: np.ndarray  # int8 RET_* (on the child)
    ret_delay: np.ndarray  # int64 us after the parent's end (on the child)
    csat: np.ndarray  # int8 planned CSAT score, 0 = no answer
    agent: np.ndarray  # int32 human agent index, -1
    qa: np.ndarray  # bool: sampled for a QA review
    n_orig: int = 0

    @property
    def n(self) -> int:
        return len(self.created)

    def take(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """The arrays of some rows (a chunk's slice, sent to a worker)."""
        return {f.name: getattr(self, f.name)[rows] for f in fields(self) if f.name != "n_orig"}


# --------------------------------------------------------------------------------------------
# quota helpers
# --------------------------------------------------------------------------------------------


def stochastic_round(x: np.ndarray | float, rng: np.random.Generator) -> np.ndarray:
    """Round down or up with probability equal to the fraction (unbiased)."""
    x = np.asarray(x, dtype=float)
    low = np.floor(x)
    return (low + (rng.random(x.shape) < (x - low))).astype(np.int64)


def quota_select(
    groups: np.ndarray, weights: np.ndarray, counts: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Pick exactly counts[g] members of each group g, with probability growing with weight.

    Efraimidis-Spirakis weighted sampling without replacement: key = log(U) / w, keep the
    largest keys of each group. Returns a boolean mask over the members.
    """
    if not len(groups):
        return np.zeros(0, dtype=bool)
    keys = np.log(rng.random(len(groups))) / np.maximum(weights, 1e-9)
    order = np.lexsort((-keys, groups))
    sorted_groups = groups[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    rank = np.arange(len(order)) - group_start
    chosen = np.zeros(len(groups), dtype=bool)
    chosen[order] = rank < counts[sorted_groups]
    return chosen


def quota_categories(groups: np.ndarray, probs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A category per member with exact proportions within each group (largest remainder)."""
    out = np.empty(len(groups), dtype=np.int8)
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        counts = largest_remainder(len(idx), probs)
        out[idx] = rng.permutation(np.repeat(np.arange(len(probs)), counts))
    return out


# --------------------------------------------------------------------------------------------
# monthly parameters
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthParams:
    """Preset ramps evaluated per month (arrays indexed by month)."""

    progress: np.ndarray
    containment: np.ndarray
    quality: np.ndarray
    csat_gap: np.ndarray
    ai_month: np.ndarray  # bool


def month_params(preset: config.Preset, period: Period) -> MonthParams:
    """Evaluate the preset's ramps for every month."""
    prog = np.array([period.progress(m) for m in range(period.months)])
    ai = (prog >= 0) & preset.ai
    return MonthParams(
        progress=prog,
        containment=np.array([preset.at(preset.containment, p) for p in prog]),
        quality=np.array([preset.at(preset.quality, p) for p in prog]),
        csat_gap=np.array([preset.at(preset.csat_gap, p) for p in prog]),
        ai_month=ai,
    )


def _intent_weights(codes: np.ndarray, attr: str) -> np.ndarray:
    table = np.array([getattr(config.intent_spec(c), attr) for c in range(-1, config.N_INTENTS + 1)])
    return table[codes.astype(np.int64) + 1]


def _priorities(intent: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    urgency = _intent_weights(intent, "urgency")
    base = np.array(config.PRIORITY_SHARES)
    p = np.tile(base, (len(intent), 1))
    p[:, 2] *= urgency
    p[:, 3] *= urgency**1.5
    p /= p.sum(axis=1, keepdims=True)
    u = rng.random(len(intent))[:, None]
    return (u > np.cumsum(p, axis=1)).sum(axis=1).clip(0, 3).astype(np.int8)


def _intent_quotas(month: np.ndarray, months: int, rng: np.random.Generator) -> np.ndarray:
    shares = np.array([i.share for i in config.INTENTS] + [config.OTHER_SHARE, config.UNKNOWN_SHARE])
    codes = np.r_[np.arange(config.N_INTENTS), config.OTHER, config.UNKNOWN].astype(np.int8)
    out = np.empty(len(month), dtype=np.int8)
    for m in range(months):
        idx = np.flatnonzero(month == m)
        counts = largest_remainder(len(idx), shares)
        out[idx] = rng.permutation(np.repeat(codes, counts))
    return out


# --------------------------------------------------------------------------------------------
# the plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInputs:
    """What the plan needs besides the RNG."""

    preset: config.Preset
    period: Period
    rollout: Rollout
    population: Population
    params: MonthParams
    channel_shift: ChannelShift | None = None


@dataclass(frozen=True)
class ChannelShift:
    """A human-only channel whose volume grows after the AI launch (customers avoiding the AI):
    the AI never answers on it, and from the first AI month its share of new conversations is
    its usual share times `growth` (conversations move to it from the other channels)."""

    channel: int  # index into config.CHANNELS
    growth: float  # >= 1


def _shift_channels(inp: PlanInputs, channel: np.ndarray, month: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Move conversations of the AI months to the human-only channel (no change without a shift)."""
    shift = inp.channel_shift
    if shift is None or shift.growth <= 1:
        return channel
    share = config.CHANNEL_SHARES[shift.channel]
    move = min(1.0, (share * shift.growth - share) / (1 - share))  # of the other channels' conversations
    moved = (month >= inp.period.baseline_months) & (channel != shift.channel) & (rng.random(len(channel)) < move)
    return np.where(moved, shift.channel, channel).astype(np.int8)


def _not_human_only(inp: PlanInputs, channel: np.ndarray) -> np.ndarray:
    """False on the human-only channel of a channel shift (the AI never takes those)."""
    if inp.channel_shift is None:
        return np.ones(len(channel), dtype=bool)
    return channel != inp.channel_shift.channel


def _routing_weight(channel: np.ndarray, priority: np.ndarray, intent: np.ndarray) -> np.ndarray:
    w = np.array(config.CHANNEL_AI_WEIGHT)[channel] * np.array(config.PRIORITY_AI_WEIGHT)[priority]
    return w * np.where((intent == config.OTHER) | (intent < 0), 0.7, 1.0)


def _eligible(inp: PlanInputs, intent: np.ndarray, created: np.ndarray, mode: np.ndarray) -> np.ndarray:
    eligible = mode == MODE_AUTONOMOUS
    if inp.preset.ai_other:
        catch_all = inp.rollout.autonomous_count_at(created) >= 8
        eligible |= ((intent == config.OTHER) | (intent < 0)) & catch_all
    return eligible


def _coverage(
    inp: PlanInputs, month: np.ndarray, intent: np.ndarray, eligible: np.ndarray, weight: np.ndarray
) -> np.ndarray:
    """Per-month AI coverage factor, solved so that the latest month hits the deflection target.

    The expected number of AI-routed conversations in the latest month, including the
    per-intent floor (`min_ai_per_intent`), must equal target deflection / containment.
    Earlier AI months ramp up to it.
    """
    period, params, preset = inp.period, inp.params, inp.preset
    cov = np.zeros(period.months)
    last = period.months - 1
    in_last = month == last
    sel = np.flatnonzero(in_last & eligible)
    if not preset.ai or not len(sel) or preset.deflection <= 0:
        return cov
    needed = preset.deflection / max(params.containment[last], 1e-6) * float(in_last.sum())
    codes = intent[sel].astype(np.int64) + 1
    sizes = np.bincount(codes, minlength=config.N_INTENTS + 2)
    named = np.arange(len(sizes)) - 1
    floor = np.where((named >= 0) & (named < config.N_INTENTS), np.minimum(sizes, preset.min_ai_per_intent), 0)

    def expected(c: float) -> float:
        per_group = np.bincount(codes, weights=np.minimum(0.97, c * weight[sel]), minlength=len(sizes))
        return float(np.maximum(per_group, floor).sum())

    low, high = 0.0, 5.0
    for _ in range(50):
        mid = (low + high) / 2
        low, high = (mid, high) if expected(mid) < needed else (low, mid)
    final = (low + high) / 2
    for m in range(period.months):
        if params.ai_month[m]:
            cov[m] = final if preset.stable else final * (0.6 + 0.4 * max(0.0, params.progress[m]))
    return cov


def _originals(inp: PlanInputs, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    period, preset, params = inp.period, inp.preset, inp.params
    created = sample_created(n, period, rng)
    month = period.month_of(created)
    intent = _intent_quotas(month, period.months, rng)
    channel = rng.choice(len(config.CHANNELS), size=n, p=config.CHANNEL_SHARES).astype(np.int8)
    priority = _priorities(intent, rng)
    customer = sample_customers(inp.population, created, rng)
    mode = inp.rollout.mode_at(intent, created) if preset.ai else np.zeros(n, dtype=np.int8)
    must = rng.random(n) < config.MUST_ESCALATE_RATE
    channel = _shift_channels(inp, channel, month, rng)

    # --- AI front door: quota per (month, intent) -------------------------------------------
    eligible = _eligible(inp, intent, created, mode) if preset.ai else np.zeros(n, dtype=bool)
    eligible &= _not_human_only(inp, channel)
    weight = _routing_weight(channel, priority, intent)
    cov = _coverage(inp, month, intent, eligible, weight)
    routed = np.zeros(n, dtype=bool)
    el = np.flatnonzero(eligible)
    if len(el):
        group = month[el].astype(np.int64) * 32 + (intent[el].astype(np.int64) + 1)
        p = np.minimum(0.97, cov[month[el]] * weight[el])
        n_groups = int(group.max()) + 1
        expected = np.bincount(group, weights=p, minlength=n_groups)
        sizes = np.bincount(group, minlength=n_groups)
        counts = stochastic_round(expected, rng)
        if preset.min_ai_per_intent:
            named = (np.arange(n_groups) % 32) - 1
            floor = np.where((named >= 0) & (named < config.N_INTENTS), np.minimum(sizes, preset.min_ai_per_intent), 0)
            counts = np.maximum(counts, floor)
        routed[el] = quota_select(group, weight[el], counts, rng)

    # --- outcomes -------------------------------------------------------------------------
    path = np.full(n, PATH_HUMAN, dtype=np.int8)
    fd_kind = np.full(n, -1, dtype=np.int8)
    esc_kind = np.full(n, -1, dtype=np.int8)
    no_resp = (~routed) & (rng.random(n) < 0.006)
    path[no_resp] = PATH_NO_RESPONSE
    r = np.flatnonzero(routed)
    if len(r):
        path[r] = PATH_RESOLVED
        policy = config.ESC_TRIGGERS.index("policy_rule")
        must_r = r[must[r]]
        complied = rng.random(len(must_r)) < preset.policy_compliance
        path[must_r[complied]] = PATH_ESCALATED
        esc_kind[must_r[complied]] = policy
        path[must_r[~complied]] = PATH_FALSE
        fd_kind[must_r[~complied]] = config.FD_NEG_SENTIMENT
        # escalations
        rest = r[~must[r]]
        m_rest = month[rest].astype(np.int64)
        need = stochastic_round(
            np.bincount(month[r], minlength=period.months) * (1 - params.containment), rng
        ) - np.bincount(month[must_r[complied]], minlength=period.months)
        difficulty = _intent_weights(intent[rest], "difficulty")
        w = difficulty**1.5 * np.where(channel[rest] == config.CH_VOICE, 1.3, 1.0) * np.where(
            channel[rest] == config.CH_EMAIL, 1.1, 1.0) * np.array([0.9, 1.0, 1.2, 1.6])[priority[rest]]
        esc = quota_select(m_rest, w, np.maximum(need, 0), rng)
        esc_rows = rest[esc]
        path[esc_rows] = PATH_ESCALATED
        weights = np.array(config.ESC_WEIGHTS) / sum(config.ESC_WEIGHTS)
        esc_kind[esc_rows] = quota_categories(month[esc_rows], weights, rng)
        # false deflections among the deflected
        defl = rest[~esc]
        forced = np.bincount(month[must_r[~complied]], minlength=period.months)
        n_defl = np.bincount(month[defl], minlength=period.months) + forced
        need_fd = stochastic_round(n_defl * (1 - params.quality), rng) - forced
        friction = inp.population.acc_friction[inp.population.cust_account[customer[defl]]]
        w_fd = _intent_weights(intent[defl], "difficulty") * friction * np.where(
            channel[defl] == config.CH_EMAIL, 1.1, 1.0)
        fd = quota_select(month[defl].astype(np.int64), w_fd, np.maximum(need_fd, 0), rng)
        fd_rows = defl[fd]
        path[fd_rows] = PATH_FALSE
        kw = np.array(config.FD_KIND_WEIGHTS) / sum(config.FD_KIND_WEIGHTS)
        fd_kind[fd_rows] = quota_categories(month[fd_rows], kw, rng)
    # near the end of data there is no room for a return: plant another signal
    late = created > inp.period.end_us - 4 * DAY
    swap = late & np.isin(fd_kind, (config.FD_RETURN, config.FD_FOLLOW_UP))
    fd_kind[swap] = np.where(rng.random(int(swap.sum())) < 0.6, config.FD_NEG_SENTIMENT, config.FD_LOW_CSAT)

    # --- returns ----------------------------------------------------------------------------
    ret = np.full(n, RET_NONE, dtype=np.int8)
    u = rng.random(n)
    ret[(path == PATH_FALSE) & (fd_kind == config.FD_RETURN)] = RET_SAME
    ret[(path == PATH_FALSE) & (fd_kind == config.FD_FOLLOW_UP)] = RET_FOLLOW_UP
    ret[(path == PATH_HUMAN) & (u < 0.05)] = RET_SAME
    ret[(path == PATH_HUMAN) & (u >= 0.05) & (u < 0.07) & (intent >= 0)] = RET_OTHER
    ret[(path == PATH_ESCALATED) & (u < 0.07)] = RET_SAME
    ret[(path == PATH_RESOLVED) & (u < 0.03) & (intent >= 0)] = RET_OTHER
    ret[late] = RET_NONE
    return {
        "created": created, "month": month, "channel": channel, "priority": priority,
        "intent": intent, "customer": customer, "mode": mode, "routed": routed, "path": path,
        "fd_kind": fd_kind, "esc_kind": esc_kind, "must_escalate": must, "ret": ret, "cov": cov,
    }


def _returns(inp: PlanInputs, o: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Plan rows for the returns of the originals flagged in o['ret']."""
    period, preset, params = inp.period, inp.preset, inp.params
    parents = np.flatnonzero(o["ret"] != RET_NONE).astype(np.int32)
    k = len(parents)
    kind = o["ret"][parents]
    delay = np.where(
        kind == RET_FOLLOW_UP,
        rng.integers(3 * 60, 50 * 60, size=k),
        np.where(rng.random(k) < 0.6, rng.integers(1800, 24 * 3600, size=k), rng.integers(24 * 3600, 70 * 3600, size=k)),
    ).astype(np.int64) * US
    delay = np.where((kind == RET_OTHER) & (delay < 2 * HOUR), delay + 2 * HOUR, delay)
    created = np.minimum(o["created"][parents] + delay + 20 * 60 * US, period.end_us - HOUR)
    month = period.month_of(created)
    intent = o["intent"][parents].copy()
    other = (kind == RET_OTHER) | ((kind == RET_FOLLOW_UP) & (rng.random(k) < 0.6))
    new_intent = rng.integers(0, config.N_INTENTS, size=k).astype(np.int8)
    new_intent = np.where(new_intent == intent, (new_intent + 1) % config.N_INTENTS, new_intent)
    intent = np.where(other, new_intent, intent).astype(np.int8)
    channel = np.where(rng.random(k) < 0.7, o["channel"][parents],
                       rng.choice(len(config.CHANNELS), size=k, p=config.CHANNEL_SHARES)).astype(np.int8)
    priority = np.minimum(3, o["priority"][parents] + (rng.random(k) < 0.25)).astype(np.int8)
    mode = inp.rollout.mode_at(intent, created) if preset.ai else np.zeros(k, dtype=np.int8)
    eligible = (_eligible(inp, intent, created, mode) if preset.ai else np.zeros(k, dtype=bool)) & (kind != RET_FOLLOW_UP)
    eligible &= _not_human_only(inp, channel)
    cov = o["cov"]
    routed = eligible & (rng.random(k) < np.minimum(0.97, cov[month] * _routing_weight(channel, priority, intent)))
    must = rng.random(k) < config.MUST_ESCALATE_RATE * 1.5
    path = np.full(k, PATH_HUMAN, dtype=np.int8)
    fd_kind = np.full(k, -1, dtype=np.int8)
    esc_kind = np.full(k, -1, dtype=np.int8)
    u = rng.random(k)
    p_esc = np.minimum(0.9, (1 - params.containment[month]) * 1.6)
    p_fd = (1 - params.quality[month]) * 1.2
    esc = routed & ((u < p_esc) | must)
    fd = routed & ~esc & (rng.random(k) < p_fd)
    path[routed] = PATH_RESOLVED
    path[esc] = PATH_ESCALATED
    path[fd] = PATH_FALSE
    weights = np.array(config.ESC_WEIGHTS) / sum(config.ESC_WEIGHTS)
    esc_kind[esc] = np.where(must[esc], config.ESC_TRIGGERS.index("policy_rule"),
                             rng.choice(len(weights), size=int(esc.sum()), p=weights))
    fd_kind[fd] = rng.choice([config.FD_REOPEN, config.FD_NEG_SENTIMENT, config.FD_LOW_CSAT], size=int(fd.sum()),
                             p=[0.35, 0.4, 0.25])
    return {
        "created": created, "month": month, "channel": channel, "priority": priority, "intent": intent,
        "customer": o["customer"][parents], "mode": mode, "routed": routed, "path": path,
        "fd_kind": fd_kind, "esc_kind": esc_kind, "must_escalate": must,
        "parents": parents, "kind": kind.astype(np.int8), "delay": delay,
    }


def _assemble(o: dict[str, np.ndarray], r: dict[str, np.ndarray], keep: np.ndarray) -> Plan:
    """Drop originals not in `keep`, append the returns, link parents and children."""
    kept = np.flatnonzero(keep)
    new_index = np.full(len(keep), -1, dtype=np.int64)
    new_index[kept] = np.arange(len(kept))
    n_orig = len(kept)
    k = len(r["parents"])
    n = n_orig + k
    cols = ("created", "month", "channel", "priority", "intent", "customer", "mode", "routed",
            "path", "fd_kind", "esc_kind", "must_escalate")
    arrays = {c: np.concatenate([o[c][kept], r[c]]) for c in cols}
    parent = np.full(n, -1, dtype=np.int32)
    child = np.full(n, -1, dtype=np.int32)
    ret_kind = np.zeros(n, dtype=np.int8)
    ret_delay = np.zeros(n, dtype=np.int64)
    parent_rows = new_index[r["parents"]]
    parent[n_orig:] = parent_rows
    child[parent_rows] = np.arange(n_orig, n)
    ret_kind[n_orig:] = r["kind"]
    ret_delay[n_orig:] = r["delay"]
    return Plan(
        **arrays, parent=parent, child=child, ret_kind=ret_kind, ret_delay=ret_delay,
        csat=np.zeros(n, dtype=np.int8), agent=np.full(n, -1, dtype=np.int32),
        qa=np.zeros(n, dtype=bool), n_orig=n_orig,
    )


def build_plan(total: int, inp: PlanInputs, seed: int) -> Plan:
    """A plan of exactly `total` conversations (originals plus their returns)."""
    margin = int(np.ceil(total * 0.004)) + 5
    n_orig = total
    for attempt in range(8):
        rng = np.random.default_rng([seed, 11, attempt])
        o = _originals(inp, n_orig, rng)
        r = _returns(inp, o, rng)
        k = len(r["parents"])
        excess = n_orig + k - total
        if excess == 0 or (excess > 0 and attempt > 0):
            keep = np.ones(n_orig, dtype=bool)
            if excess > 0:
                droppable = np.flatnonzero(o["ret"] == RET_NONE)
                keep[rng.choice(droppable, size=excess, replace=False)] = False
            plan = _assemble(o, r, keep)
            _plan_csat(plan, inp, rng)
            _plan_qa(plan, inp, rng)
            return plan
        n_orig = max(1, total - k + margin * (attempt + 1))
    raise RuntimeError("could not size the conversation plan")  # pragma: no cover


def _plan_csat(plan: Plan, inp: PlanInputs, rng: np.random.Generator) -> None:
    """CSAT answers by quotas per (month, stream): human_only, ai_only and escalated."""
    preset, params, months = inp.preset, inp.params, inp.period.months
    path, month = plan.path, plan.month.astype(np.int64)
    rate = config.CSAT_RESPONSE_RATE
    score = plan.csat
    low_forced = (path == PATH_FALSE) & (plan.fd_kind == config.FD_LOW_CSAT)
    score[low_forced] = rng.choice([1, 2], size=int(low_forced.sum()), p=[0.45, 0.55])

    def respond(mask: np.ndarray, factor: float = 1.0) -> np.ndarray:
        rows = np.flatnonzero(mask)
        counts = stochastic_round(np.bincount(month[rows], minlength=months) * rate * factor, rng)
        return rows[quota_select(month[rows], np.ones(len(rows)), counts, rng)]

    def satisfied(rows: np.ndarray, share: np.ndarray) -> np.ndarray:
        counts = stochastic_round(np.bincount(month[rows], minlength=months) * share, rng)
        return quota_select(month[rows], np.ones(len(rows)), counts, rng)

    def unsatisfied_scores(k: int) -> np.ndarray:
        return rng.choice([1, 2, 3], size=k, p=[0.25, 0.3, 0.45])

    human_sat = np.full(months, preset.human_satisfied)
    for stream, share in ((PATH_HUMAN, human_sat),
                          (PATH_ESCALATED, human_sat + config.ESCALATED_SATISFIED_DELTA)):
        rows = respond(path == stream)
        sat = satisfied(rows, share)
        score[rows[sat]] = rng.choice([4, 5], size=int(sat.sum()), p=[0.45, 0.55])
        score[rows[~sat]] = unsatisfied_scores(int((~sat).sum()))
    # ai_only: false deflections first, then truly resolved fill the satisfied target
    fd_rows = respond((path == PATH_FALSE) & ~low_forced, 0.9)
    fd_sat = satisfied(fd_rows, np.full(months, config.FALSE_DEFLECTION_SATISFIED))
    score[fd_rows[fd_sat]] = 4
    score[fd_rows[~fd_sat]] = rng.choice([2, 3], size=int((~fd_sat).sum()), p=[0.4, 0.6])
    tr_rows = respond(path == PATH_RESOLVED)
    total_resp = (np.bincount(month[tr_rows], minlength=months) + np.bincount(month[fd_rows], minlength=months)
                  + np.bincount(month[low_forced], minlength=months))
    target = (human_sat + params.csat_gap) * total_resp
    tr_resp = np.bincount(month[tr_rows], minlength=months)
    tr_need = np.clip(target - np.bincount(month[fd_rows[fd_sat]], minlength=months), 0, tr_resp)
    sat = quota_select(month[tr_rows], np.ones(len(tr_rows)), stochastic_round(tr_need, rng), rng)
    score[tr_rows[sat]] = rng.choice([4, 5], size=int(sat.sum()), p=[0.35, 0.65])
    score[tr_rows[~sat]] = 3


def _plan_qa(plan: Plan, inp: PlanInputs, rng: np.random.Generator) -> None:
    """QA sample: ~7% of AI-involved conversations, ~3% of human-only ones."""
    ai = np.isin(plan.path, (PATH_RESOLVED, PATH_FALSE, PATH_ESCALATED))
    u = rng.random(plan.n)
    plan.qa[:] = (ai & (u < 0.07)) | ((plan.path == PATH_HUMAN) & (u < 0.03))


def human_load(plan: Plan, months: int) -> np.ndarray:
    """Planned human-handled conversations per (month, team)."""
    team_of = np.array([config.HUMAN_TEAMS.index(config.intent_spec(c).team) for c in range(-1, config.N_INTENTS + 1)])
    human = np.isin(plan.path, (PATH_HUMAN, PATH_ESCALATED))
    team = team_of[plan.intent.astype(np.int64) + 1]
    load = np.zeros((months, len(config.HUMAN_TEAMS)))
    np.add.at(load, (plan.month[human].astype(np.int64), team[human]), 1)
    return load


def assign_agents(plan: Plan, roster: dict[tuple[int, int], np.ndarray], rng: np.random.Generator) -> None:
    """A human agent of the intent's team, active in the conversation's month."""
    team_of = np.array([config.HUMAN_TEAMS.index(config.intent_spec(c).team) for c in range(-1, config.N_INTENTS + 1)])
    team = team_of[plan.intent.astype(np.int64) + 1]
    human = np.isin(plan.path, (PATH_HUMAN, PATH_ESCALATED, PATH_NO_RESPONSE))
    for (m, t), agents in roster.items():
        rows = np.flatnonzero(human & (plan.month == m) & (team == t))
        if len(rows):
            plan.agent[rows] = agents[rng.integers(0, len(agents), size=len(rows))]
