"""Lexicon sentiment for customer messages that the platform did not score.

VADER (vaderSentiment, a well-kept lexicon and rule-based scorer) gives a compound score in
[-1, 1], the same scale as the platform's `sentiment_score`. Only public customer messages with
no platform score are scored; each distinct body is scored once. The body never leaves this
model: the output is (message_id, lexicon_sentiment_score).

Runs as a dbt Python model on DuckDB. On warehouses without Python models (Postgres) the same
scores are produced at load time by `supportmetrics load --target postgres` (see README, "Other warehouses").
"""

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def model(dbt, session):
    dbt.config(materialized="table")
    messages = dbt.ref("stg_helpdesk__messages")
    frame = messages.filter(
        "author_type = 'customer' and is_public and sentiment_score is null and body is not null"
    ).project("message_id, body").df()
    analyzer = SentimentIntensityAnalyzer()
    distinct_bodies = frame["body"].drop_duplicates()
    scores = {body: analyzer.polarity_scores(body)["compound"] for body in distinct_bodies}
    return pd.DataFrame(
        {
            "message_id": frame["message_id"].astype("string"),
            "lexicon_sentiment_score": frame["body"].map(scores).astype("float64"),
        }
    )
