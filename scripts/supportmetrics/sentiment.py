"""Lexicon sentiment at load time, for warehouses without dbt Python models (e.g. Postgres).

On DuckDB the dbt Python model `int_message_lexicon_sentiment` scores messages during the build.
On other targets `supportmetrics load --target postgres` calls `score_raw_messages` and writes
`raw.message_lexicon_sentiment (message_id, lexicon_sentiment_score)`, which the SQL variant of
`int_message_lexicon_sentiment` reads. Same scorer (VADER compound score), same rule: messages
without a platform score; each distinct body scored once.
"""

from __future__ import annotations

import duckdb
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

TABLE = "message_lexicon_sentiment"


def score_raw_messages(con: duckdb.DuckDBPyConnection, schema: str = "raw") -> int:
    """Score raw messages that have a body and no platform score; returns rows written."""
    frame = con.execute(
        f'select message_id, body from "{schema}"."messages" '
        "where nullif(trim(body), '') is not null and nullif(trim(sentiment_score), '') is null "
        "and nullif(trim(message_id), '') is not null"
    ).df()
    analyzer = SentimentIntensityAnalyzer()
    scores = {body: analyzer.polarity_scores(body)["compound"] for body in frame["body"].drop_duplicates()}
    result = pd.DataFrame(
        {"message_id": frame["message_id"], "lexicon_sentiment_score": frame["body"].map(scores).astype("float64")}
    ).drop_duplicates("message_id")
    con.execute(f'drop table if exists "{schema}"."{TABLE}"')
    con.register("lexicon_frame", result)
    con.execute(f'create table "{schema}"."{TABLE}" as select * from lexicon_frame')
    con.unregister("lexicon_frame")
    return len(result)
