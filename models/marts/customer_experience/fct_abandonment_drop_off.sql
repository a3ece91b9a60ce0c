{{ config(**incremental_period_config('period_start', 'month')) }}
{%- set slices = {'overall': "'all'", 'intent': 'intent'} %}
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
        'is_abandoned',
        'ai_message_count',
        'drop_off_turn',
    ], grains=['month']) }}

),

abandoned_by_turn as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        drop_off_turn,
        count(*) as abandoned_conversations
    from sliced
    where is_abandoned
    group by 1, 2, 3, 4, 5

),

abandoned_totals as (

    select
        period_start,
        slice_dimension,
        slice_value,
        cast(sum(abandoned_conversations) as {{ dbt.type_bigint() }}) as abandoned_in_slice
    from abandoned_by_turn
    group by 1, 2, 3

),

reached as (

    select
        abandoned_by_turn.period_start,
        abandoned_by_turn.slice_dimension,
        abandoned_by_turn.slice_value,
        abandoned_by_turn.drop_off_turn,
        count(*) as conversations_reaching_turn
    from abandoned_by_turn
    inner join sliced
        on abandoned_by_turn.period_start = sliced.period_start
            and abandoned_by_turn.slice_dimension = sliced.slice_dimension
            and abandoned_by_turn.slice_value = sliced.slice_value
            and sliced.is_ai_involved
            and sliced.ai_message_count >= abandoned_by_turn.drop_off_turn
    group by 1, 2, 3, 4

),

final as (

    select
        abandoned_by_turn.period_grain,
        abandoned_by_turn.period_start,
        abandoned_by_turn.slice_dimension,
        abandoned_by_turn.slice_value,
        abandoned_by_turn.drop_off_turn,
        abandoned_by_turn.abandoned_conversations,
        abandoned_totals.abandoned_in_slice,
        reached.conversations_reaching_turn,
        cast(abandoned_by_turn.abandoned_conversations as {{ double }})
        / nullif(abandoned_totals.abandoned_in_slice, 0) as share_of_abandoned,
        cast(abandoned_by_turn.abandoned_conversations as {{ double }})
        / nullif(reached.conversations_reaching_turn, 0) as drop_off_rate_at_turn
    from abandoned_by_turn
    inner join abandoned_totals
        on abandoned_by_turn.period_start = abandoned_totals.period_start
            and abandoned_by_turn.slice_dimension = abandoned_totals.slice_dimension
            and abandoned_by_turn.slice_value = abandoned_totals.slice_value
    inner join reached
        on abandoned_by_turn.period_start = reached.period_start
            and abandoned_by_turn.slice_dimension = reached.slice_dimension
            and abandoned_by_turn.slice_value = reached.slice_value
            and abandoned_by_turn.drop_off_turn = reached.drop_off_turn

)

select * from final
