"""The scale targets of `supportmetrics bench` (issue 19), each checked against measurements.

A target is PASS or FAIL on what was measured, or NOT MEASURED when the bench did not run the
size it needs (a 10M target on a default 100k-1M bench): never a guess from a smaller size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

MILLION = 1_000_000
# On a 2-core, 24 GiB machine
PEAK_RSS_GIB = 12.0  # whole build's process tree, at every size from 1M up
GENERATOR_PEAK_RSS_GIB = 4.0  # writing 10M conversations
FULL_BUILD_10M_S = 30 * 60.0
INCREMENTAL_1M_S = 15.0
INCREMENTAL_10M_S = 45.0
INCREMENTAL_RATIO_10M_OVER_1M = 2.0
# base models (typing and validation) at 3M, before the work of issue 19: base_helpdesk__ticket_events
# 85 s + base_helpdesk__messages 77 s; the target is half of that
BASE_MODELS_3M_BEFORE_S = 85.0 + 77.0
BASE_MODELS_TIMED = ("base_helpdesk__ticket_events", "base_helpdesk__messages")

SIZE_PRESETS: dict[str, tuple[int, ...]] = {
    "default": (100_000, 300_000, MILLION),
    "scale": (MILLION, 3 * MILLION, 10 * MILLION),
    "quick": (20_000, 100_000),
}


class Measured(Protocol):
    """What a target reads from one size's bench result (bench.SizeResult)."""

    conversations: int
    generate_peak_rss_gib: float
    full_build_s: float
    peak_rss_gib: float
    incremental_run_s: float
    base_models_s: float


@dataclass(frozen=True)
class TargetCheck:
    name: str
    verdict: str  # PASS, FAIL or NOT MEASURED
    measured: str

    def line(self) -> str:
        return f"{self.verdict}: {self.name}: {self.measured}"


def parse_sizes(text: str) -> list[int]:
    """`--sizes`: a preset name (default, scale, quick) or comma-separated conversation counts."""
    text = text.strip()
    if text in SIZE_PRESETS:
        return list(SIZE_PRESETS[text])
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        factor = 1
        if part.endswith("m"):
            part, factor = part[:-1], MILLION
        elif part.endswith("k"):
            part, factor = part[:-1], 1000
        try:
            value = int(float(part) * factor)
        except ValueError:
            raise ValueError(f"--sizes {text!r}: {part!r} is not a number; use a preset "
                             f"({', '.join(SIZE_PRESETS)}) or counts such as 100000,1M") from None
        if value < 100:
            raise ValueError(f"--sizes {text!r}: {value} conversations is below the generator's minimum of 100")
        sizes.append(value)
    return sizes


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _missing(name: str, size: str) -> TargetCheck:
    return TargetCheck(name, "NOT MEASURED", f"{size} conversations not in this bench")


def target_checks(results: Sequence[Measured]) -> list[TargetCheck]:
    """Every target of issue 19, in the issue's order."""
    by_size = {r.conversations: r for r in results}
    one, three, ten = by_size.get(MILLION), by_size.get(3 * MILLION), by_size.get(10 * MILLION)
    checks = []

    name = f"peak RSS of the full build < {PEAK_RSS_GIB:.0f} GiB at every size from 1M"
    large = [r for r in results if r.conversations >= MILLION]
    if large:
        worst = max(large, key=lambda r: r.peak_rss_gib)
        checks.append(TargetCheck(name, _verdict(worst.peak_rss_gib < PEAK_RSS_GIB),
                                  f"{worst.peak_rss_gib:.2f} GiB at {worst.conversations:,}"))
    else:
        checks.append(_missing(name, ">= 1M"))

    name = f"full build of 10M within {FULL_BUILD_10M_S / 60:.0f} min"
    checks.append(TargetCheck(name, _verdict(ten.full_build_s <= FULL_BUILD_10M_S),
                              f"{ten.full_build_s / 60:.1f} min") if ten else _missing(name, "10M"))
    name = f"generator writes 10M under {GENERATOR_PEAK_RSS_GIB:.0f} GiB"
    checks.append(TargetCheck(name, _verdict(ten.generate_peak_rss_gib < GENERATOR_PEAK_RSS_GIB),
                              f"{ten.generate_peak_rss_gib:.2f} GiB") if ten else _missing(name, "10M"))

    name = f"one-day incremental run at 1M within {INCREMENTAL_1M_S:.0f} s"
    checks.append(TargetCheck(name, _verdict(one.incremental_run_s <= INCREMENTAL_1M_S),
                              f"{one.incremental_run_s:.1f} s") if one else _missing(name, "1M"))
    name = f"one-day incremental run at 10M within {INCREMENTAL_10M_S:.0f} s"
    checks.append(TargetCheck(name, _verdict(ten.incremental_run_s <= INCREMENTAL_10M_S),
                              f"{ten.incremental_run_s:.1f} s") if ten else _missing(name, "10M"))
    name = f"incremental run 10M / 1M at most {INCREMENTAL_RATIO_10M_OVER_1M:.0f}x"
    if one and ten:
        ratio = ten.incremental_run_s / one.incremental_run_s
        checks.append(TargetCheck(name, _verdict(ratio <= INCREMENTAL_RATIO_10M_OVER_1M), f"{ratio:.1f}x"))
    else:
        checks.append(_missing(name, "1M and 10M"))

    name = (f"base models' typing and validation at 3M at most half of before "
            f"({' + '.join(BASE_MODELS_TIMED)} <= {BASE_MODELS_3M_BEFORE_S / 2:.0f} s)")
    checks.append(TargetCheck(name, _verdict(three.base_models_s <= BASE_MODELS_3M_BEFORE_S / 2),
                              f"{three.base_models_s:.1f} s") if three else _missing(name, "3M"))
    return checks
