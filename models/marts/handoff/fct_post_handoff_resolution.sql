{{ config(**incremental_period_config('period_start', 'month')) }}
{%- set slices = {'overall': "'all'", 'intent': 'intent'} %}

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
        handoff_to_resolution_seconds
    from handoffs
    where is_first_handoff

),

measured as (

    select
        facts.created_date,
        facts.intent,
        case
            when facts.is_escalated and first_handoffs.handoff_to_resolution_seconds >= 0
                then first_handoffs.handoff_to_resolution_seconds
        end as post_handoff_resolution_seconds,
        case
            when facts.handling_path = 'human_only'
                then {{ dbt.datediff('coalesce(facts.first_customer_message_at, facts.created_at)', 'facts.resolved_at', 'second') }}
        end as human_direct_resolution_seconds
    from facts
    left join first_handoffs
        on facts.conversation_id = first_handoffs.conversation_id

),

sliced as (

    {{ supportmetrics.slice_fanout('measured', slices, [
        'post_handoff_resolution_seconds',
        'human_direct_resolution_seconds',
    ], grains=['month']) }}

),

aggregated as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        count(post_handoff_resolution_seconds) as post_handoff_resolved_conversations,
        {{ supportmetrics.median('post_handoff_resolution_seconds') }} as median_post_handoff_resolution_seconds,
        {{ supportmetrics.percentile('post_handoff_resolution_seconds', 0.9) }} as p90_post_handoff_resolution_seconds,
        count(human_direct_resolution_seconds) as human_direct_resolved_conversations,
        {{ supportmetrics.median('human_direct_resolution_seconds') }} as median_human_direct_resolution_seconds,
        {{ supportmetrics.percentile('human_direct_resolution_seconds', 0.9) }} as p90_human_direct_resolution_seconds
    from sliced
    group by 1, 2, 3, 4

),

final as (

    select
        aggregated.*,
        slice_dimension = 'intent' as is_same_intent_comparison,
        median_post_handoff_resolution_seconds - median_human_direct_resolution_seconds
            as median_resolution_difference_seconds,
        median_post_handoff_resolution_seconds
        / nullif(median_human_direct_resolution_seconds, 0) as post_handoff_vs_human_direct_ratio,
        case
            when post_handoff_resolved_conversations = 0 then 'no_resolved_handoffs'
            when human_direct_resolved_conversations = 0 then 'no_resolved_human_direct_conversations'
            when median_human_direct_resolution_seconds = 0 then 'human_direct_median_is_zero'
        end as comparison_missing_reason
    from aggregated

)

select * from final
