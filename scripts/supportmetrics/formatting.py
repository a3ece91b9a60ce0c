"""Formatting of metric values for the terminal scorecard and the HTML report (one place)."""

from __future__ import annotations

from typing import Any


def fmt_value(value: Any, unit: str | None) -> str:
    """A metric value in its unit: fractions as %, points as pts, counts as integers."""
    if value is None:
        return "n/a"
    value = float(value)
    if unit == "fraction":
        return f"{100 * value:.1f}%"
    if unit == "points":
        return f"{value:+.1f} pts"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "usd":
        return f"${value:,.0f}"
    if unit == "ratio":
        return f"{value:.2f}x"
    if unit == "hours":
        return f"{value:,.1f} h"
    return f"{value:.2f}"


def fmt_pct(value: Any) -> str:
    """A fraction as a percentage with one decimal; n/a when missing."""
    return fmt_value(value, "fraction")
