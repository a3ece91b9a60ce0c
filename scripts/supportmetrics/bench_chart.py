"""The bench chart: time and peak memory against size, full build and incremental run (SVG).

Written by hand (no plotting dependency): two panels side by side, conversations on a log
axis, one line per run kind, each point labelled with its value.
"""

from __future__ import annotations

import math
from html import escape
from typing import Protocol, Sequence

WIDTH, HEIGHT = 920, 380
PANEL_W, PANEL_H = 380, 260
MARGIN_LEFT, MARGIN_TOP = 70, 60
GAP = 90
SERIES = (("full build", "#1f77b4"), ("+1 day incremental run", "#d62728"))


class Point(Protocol):
    conversations: int
    full_build_s: float
    incremental_run_s: float
    peak_rss_gib: float
    incremental_peak_rss_gib: float


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _size_label(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g}M"
    return f"{n / 1000:g}k" if n >= 1000 else str(n)


def _panel(x0: float, title: str, unit: str, sizes: list[int], series: list[list[float]]) -> list[str]:
    top = max((v for values in series for v in values), default=0.0)
    y_max = _nice_max(top * 1.1)
    lo, hi = math.log10(min(sizes)), math.log10(max(sizes))
    span = hi - lo or 1.0

    def x(n: int) -> float:
        return x0 + (PANEL_W / 2 if hi == lo else (math.log10(n) - lo) / span * PANEL_W)

    def y(v: float) -> float:
        return MARGIN_TOP + PANEL_H - v / y_max * PANEL_H

    out = [f'<text x="{x0 + PANEL_W / 2:.1f}" y="{MARGIN_TOP - 16}" text-anchor="middle" '
           f'font-weight="bold">{escape(title)}</text>',
           f'<rect x="{x0}" y="{MARGIN_TOP}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#999"/>']
    for i in range(5):
        value = y_max * i / 4
        out.append(f'<line x1="{x0}" x2="{x0 + PANEL_W}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x0 - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:g}</text>')
    out.append(f'<text x="{x0 - 50}" y="{MARGIN_TOP + PANEL_H / 2}" text-anchor="middle" '
               f'transform="rotate(-90 {x0 - 50} {MARGIN_TOP + PANEL_H / 2})">{escape(unit)}</text>')
    for n in sizes:
        out.append(f'<text x="{x(n):.1f}" y="{MARGIN_TOP + PANEL_H + 18}" text-anchor="middle">{_size_label(n)}</text>')
    out.append(f'<text x="{x0 + PANEL_W / 2}" y="{MARGIN_TOP + PANEL_H + 38}" text-anchor="middle">'
               'conversations (log scale)</text>')
    for (label, colour), values in zip(SERIES, series):
        points = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in zip(sizes, values))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
                   f'<title>{escape(label)}</title></polyline>')
        for n, v in zip(sizes, values):
            out.append(f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}"/>')
            out.append(f'<text x="{x(n) + 5:.1f}" y="{y(v) - 6:.1f}" fill="{colour}">{v:.1f}</text>')
    return out


def render_svg(results: Sequence[Point], title: str) -> str:
    """The chart as an SVG document."""
    ordered = sorted(results, key=lambda r: r.conversations)
    sizes = [r.conversations for r in ordered]
    body = [f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15">{escape(title)}</text>']
    body += _panel(MARGIN_LEFT, "wall time", "seconds", sizes,
                   [[r.full_build_s for r in ordered], [r.incremental_run_s for r in ordered]])
    body += _panel(MARGIN_LEFT + PANEL_W + GAP, "peak memory (process tree RSS)", "GiB", sizes,
                   [[r.peak_rss_gib for r in ordered], [r.incremental_peak_rss_gib for r in ordered]])
    legend_y = HEIGHT - 14
    for i, (label, colour) in enumerate(SERIES):
        lx = MARGIN_LEFT + i * 260
        body.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
                    f'stroke="{colour}" stroke-width="2"/>')
        body.append(f'<text x="{lx + 30}" y="{legend_y}">{escape(label)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">\n'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>\n' + "\n".join(body) + "\n</svg>\n")
