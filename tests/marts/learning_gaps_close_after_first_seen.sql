-- Every closed knowledge gap closes strictly after it was first seen and after its last signal,
-- and the knowledge-base change that closed it belongs to the gap's intent.
with

gaps as (

    select * from {{ ref('fct_knowledge_gaps') }}

),

kb_events as (

    select * from {{ ref('int_learning_kb_events') }}

),

closing_events as (

    select
        gaps.gap_id,
        count(kb_events.kb_event_id) as matching_kb_events
    from gaps
    left join kb_events
        on gaps.closing_article_id = kb_events.article_id
            and gaps.intent = kb_events.intent
            and gaps.closed_at = kb_events.event_at
    where not gaps.is_open
    group by 1

)

select
    gaps.gap_id,
    gaps.first_seen_at,
    gaps.last_seen_at,
    gaps.closed_at,
    closing_events.matching_kb_events
from gaps
inner join closing_events
    on gaps.gap_id = closing_events.gap_id
where gaps.closed_at <= gaps.first_seen_at
    or gaps.closed_at <= gaps.last_seen_at
    or closing_events.matching_kb_events = 0
