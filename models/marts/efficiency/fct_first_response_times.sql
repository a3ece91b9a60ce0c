{%- set slices = {'overall': "'all'", 'channel': 'channel'} %}
{%- set paths = ['handling_path', "'all'"] %}

{{ config(**incremental_period_config('period_start', 'month')) }}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql):
-- a month depends only on its own conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_date', 'month') }}

),

durations as (

    select
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start,
        channel,
        handling_path,
        first_response_seconds,
        {{ dbt.datediff('coalesce(first_customer_message_at, created_at)', 'first_human_response_at', 'second') }}
            as first_human_response_seconds,
        {{ dbt.datediff('coalesce(first_customer_message_at, created_at)', 'resolved_at', 'second') }}
            as resolution_seconds
    from facts

),

sliced as (

    {{ supportmetrics.slice_fanout('durations', slices, [
        'period_start',
        'first_response_seconds',
        'first_human_response_seconds',
        'resolution_seconds',
    ], cross={'handling_path': paths}) }}

),

final as (

    select
        'month' as period_grain,
        period_start,
        slice_dimension,
        slice_value,
        handling_path,
        count(*) as conversations,
        count(first_response_seconds) as responded_conversations,
        {{ supportmetrics.median('first_response_seconds') }} as median_first_response_seconds,
        {{ supportmetrics.percentile('first_response_seconds', 0.9) }} as p90_first_response_seconds,
        count(first_human_response_seconds) as human_responded_conversations,
        {{ supportmetrics.median('first_human_response_seconds') }} as median_first_human_response_seconds,
        {{ supportmetrics.percentile('first_human_response_seconds', 0.9) }} as p90_first_human_response_seconds,
        count(resolution_seconds) as resolved_conversations,
        {{ supportmetrics.median('resolution_seconds') }} as median_resolution_seconds,
        {{ supportmetrics.percentile('resolution_seconds', 0.9) }} as p90_resolution_seconds
    from sliced
    group by 1, 2, 3, 4, 5

)

select * from final
