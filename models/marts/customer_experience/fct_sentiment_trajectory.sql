{{ config(**incremental_period_config('period_start', 'month')) }}
{%- set slices = {'overall': "'all'", 'channel': 'channel', 'handling_path': 'handling_path'} %}
{%- set trajectories = ['improved', 'worsened', 'stable', 'recovered'] %}
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
        'sentiment_trajectory',
        "sentiment_trajectory != 'not_measurable' as is_measurable",
        'is_started_negative',
        'last_customer_sentiment_source',
        'sentiment_change',
    ], grains=['month']) }}

),

aggregated as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        count(*) as conversations,
        count(case when is_measurable then 1 end) as measurable_conversations,
        {%- for trajectory in trajectories %}
            count(case when sentiment_trajectory = '{{ trajectory }}' then 1 end) as {{ trajectory }}_conversations,
        {%- endfor %}
        count(case when is_measurable and is_started_negative then 1 end) as started_negative_conversations,
        count(case when is_measurable and last_customer_sentiment_source = 'lexicon' then 1 end)
            as lexicon_scored_conversations,
        avg(case when is_measurable then sentiment_change end) as avg_sentiment_change
    from sliced
    group by 1, 2, 3, 4

),

final as (

    select
        aggregated.*,
        {%- for trajectory in trajectories %}
            cast({{ trajectory }}_conversations as {{ double }}) / nullif(measurable_conversations, 0) as {{ trajectory }}_rate,
        {%- endfor %}
        cast(recovered_conversations as {{ double }}) / nullif(started_negative_conversations, 0) as recovery_rate,
        case when measurable_conversations = 0 then 'no_measurable_conversations' end as sentiment_missing_reason
    from aggregated

)

select * from final
