"""Lexicon sentiment for customer messages that the platform did not score.

VADER (vaderSentiment, a well-kept lexicon and rule-based scorer) gives a compound score in
[-1, 1], the same scale as the platform's `sentiment_score`. Only public customer messages with
no platform score are scored; a body repeated across messages is scored once (a bounded cache).
The body never leaves this model: the output is (message_id, conversation_id,
lexicon_sentiment_score).

The messages stream through in batches of BATCH_ROWS: DuckDB reads them in batches, each batch
is scored and handed back, and no batch is kept. Reading every body into one pandas frame held
all of them in Python memory, outside DuckDB's memory limit (gigabytes at 10M conversations).

Incremental like the other message-grain models: a run scores only the messages of the
conversations in int_incremental_scope and replaces those conversations' rows.

Runs as a dbt Python model on DuckDB. On warehouses without Python models (Postgres) the same
scores are produced at load time by `supportmetrics load --target postgres` (see README, "Other warehouses").
"""

from functools import lru_cache
from typing import Iterator

import pyarrow as pa
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

BATCH_ROWS = 100_000
CACHED_BODIES = 200_000
SCHEMA = pa.schema([
    ("message_id", pa.string()),
    ("conversation_id", pa.string()),
    ("lexicon_sentiment_score", pa.float64()),
])


def scored_batches(reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
    analyzer = SentimentIntensityAnalyzer()

    @lru_cache(maxsize=CACHED_BODIES)
    def score(body: str) -> float:
        return analyzer.polarity_scores(body)["compound"]

    for batch in reader:
        scores = pa.array([score(body) for body in batch.column("body").to_pylist()], pa.float64())
        yield pa.record_batch(
            [batch.column("message_id").cast(pa.string()), batch.column("conversation_id").cast(pa.string()), scores],
            schema=SCHEMA,
        )


def model(dbt, session):
    # the same settings as macro incremental_conversation_config (Python models cannot call it;
    # its pre-hook is set in _intermediate__models.yml)
    dbt.config(
        materialized="incremental",
        incremental_strategy="append",
        on_schema_change="fail",
    )
    messages = dbt.ref("stg_helpdesk__messages").filter(
        "author_type = 'customer' and is_public and sentiment_score is null and body is not null"
    )
    if dbt.is_incremental:
        scope = dbt.ref("int_incremental_scope").project("conversation_id as scope_conversation_id")
        messages = messages.join(scope, "conversation_id = scope_conversation_id")
    reader = messages.project("message_id, conversation_id, body").to_arrow_reader(BATCH_ROWS)
    # dbt-duckdb writes what is returned through a cursor of its own, so the batches are read
    # from this connection while they are written
    return pa.RecordBatchReader.from_batches(SCHEMA, scored_batches(reader))
