{%- set grains = ['week', 'month'] %}
{{ config(**incremental_grains_config(grains)) }}
{%- set slices = {'overall': "'all'", 'channel': 'channel'} %}
{%- set streams = ['ai_only', 'ai_then_human', 'human_only'] %}

with

-- an incremental run recomputes the weeks and months it can change
-- (macros/incremental_periods.sql): a period depends only on its own conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods_of_grains('created_date', grains) }}

),

streams as (

    {%- for stream in streams %}
        select '{{ stream }}' as stream
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

sliced as (

    {{ supportmetrics.slice_fanout('facts', slices, [
        'handling_path',
        'csat_score',
        'is_csat_satisfied',
    ], grains=grains) }}

),

spine as (

    select
        sliced.period_grain,
        sliced.period_start,
        sliced.slice_dimension,
        sliced.slice_value
    from sliced
    where {{ in_incremental_grain_rows(grains) }}
    group by 1, 2, 3, 4

),

aggregated as (

    select
        sliced.period_grain,
        sliced.period_start,
        sliced.slice_dimension,
        sliced.slice_value,
        streams.stream,
        count(*) as conversations,
        count(sliced.csat_score) as responses,
        count(case when sliced.is_csat_satisfied then 1 end) as satisfied_responses,
        cast(sum(sliced.csat_score) as {{ dbt.type_bigint() }}) as score_sum
    from sliced
    inner join streams
        on sliced.handling_path = streams.stream
    where {{ in_incremental_grain_rows(grains) }}
    group by 1, 2, 3, 4, 5

),

final as (

    select
        spine.period_grain,
        spine.period_start,
        spine.slice_dimension,
        spine.slice_value,
        streams.stream,
        coalesce(aggregated.conversations, 0) as conversations,
        coalesce(aggregated.responses, 0) as responses,
        coalesce(aggregated.satisfied_responses, 0) as satisfied_responses,
        cast(aggregated.responses as {{ supportmetrics.type_double() }})
        / nullif(aggregated.conversations, 0) as response_rate,
        cast(aggregated.satisfied_responses as {{ supportmetrics.type_double() }})
        / nullif(aggregated.responses, 0) as csat_satisfied_rate,
        cast(aggregated.score_sum as {{ supportmetrics.type_double() }})
        / nullif(aggregated.responses, 0) as csat_mean,
        case when coalesce(aggregated.responses, 0) = 0 then 'no_responses' end as csat_missing_reason
    from spine
    cross join streams
    left join aggregated
        on spine.period_grain = aggregated.period_grain
            and spine.period_start = aggregated.period_start
            and spine.slice_dimension = aggregated.slice_dimension
            and spine.slice_value = aggregated.slice_value
            and streams.stream = aggregated.stream

)

select * from final
