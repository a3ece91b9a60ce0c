{{ config(**incremental_period_config('period_start', 'month')) }}
{%- set slices = {'overall': "'all'", 'channel': 'channel', 'intent': 'intent'} %}
{%- set double = supportmetrics.type_double() %}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql):
-- a month depends only on its own conversations
experience as (

    select * from {{ ref('fct_conversation_experience') }}
    where {{ in_incremental_periods('created_date', 'month') }}

),

sliced as (

    {{ supportmetrics.slice_fanout('experience', slices, [
        'is_ai_involved',
        'is_deflected',
        'is_abandoned',
        'drop_off_turn',
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
        count(case when is_deflected then 1 end) as deflected_conversations,
        count(case when is_abandoned then 1 end) as abandoned_conversations,
        avg(cast(drop_off_turn as {{ double }})) as avg_drop_off_turn,
        {{ supportmetrics.median('drop_off_turn') }} as median_drop_off_turn
    from sliced
    group by 1, 2, 3, 4

),

final as (

    select
        aggregated.*,
        cast(abandoned_conversations as {{ double }}) / nullif(ai_involved_conversations, 0) as abandonment_rate,
        cast(abandoned_conversations as {{ double }}) / nullif(deflected_conversations, 0) as abandoned_share_of_deflected,
        case when ai_involved_conversations = 0 then 'no_ai_involved_conversations' end as abandonment_missing_reason
    from aggregated

)

select * from final
