"""Lexicon sentiment for customer messages that the platform did not score.

VADER (vaderSentiment, a well-kept lexicon and rule-based scorer) gives a compound score in
[-1, 1], the same scale as the platform's `sentiment_score`. Only public customer messages with
no platform score are scored; each distinct body is scored once. The body never leaves this
model: the output is (message_id, conversation_id, lexicon_sentiment_score).

Incremental like the other message-grain models: a run scores only the messages of the
conversations in int_incremental_scope and replaces those conversations' rows.

Runs as a dbt Python model on DuckDB. On warehouses without Python models (Postgres) the same
scores are produced at load time by `supportmetrics load --target postgres` (see README, "Other warehouses").
"""

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def model(dbt, session):
    # the same settings as macro incremental_conversation_config (Python models cannot call it;
    # its pre-hook is set in _intermediate__models.yml)
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="conversation_id",
        on_schema_change="fail",
    )
    messages = dbt.ref("stg_helpdesk__messages").filter(
        "author_type = 'customer' and is_public and sentiment_score is null and body is not null"
    )
    if dbt.is_incremental:
        scope = dbt.ref("int_incremental_scope").project("conversation_id as scope_conversation_id")
        messages = messages.join(scope, "conversation_id = scope_conversation_id")
    frame = messages.project("message_id, conversation_id, body").df()
    analyzer = SentimentIntensityAnalyzer()
    distinct_bodies = frame["body"].drop_duplicates()
    scores = {body: analyzer.polarity_scores(body)["compound"] for body in distinct_bodies}
    return pd.DataFrame(
        {
            "message_id": frame["message_id"].astype("string"),
            "conversation_id": frame["conversation_id"].astype("string"),
            "lexicon_sentiment_score": frame["body"].map(scores).astype("float64"),
        }
    )
