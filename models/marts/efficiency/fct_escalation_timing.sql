{{ config(**incremental_period_config('period_start', 'month')) }}
{%- set slices = {'overall': "'all'", 'channel': 'channel', 'intent': 'intent'} %}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql):
-- a month depends only on its own conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_date', 'month') }}

),

handoffs as (

    select * from {{ ref('int_handoffs') }}

),

first_handoffs as (

    select
        conversation_id,
        is_implicit,
        ai_turns_before_handoff,
        seconds_before_handoff
    from handoffs
    where is_first_handoff

),

conversations as (

    select
        facts.created_date,
        facts.channel,
        facts.intent,
        facts.is_ai_involved,
        facts.is_escalated,
        facts.is_escalated and first_handoffs.conversation_id is not null as is_timed_escalation,
        facts.is_escalated and coalesce(first_handoffs.is_implicit, false) as is_implicit_escalation,
        case when facts.is_escalated then first_handoffs.ai_turns_before_handoff end as ai_turns_before_handoff,
        case when facts.is_escalated then first_handoffs.seconds_before_handoff end as seconds_before_handoff
    from facts
    left join first_handoffs
        on facts.conversation_id = first_handoffs.conversation_id

),

sliced as (

    {{ supportmetrics.slice_fanout('conversations', slices, [
        'is_ai_involved',
        'is_escalated',
        'is_timed_escalation',
        'is_implicit_escalation',
        'ai_turns_before_handoff',
        'seconds_before_handoff',
    ], grains=['month']) }}

),

aggregated as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        count(*) as conversations,
        count(case when is_ai_involved then 1 end) as ai_involved_conversations,
        count(case when is_escalated then 1 end) as escalated_conversations,
        count(case when is_timed_escalation then 1 end) as timed_escalations,
        count(case when is_implicit_escalation then 1 end) as implicit_escalations,
        avg(cast(ai_turns_before_handoff as {{ supportmetrics.type_double() }})) as avg_ai_turns_before_handoff,
        {{ supportmetrics.median('ai_turns_before_handoff') }} as median_ai_turns_before_handoff,
        {{ supportmetrics.percentile('ai_turns_before_handoff', 0.9) }} as p90_ai_turns_before_handoff,
        {{ supportmetrics.median('seconds_before_handoff') }} as median_seconds_before_handoff,
        {{ supportmetrics.percentile('seconds_before_handoff', 0.9) }} as p90_seconds_before_handoff
    from sliced
    group by 1, 2, 3, 4

),

final as (

    select
        aggregated.*,
        cast(escalated_conversations as {{ supportmetrics.type_double() }})
        / nullif(ai_involved_conversations, 0) as escalation_rate
    from aggregated

)

select * from final
