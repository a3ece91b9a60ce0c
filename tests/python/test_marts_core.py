"""The headline rates of fct_resolution_quality, recomputed independently in pandas.

A small demo helpdesk is generated as canonical raw files, loaded and built with dbt. Then the
latest month's deflection rate, true resolution rate and containment quality rate are recomputed
here straight from the RAW FILES, re-implementing the definitions of spec/metrics.md (not reading
any dbt model), and the mart must agree exactly: same counts, same rates.

Definitions re-implemented here (spec/metrics.md):
- raw rows: exact duplicates dropped, the latest version of a key wins (updated_at for
  conversations, created_at for event tables);
- ai_involved: a public ai_agent message or an answer_sent / action_taken AI event;
- escalated: ai_involved and (a handoff, or a public human message after the first public AI
  message, messages ordered by created_at then message_id); deflected: ai_involved, not escalated;
- the conversation ends at its last public message, or at its first solved/closed status change
  when earlier (creation when it has neither);
- negative signals after the end: a return of the same customer within 72 h (same intent, or
  either unknown), a human-handled conversation of the same customer within 1 h, a reopen
  (solved/closed -> open/pending) within 48 h, a last customer message scoring below -0.05 (the
  platform's score, else VADER's compound score of the text), a latest CSAT of 1 or 2;
- pending window: ended less than 72 h before the data's high-water mark (latest conversation or
  message timestamp); judged = not pending;
- deflection_rate = deflected / conversations; true_resolution_rate = truly resolved / judged
  AI-involved; containment_quality_rate = truly resolved / judged deflected.
"""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from supportmetrics.dbt_runner import dbt_env, dbt_executable
from supportmetrics.generator import generate
from supportmetrics.load import load_raw
from supportmetrics.warehouse import connect

ROOT = Path(__file__).resolve().parents[2]
END_DATE = date(2026, 10, 31)
RETURN_WINDOW = pd.Timedelta(hours=72)
FOLLOW_UP_WINDOW = pd.Timedelta(hours=1)
REOPEN_WINDOW = pd.Timedelta(hours=48)
NEGATIVE_SENTIMENT = -0.05
LOW_CSAT_MAX = 2

pytestmark = pytest.mark.slow


# ---------------------------------------------------------------------------------------------
# fixtures: generate, load, build
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("marts_core")
    raw = work / "raw"
    generate(raw, profile="stage3", conversations=1500, months=4, end_date=END_DATE, progress=False)
    warehouse = work / "wh.duckdb"
    con = connect(warehouse)
    load_raw(raw, con)
    con.close()
    env = dbt_env({
        "SUPPORTMETRICS_DUCKDB_PATH": str(warehouse),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
    })
    # staging quarantines timestamps later than "now": pin "now" after the generated period
    validation_now = (END_DATE + timedelta(days=30)).isoformat()
    subprocess.run(
        [dbt_executable(), "run", "--quiet", "--select", "+fct_resolution_quality",
         "--vars", f"{{validation_now: '{validation_now} 00:00:00'}}"],
        cwd=ROOT, env=env, check=True,
    )
    return {"raw": raw, "warehouse": warehouse}


@pytest.fixture(scope="module")
def mart_latest_month(workspace: dict[str, Path]) -> dict:
    con = connect(workspace["warehouse"], read_only=True)
    try:
        frame = con.execute(
            """
            select *
            from marts.fct_resolution_quality
            where period_grain = 'month'
                and slice_dimension = 'overall'
            order by period_start desc
            limit 1
            """
        ).df()
    finally:
        con.close()
    return frame.iloc[0].to_dict()


@pytest.fixture(scope="module")
def expected_latest_month(workspace: dict[str, Path]) -> dict:
    return recompute_latest_month(workspace["raw"])


# ---------------------------------------------------------------------------------------------
# the independent re-implementation, from the raw files
# ---------------------------------------------------------------------------------------------


def _read(raw: Path, table: str) -> pd.DataFrame:
    frame = pd.read_parquet(raw / table)
    for column in frame.columns:
        if pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _latest_version(frame: pd.DataFrame, key: list[str], cursor: str) -> pd.DataFrame:
    """Exact duplicates dropped; per key, the row with the latest cursor wins."""
    deduped = frame.drop_duplicates()
    return deduped.sort_values([*key, cursor], kind="mergesort").drop_duplicates(key, keep="last")


def _lexicon_scores(bodies: pd.Series) -> pd.Series:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    cache: dict[str, float] = {}

    def score(body: object) -> float:
        if body is None or (isinstance(body, float) and pd.isna(body)):
            return float("nan")
        if body not in cache:
            cache[body] = analyzer.polarity_scores(body)["compound"]
        return cache[body]

    return bodies.map(score).astype("float64")


def recompute_latest_month(raw: Path) -> dict:
    conversations = _latest_version(_read(raw, "conversations"), ["conversation_id"], "updated_at")
    conversations["intent"] = conversations["intent"].map(lambda v: v.lower() if isinstance(v, str) else None)
    messages = _latest_version(_read(raw, "messages"), ["message_id"], "created_at")
    ticket_events = _latest_version(_read(raw, "ticket_events"), ["event_id"], "created_at")
    ai_events = _latest_version(_read(raw, "ai_events"), ["ai_event_id"], "created_at")
    handoffs = _latest_version(_read(raw, "handoffs"), ["handoff_id"], "created_at")
    csat = _latest_version(_read(raw, "csat_responses"), ["response_id"], "responded_at")

    conv = conversations.set_index("conversation_id")
    ids = conv.index

    # public messages in one deterministic order
    public = messages[messages["is_public"]].sort_values(["conversation_id", "created_at", "message_id"])
    public = public.assign(sequence=public.groupby("conversation_id").cumcount() + 1)
    ai_messages = public[public["author_type"] == "ai_agent"]
    human_messages = public[public["author_type"] == "human_agent"]
    first_ai_sequence = ai_messages.groupby("conversation_id")["sequence"].min()
    humans_after_ai = human_messages.join(first_ai_sequence.rename("first_ai"), on="conversation_id")
    human_after_ai = set(humans_after_ai.loc[humans_after_ai["sequence"] > humans_after_ai["first_ai"],
                                              "conversation_id"])

    ai_event_conversations = set(
        ai_events.loc[ai_events["event_type"].isin(["answer_sent", "action_taken"]), "conversation_id"])
    ai_involved = ids.isin(set(ai_messages["conversation_id"]) | ai_event_conversations)
    escalated = ai_involved & (ids.isin(set(handoffs["conversation_id"])) | ids.isin(human_after_ai))
    deflected = ai_involved & ~escalated
    human_handled = escalated | (~ai_involved & ids.isin(set(human_messages["conversation_id"])))
    conv = conv.assign(ai_involved=ai_involved, escalated=escalated, deflected=deflected,
                       human_handled=human_handled)

    # when each conversation ended
    last_public = public.groupby("conversation_id")["created_at"].max()
    status_changes = ticket_events[ticket_events["event_type"] == "status_change"]
    first_solved = status_changes[status_changes["to_value"].isin(["solved", "closed"])] \
        .groupby("conversation_id")["created_at"].min()
    conv["last_public_at"] = last_public.reindex(ids)
    conv["first_solved_at"] = first_solved.reindex(ids)
    conv["ended_at"] = conv[["last_public_at", "first_solved_at"]].min(axis=1)
    conv["ended_at"] = conv["ended_at"].fillna(conv["created_at"])

    # returns and follow-up tickets: later conversations of the same customer
    pairs = conv.reset_index()[["conversation_id", "customer_id", "ended_at", "intent"]].merge(
        conv.reset_index()[["conversation_id", "customer_id", "created_at", "intent", "human_handled"]],
        on="customer_id", suffixes=("", "_later"))
    pairs = pairs[(pairs["conversation_id"] != pairs["conversation_id_later"])
                  & (pairs["created_at"] > pairs["ended_at"])]
    same_or_unknown_intent = (pairs["intent"].isna() | pairs["intent_later"].isna()
                              | (pairs["intent"] == pairs["intent_later"]))
    returned = set(pairs.loc[same_or_unknown_intent
                             & (pairs["created_at"] <= pairs["ended_at"] + RETURN_WINDOW), "conversation_id"])
    follow_up = set(pairs.loc[pairs["human_handled"]
                              & (pairs["created_at"] <= pairs["ended_at"] + FOLLOW_UP_WINDOW), "conversation_id"])

    # reopens after the end
    reopen_events = status_changes[status_changes["from_value"].isin(["solved", "closed"])
                                   & status_changes["to_value"].isin(["open", "pending"])]
    reopen_events = reopen_events.join(conv["ended_at"], on="conversation_id")
    reopened = set(reopen_events.loc[(reopen_events["created_at"] >= reopen_events["ended_at"])
                                     & (reopen_events["created_at"] <= reopen_events["ended_at"] + REOPEN_WINDOW),
                                     "conversation_id"])

    # the last customer message's sentiment: the platform's score, else the lexicon's
    customer_messages = public[public["author_type"] == "customer"]
    last_customer = customer_messages.sort_values("sequence").groupby("conversation_id").tail(1)
    score = last_customer["sentiment_score"].where(last_customer["sentiment_score"].notna(),
                                                   _lexicon_scores(last_customer["body"]))
    negative_end = set(last_customer.loc[score < NEGATIVE_SENTIMENT, "conversation_id"])

    # the latest CSAT answer
    latest_csat = csat.sort_values(["conversation_id", "responded_at", "response_id"]).groupby("conversation_id").tail(1)
    low_csat = set(latest_csat.loc[latest_csat["score"] <= LOW_CSAT_MAX, "conversation_id"])

    negative = ids.isin(returned | follow_up | reopened | negative_end | low_csat)
    high_water_mark = max(conversations["created_at"].max(), messages["created_at"].max())
    pending = (conv["ended_at"] > high_water_mark - RETURN_WINDOW).to_numpy()
    conv = conv.assign(pending=pending, truly_resolved=deflected & ~negative & ~pending)

    month = conv["created_at"].dt.to_period("M")
    latest = conv[month == month.max()]
    judged = latest[~latest["pending"]]
    counts = {
        "conversations": len(latest),
        "deflected_conversations": int(latest["deflected"].sum()),
        "judged_ai_involved_conversations": int(judged["ai_involved"].sum()),
        "judged_deflected_conversations": int(judged["deflected"].sum()),
        "truly_resolved_conversations": int(judged["truly_resolved"].sum()),
    }
    return {
        "period_start": month.max().start_time.date(),
        **counts,
        "deflection_rate": counts["deflected_conversations"] / counts["conversations"],
        "true_resolution_rate": counts["truly_resolved_conversations"] / counts["judged_ai_involved_conversations"],
        "containment_quality_rate": counts["truly_resolved_conversations"] / counts["judged_deflected_conversations"],
    }


# ---------------------------------------------------------------------------------------------
# the assertions
# ---------------------------------------------------------------------------------------------


def test_latest_month_is_the_same(mart_latest_month: dict, expected_latest_month: dict) -> None:
    assert pd.Timestamp(mart_latest_month["period_start"]).date() == expected_latest_month["period_start"]


@pytest.mark.parametrize("count", [
    "conversations",
    "deflected_conversations",
    "judged_ai_involved_conversations",
    "judged_deflected_conversations",
    "truly_resolved_conversations",
])
def test_counts_agree_exactly(mart_latest_month: dict, expected_latest_month: dict, count: str) -> None:
    assert int(mart_latest_month[count]) == expected_latest_month[count]


@pytest.mark.parametrize("rate", ["deflection_rate", "true_resolution_rate", "containment_quality_rate"])
def test_headline_rates_agree_exactly(mart_latest_month: dict, expected_latest_month: dict, rate: str) -> None:
    assert mart_latest_month[rate] == expected_latest_month[rate]


def test_the_data_set_is_not_trivial(expected_latest_month: dict) -> None:
    """The comparison means something only if the latest month has judged AI conversations and
    the definitions separate deflection from true resolution."""
    assert expected_latest_month["judged_deflected_conversations"] > 20
    assert 0 < expected_latest_month["containment_quality_rate"] < 1
