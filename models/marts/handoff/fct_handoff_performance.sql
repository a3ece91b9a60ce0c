{{ config(**incremental_period_config('period_start', 'month')) }}
{%- set slices = {
    'overall': "'all'",
    'channel': 'channel',
    'intent': 'intent',
    'trigger': 'handoff_trigger',
} %}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql):
-- a month depends only on its own conversations
handoffs as (

    select * from {{ ref('int_handoffs') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_date', 'month') }}

),

dated as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_date') }} as date) as period_start,
        handoffs.channel,
        handoffs.intent,
        handoffs.handoff_trigger,
        handoffs.is_implicit,
        handoffs.has_context_summary,
        handoffs.has_human_reply,
        handoffs.wait_seconds,
        handoffs.is_context_preserved,
        handoffs.is_customer_asked_to_repeat
    from handoffs
    inner join facts
        on handoffs.conversation_id = facts.conversation_id

),

sliced as (

    {{ supportmetrics.slice_fanout('dated', slices, [
        'period_start',
        'is_implicit',
        'has_context_summary',
        'has_human_reply',
        'wait_seconds',
        'is_context_preserved',
        'is_customer_asked_to_repeat',
    ]) }}

),

aggregated as (

    select
        period_start,
        slice_dimension,
        slice_value,
        count(*) as handoffs,
        count(case when not is_implicit then 1 end) as explicit_handoffs,
        count(case when is_implicit then 1 end) as implicit_handoffs,
        -- counts of the AI's context summary the source cannot carry are null, never 0
        {{ supportmetrics.carried_or_null('count(case when has_context_summary then 1 end)', 'handoffs', 'context_summary') }}
            as context_summary_handoffs,
        count(case when has_human_reply then 1 end) as human_replied_handoffs,
        count(case when not has_human_reply then 1 end) as handoffs_without_human_reply,
        {{ supportmetrics.carried_or_null('count(case when has_human_reply and is_context_preserved then 1 end)',
            'handoffs', 'context_summary') }} as context_preserved_handoffs,
        count(case when has_human_reply and is_customer_asked_to_repeat then 1 end) as customer_repeat_handoffs,
        avg(cast(wait_seconds as {{ supportmetrics.type_double() }})) as avg_wait_seconds,
        {{ supportmetrics.median('wait_seconds') }} as median_wait_seconds,
        {{ supportmetrics.percentile('wait_seconds', 0.9) }} as p90_wait_seconds
    from sliced
    group by 1, 2, 3

),

{%- set double = supportmetrics.type_double() %}

final as (

    select
        'month' as period_grain,
        aggregated.*,
        {%- if supportmetrics.helpdesk_carries('handoffs', 'context_summary') %}
            cast(context_preserved_handoffs as {{ double }}) / nullif(human_replied_handoffs, 0) as context_preservation_rate,
        {%- else %}
            -- the helpdesk source cannot carry the AI's context summary: not computable, never 0
            cast(null as {{ double }}) as context_preservation_rate,
        {%- endif %}
        cast(customer_repeat_handoffs as {{ double }}) / nullif(human_replied_handoffs, 0) as customer_repeat_rate,
        case when human_replied_handoffs = 0 then 'no_human_replied_handoffs' end as handoff_rates_missing_reason
    from aggregated

)

select * from final
