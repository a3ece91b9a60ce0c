"""AI scope rollout: which intents the AI covers, in which mode, from when (ai_scope_changes).

The AI goes live at the start of the first month after the pre-AI baseline, in shadow mode for
every intent. Then intents move to draft_assist and, easiest first, to autonomous (never a
critical intent: config.AUTONOMY_ORDER), spread over
the AI months so that the preset's final scope is complete before the latest month (two months
before the end when there is room, so the last two months are both fully in scope).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from supportmetrics.generator import config
from supportmetrics.generator.calendar import DAY, HOUR, Period

MODE_NONE, MODE_SHADOW, MODE_DRAFT, MODE_AUTONOMOUS = 0, 1, 2, 3
MODE_NAMES = {MODE_NONE: "off", MODE_SHADOW: "shadow", MODE_DRAFT: "draft_assist", MODE_AUTONOMOUS: "autonomous"}


@dataclass(frozen=True)
class Rollout:
    """Scope changes and a fast lookup of an intent's mode at a time."""

    rows: list[tuple[str, int, str]]  # (intent, effective_from us, mode)
    effective: list[np.ndarray]  # per intent code 0..N_INTENTS - 1: sorted effective_from us
    modes: list[np.ndarray]  # per intent code: mode codes
    go_live_us: int | None  # first AI activity (None: no AI)
    autonomous_count_changes: tuple[np.ndarray, np.ndarray]  # (us, number of autonomous intents)

    def mode_at(self, intent: np.ndarray, created: np.ndarray) -> np.ndarray:
        """Mode code per conversation (intent codes outside 0..N_INTENTS - 1 get MODE_NONE)."""
        out = np.zeros(len(intent), dtype=np.int8)
        for code in range(config.N_INTENTS):
            sel = np.flatnonzero(intent == code)
            if not len(sel) or not len(self.effective[code]):
                continue
            pos = np.searchsorted(self.effective[code], created[sel], side="right") - 1
            ok = pos >= 0
            out[sel[ok]] = self.modes[code][pos[ok]]
        return out

    def autonomous_count_at(self, created: np.ndarray) -> np.ndarray:
        """How many intents were autonomous at each timestamp."""
        times, counts = self.autonomous_count_changes
        if not len(times):
            return np.zeros(len(created), dtype=np.int16)
        pos = np.searchsorted(times, created, side="right") - 1
        return np.where(pos >= 0, counts[np.maximum(pos, 0)], 0).astype(np.int16)


def _monthly_modes(preset: config.Preset, ai_months: int) -> np.ndarray:
    """modes[intent, ai_month] for the AI months."""
    modes = np.full((config.N_INTENTS, ai_months), MODE_SHADOW, dtype=np.int8)
    last = ai_months - 1
    full = max(0, ai_months - 2) if ai_months >= 3 else last
    order = config.AUTONOMY_ORDER
    if preset.stable:
        modes[:, :] = MODE_DRAFT
        modes[list(order[: preset.autonomous_intents]), :] = MODE_AUTONOMOUS
        return modes
    if preset.stage == 1:
        movers = config.EASINESS_ORDER[: preset.draft_intents]
        first = min(1, last)
        for j, code in enumerate(movers):
            start = first + (j * (last - first + 1)) // max(1, len(movers))
            modes[code, start:] = MODE_DRAFT
        return modes
    draft_from = min(1, last)
    modes[:, draft_from:] = MODE_DRAFT
    k = preset.autonomous_intents
    first = min(1 if preset.stage >= 3 else max(1, full - 1), full)
    for j, code in enumerate(order[:k]):
        start = first + (j * (full - first + 1)) // k
        modes[code, start:] = MODE_AUTONOMOUS
    return modes


def build_rollout(preset: config.Preset, period: Period, rng: np.random.Generator) -> Rollout:
    """The scope changes of a preset over the period."""
    rows: list[tuple[str, int, str]] = []
    effective: list[list[int]] = [[] for _ in range(config.N_INTENTS)]
    modes: list[list[int]] = [[] for _ in range(config.N_INTENTS)]
    if not preset.ai:
        for code, intent in enumerate(config.INTENTS):
            rows.append((intent.name, period.start_us, "off"))
        empty = [np.zeros(0, dtype=np.int64) for _ in range(config.N_INTENTS)]
        return Rollout(rows, empty, [np.zeros(0, dtype=np.int8)] * config.N_INTENTS, None,
                       (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int16)))
    b = period.baseline_months
    monthly = _monthly_modes(preset, period.ai_months)
    go_live = int(period.month_starts[b]) + int(rng.integers(1, 3)) * DAY + 9 * HOUR
    change_time = [go_live] + [
        int(period.month_starts[b + a]) + int(rng.integers(0, 4)) * DAY + int(rng.integers(8, 12)) * HOUR
        for a in range(1, period.ai_months)
    ]
    for code, intent in enumerate(config.INTENTS):
        previous = MODE_NONE
        for a in range(period.ai_months):
            mode = int(monthly[code, a])
            if mode != previous:
                at = change_time[a] + code * 60 * 1_000_000  # one minute apart per intent
                rows.append((intent.name, at, MODE_NAMES[mode]))
                effective[code].append(at)
                modes[code].append(mode)
                previous = mode
    events = sorted(
        (t, +1 if m == MODE_AUTONOMOUS else 0)
        for code in range(config.N_INTENTS)
        for t, m in zip(effective[code], modes[code])
    )
    times = np.array([t for t, _ in events], dtype=np.int64)
    counts = np.cumsum([d for _, d in events]).astype(np.int16)
    return Rollout(
        rows=rows,
        effective=[np.array(e, dtype=np.int64) for e in effective],
        modes=[np.array(m, dtype=np.int8) for m in modes],
        go_live_us=go_live,
        autonomous_count_changes=(times, counts),
    )
