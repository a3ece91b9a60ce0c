{%- set slices = {'overall': "'all'", 'channel': 'channel', 'handling_path': 'handling_path'} %}
{%- set trajectories = ['improved', 'worsened', 'stable', 'recovered'] %}
{%- set double = supportmetrics.type_double() %}

with

experience as (

    select * from {{ ref('fct_conversation_experience') }}

),

sliced as (

    {%- for slice_dimension, slice_expression in slices.items() %}

        select
            cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start,
            '{{ slice_dimension }}' as slice_dimension,
            cast({{ slice_expression }} as {{ dbt.type_string() }}) as slice_value,
            sentiment_trajectory,
            sentiment_trajectory != 'not_measurable' as is_measurable,
            is_started_negative,
            last_customer_sentiment_source,
            sentiment_change
        from experience
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

aggregated as (

    select
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
    group by 1, 2, 3

),

final as (

    select
        'month' as period_grain,
        aggregated.*,
        {%- for trajectory in trajectories %}
            cast({{ trajectory }}_conversations as {{ double }}) / nullif(measurable_conversations, 0) as {{ trajectory }}_rate,
        {%- endfor %}
        cast(recovered_conversations as {{ double }}) / nullif(started_negative_conversations, 0) as recovery_rate,
        case when measurable_conversations = 0 then 'no_measurable_conversations' end as sentiment_missing_reason
    from aggregated

)

select * from final
