-- Floor for the benchmark: deflected and truly_resolved per conversation in ONE hand-written
-- DuckDB query straight from the raw Parquet files (no validation, no dedup, platform sentiment
-- only). {raw} is replaced by the data-set directory.
with
conversations as (
    select conversation_id, customer_id, intent, created_at
    from read_parquet('{raw}/conversations/*.parquet')
    qualify row_number() over (partition by conversation_id order by updated_at desc) = 1
),
messages as (
    select conversation_id, author_type, created_at, message_id, sentiment_score,
        row_number() over (partition by conversation_id order by created_at, message_id) as seq
    from read_parquet('{raw}/messages/*.parquet')
    where is_public
),
per_conversation as (
    select
        conversation_id,
        min(seq) filter (where author_type = 'ai_agent') as first_ai_seq,
        max(seq) filter (where author_type = 'human_agent') as last_human_seq,
        max(created_at) as last_public_at,
        arg_max(sentiment_score, seq) filter (where author_type = 'customer') as last_customer_sentiment
    from messages
    group by 1
),
ai_events as (
    select distinct conversation_id from read_parquet('{raw}/ai_events/*.parquet')
    where event_type in ('answer_sent', 'action_taken')
),
handoffs as (select distinct conversation_id from read_parquet('{raw}/handoffs/*.parquet')),
solved as (
    select conversation_id, min(created_at) as solved_at from read_parquet('{raw}/ticket_events/*.parquet')
    where event_type = 'status_change' and to_value in ('solved', 'closed') group by 1
),
reopens as (select conversation_id, created_at from read_parquet('{raw}/ticket_events/*.parquet')
    where event_type = 'status_change' and from_value in ('solved', 'closed') and to_value in ('open', 'pending')),
csat as (
    select conversation_id, arg_max(score, responded_at) as score
    from read_parquet('{raw}/csat_responses/*.parquet') group by 1
),
facts as (
    select
        c.*,
        (p.first_ai_seq is not null or e.conversation_id is not null) as ai_involved,
        (h.conversation_id is not null or p.last_human_seq > p.first_ai_seq) as has_human,
        least(coalesce(p.last_public_at, s.solved_at, c.created_at), coalesce(s.solved_at, p.last_public_at, c.created_at)) as ended_at,
        p.last_customer_sentiment,
        csat.score as csat_score
    from conversations c
    left join per_conversation p using (conversation_id)
    left join ai_events e using (conversation_id)
    left join handoffs h using (conversation_id)
    left join solved s using (conversation_id)
    left join csat using (conversation_id)
),
returns as (
    select distinct a.conversation_id
    from facts a join facts b
        on a.customer_id = b.customer_id and b.created_at > a.ended_at
        and b.created_at <= a.ended_at + interval 72 hour
        and (a.intent is null or b.intent is null or a.intent = b.intent or b.has_human and b.created_at <= a.ended_at + interval 1 hour)
),
reopened as (
    select distinct f.conversation_id from facts f join reopens r using (conversation_id)
    where r.created_at between f.ended_at and f.ended_at + interval 48 hour
)
select
    f.conversation_id,
    f.ai_involved and not coalesce(f.has_human, false) as deflected,
    f.ai_involved and not coalesce(f.has_human, false)
        and rt.conversation_id is null and ro.conversation_id is null
        and coalesce(f.last_customer_sentiment >= -0.05, true)
        and coalesce(f.csat_score > 2, true) as truly_resolved
from facts f
left join returns rt using (conversation_id)
left join reopened ro using (conversation_id)
