"""The generated period and its volume shape (growth, weekly and daily patterns).

Time is handled as int64 microseconds since the Unix epoch (UTC, naive) everywhere in the
generator; `US` is one second in those units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from supportmetrics.generator import config

US = 1_000_000
HOUR = 3600 * US
DAY = 24 * HOUR
_EPOCH = datetime(1970, 1, 1)


def to_us(moment: datetime | date) -> int:
    """Microseconds since the epoch of a naive UTC datetime (or a date at midnight)."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return (moment - _EPOCH) // timedelta(microseconds=1)


def from_us(value: int) -> datetime:
    """The naive UTC datetime of a microsecond timestamp."""
    return _EPOCH + timedelta(microseconds=int(value))


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """The generated history: `months` calendar months ending with `end`'s month."""

    start: date  # first day of the first month
    end: date  # last day of data (inclusive)
    months: int
    baseline_months: int  # whole pre-AI months at the start
    month_starts: np.ndarray  # int64 us, months + 1 entries (the last is the next month's start)
    monthly_growth: float  # volume of a month / volume of the month before (make_period's default)

    @property
    def start_us(self) -> int:
        return int(self.month_starts[0])

    @property
    def end_us(self) -> int:
        """The last microsecond of data (end date 23:59:59.999999)."""
        return to_us(self.end + timedelta(days=1)) - 1

    def month_of(self, us: np.ndarray) -> np.ndarray:
        """Month index (0 = first month) of microsecond timestamps."""
        return (np.searchsorted(self.month_starts, us, side="right") - 1).astype(np.int16)

    def month_date(self, index: int) -> date:
        """First day of month `index`."""
        return add_months(self.start, index)

    @property
    def ai_months(self) -> int:
        return self.months - self.baseline_months

    def progress(self, month: int) -> float:
        """0 in the first AI month, 1 in the latest month (negative before AI)."""
        a = month - self.baseline_months
        if self.ai_months <= 1:
            return 1.0 if a >= 0 else -1.0
        return a / (self.ai_months - 1)


def make_period(end: date, months: int, monthly_growth: float = config.MONTHLY_GROWTH) -> Period:
    """The period of `months` months ending at `end` with its pre-AI baseline."""
    if months < 2:
        raise ValueError("months must be >= 2 (a pre-AI baseline month and an AI month)")
    if monthly_growth <= 0:
        raise ValueError("monthly_growth must be > 0 (1 keeps the volume flat)")
    start = add_months(end.replace(day=1), -(months - 1))
    baseline = min(max(3, round(months / 3)), months - 1)
    starts = np.array([to_us(add_months(start, m)) for m in range(months + 1)], dtype=np.int64)
    return Period(start=start, end=end, months=months, baseline_months=baseline, month_starts=starts,
                  monthly_growth=monthly_growth)


def day_weights(period: Period) -> tuple[np.ndarray, np.ndarray]:
    """(day start us, relative volume) for every day of the period."""
    n_days = (period.end - period.start).days + 1
    days = [period.start + timedelta(days=d) for d in range(n_days)]
    weights = np.empty(n_days)
    for k, day in enumerate(days):
        month_pos = (day.year * 12 + day.month) - (period.start.year * 12 + period.start.month)
        growth = period.monthly_growth ** (month_pos + (day.day - 1) / 30.0)
        factor = config.WEEKDAY_FACTOR[day.weekday()]
        if (day.month, day.day) in {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}:
            factor *= 0.5
        weights[k] = growth * factor
    starts = np.array([to_us(day) for day in days], dtype=np.int64)
    return starts, weights


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split `total` into integer parts proportional to `weights` (exact sum)."""
    raw = total * weights / weights.sum()
    parts = np.floor(raw).astype(np.int64)
    short = total - int(parts.sum())
    if short > 0:
        order = np.argsort(-(raw - parts), kind="stable")
        parts[order[:short]] += 1
    return parts


def sample_created(n: int, period: Period, rng: np.random.Generator) -> np.ndarray:
    """Sorted creation timestamps: exact monthly counts, then days and hours by weight."""
    day_starts, weights = day_weights(period)
    day_month = period.month_of(day_starts)
    month_totals = np.bincount(day_month, weights=weights, minlength=period.months)
    per_month = largest_remainder(n, month_totals)
    weekday = np.array([(period.start + timedelta(days=int(d))).weekday() for d in range(len(day_starts))])
    chosen_days = []
    for m in range(period.months):
        idx = np.flatnonzero(day_month == m)
        p = weights[idx] / weights[idx].sum()
        chosen_days.append(rng.choice(idx, size=int(per_month[m]), p=p))
    day_idx = np.concatenate(chosen_days) if chosen_days else np.zeros(0, dtype=np.int64)
    hw_weekday = np.array(config.HOUR_WEIGHTS_WEEKDAY) / sum(config.HOUR_WEIGHTS_WEEKDAY)
    hw_weekend = np.array(config.HOUR_WEIGHTS_WEEKEND) / sum(config.HOUR_WEIGHTS_WEEKEND)
    is_weekend = weekday[day_idx] >= 5
    hours = np.where(
        is_weekend,
        rng.choice(24, size=len(day_idx), p=hw_weekend),
        rng.choice(24, size=len(day_idx), p=hw_weekday),
    )
    offset = hours.astype(np.int64) * HOUR + rng.integers(0, HOUR, size=len(day_idx))
    return np.sort(day_starts[day_idx] + offset)
