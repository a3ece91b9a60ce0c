"""End to end: channel displacement on generated helpdesks (issue 18).

Two small generated helpdesks with the same seed, both with email as a human-only channel (the AI
never answers there): in one, email's share of new conversations grows by half after the AI
launch (customers avoiding the AI) and fct_channel_displacement must flag email; in the control,
email keeps its usual share and nothing may be flagged. Only the displacement mart and its
parents are built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from conftest import BuiltWarehouse
from supportmetrics.generator import generate

CONVERSATIONS = 5000
MONTHS = 8
SELECTION = ("+fct_channel_displacement",)
FLAGS = """
    select period_start, channel, is_human_only_channel, verdict, is_flagged, is_share_rising,
           is_per_customer_rising, is_deflection_rising, share_change_points, n, ai_involved_share
    from marts.fct_channel_displacement
    where period_grain = 'month'
    order by period_start, channel
"""


def _build(name: str, growth: float, tmp_path_factory: pytest.TempPathFactory,
           warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    raw = tmp_path_factory.mktemp(f"raw_{name}") / "raw"
    manifest = generate(raw, profile="stage3", conversations=CONVERSATIONS, months=MONTHS, progress=False,
                        human_only_channel="email", human_only_channel_growth=growth)
    assert manifest["human_only_channel"] == {"channel": "email", "growth": growth}
    return warehouse_builder(name, raw, select=SELECTION, tests=False)


@pytest.fixture(scope="module")
def shifted(tmp_path_factory: pytest.TempPathFactory, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return _build("displacement_shifted", 1.5, tmp_path_factory, warehouse_builder)


@pytest.fixture(scope="module")
def control(tmp_path_factory: pytest.TempPathFactory, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return _build("displacement_control", 1.0, tmp_path_factory, warehouse_builder)


def test_growing_human_only_channel_is_flagged(shifted: BuiltWarehouse) -> None:
    rows = shifted.query(FLAGS)
    answering = {r[0] for r in rows if r[10] > 0.02}  # months the AI answers somewhere
    email = [r for r in rows if r[1] == "email" and r[0] in answering]
    assert email, "no month with AI answers in fct_channel_displacement"
    # the AI never answers on email: it is human-only whenever the AI answers elsewhere, and only it
    assert all(r[2] for r in email)
    assert not any(r[2] for r in rows if r[1] != "email")
    flagged = [r for r in email if r[4]]
    assert flagged, f"email grew by half after the AI launch but was never flagged: {email}"
    for row in flagged:
        assert row[3] == "fail" and row[5] and row[7] and row[8] > 0 and row[9] >= 100
    # the latest complete month carries the flag, so the anti-pattern's month would fail
    assert email[-2][4]


def test_control_without_growth_is_never_flagged(control: BuiltWarehouse) -> None:
    rows = control.query(FLAGS)
    answering = {r[0] for r in rows if r[10] > 0.02}
    email = [r for r in rows if r[1] == "email" and r[0] in answering]
    assert email and all(r[2] for r in email)
    assert [r for r in rows if r[4]] == []
    assert [r for r in email if r[4]] == []
    assert {r[3] for r in email} <= {"pass", "insufficient_data"}
    assert any(r[3] == "pass" for r in email), "the control must be judged, not merely short of volume"
    # the AI channels' deflection does rise: the control differs only in email's volume
    assert all(r[7] for r in email)


def test_channel_volume_share_change_matches_the_raw_counts(shifted: BuiltWarehouse) -> None:
    """fct_channel_volume's baseline share and change against a count from int_conversation_facts."""
    (baseline_share, share, change), = shifted.query(
        """
        select baseline_volume_share, volume_share, share_change_points
        from marts.fct_channel_volume
        where period_grain = 'month' and channel = 'email' and intent = 'all'
            and period_start = (select max(period_start) from marts.fct_channel_volume where is_complete and period_grain = 'month')
        """
    )
    (raw_baseline, raw_latest), = shifted.query(
        """
        with bounds as (select baseline_start_month, baseline_end_month from intermediate.int_ai_rollout_baseline),
        latest as (select max(period_start) as m from marts.fct_channel_volume where is_complete and period_grain = 'month')
        select
            avg(case when created_date >= baseline_start_month and created_date < baseline_end_month
                then (channel = 'email')::int end),
            avg(case when date_trunc('month', created_date) = latest.m then (channel = 'email')::int end)
        from intermediate.int_conversation_facts, bounds, latest
        """
    )
    assert baseline_share == pytest.approx(raw_baseline) and share == pytest.approx(raw_latest)
    assert change == pytest.approx(100 * (raw_latest - raw_baseline))
    assert share > 1.3 * baseline_share
