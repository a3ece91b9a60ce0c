{%- set double = supportmetrics.type_double() %}
{%- set counts = [
    'conversations',
    'ai_involved_conversations',
    'deflected_conversations',
    'judged_ai_involved_conversations',
    'truly_resolved_conversations',
] %}

with

daily_counts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_stage_daily_counts') }}

),

window_bounds as (

    -- the last next_steps_window_days days of data, to the latest day with a conversation (from
    -- the first such day when the data are shorter)
    select
        greatest(
            cast({{ dbt.dateadd('day', 1 - var('next_steps_window_days'), 'max(activity_date)') }} as date),
            min(activity_date)
        ) as window_start,
        max(activity_date) as window_end
    from daily_counts
    where conversations > 0

),

per_intent as (

    select
        daily_counts.intent_label as intent,
        {%- for column in counts %}
            sum(daily_counts.{{ column }}) as {{ column }},
        {%- endfor %}
        max(window_bounds.window_start) as window_start,
        max(window_bounds.window_end) as window_end,
        max({{ dbt.datediff('window_bounds.window_start', 'window_bounds.window_end', 'day') }}) + 1 as window_days
    from daily_counts
    inner join window_bounds
        on daily_counts.activity_date >= window_bounds.window_start
            and daily_counts.activity_date <= window_bounds.window_end
    where daily_counts.intent_label is not null
    group by 1
    having sum(daily_counts.conversations) > 0

),

ranked as (

    select
        per_intent.*,
        sum(conversations) over () as window_conversations,
        count(*) over () as window_intents,
        row_number() over (order by conversations desc, intent asc) as volume_rank,
        sum(conversations) over (
            order by conversations desc, intent asc rows between unbounded preceding and current row
        ) as cumulative_conversations
    from per_intent

),

final as (

    select
        intent,
        window_start,
        window_end,
        cast(window_days as {{ dbt.type_int() }}) as window_days,
        cast(volume_rank as {{ dbt.type_int() }}) as volume_rank,
        cast(window_intents as {{ dbt.type_int() }}) as window_intents,
        {%- for column in counts %}
            cast({{ column }} as {{ dbt.type_bigint() }}) as {{ column }},
        {%- endfor %}
        cast(window_conversations as {{ dbt.type_bigint() }}) as window_conversations,
        {{ supportmetrics.proportion('conversations', 'window_conversations') }} as volume_share,
        {{ supportmetrics.proportion('cumulative_conversations', 'window_conversations') }} as cumulative_share,
        -- the head: every intent needed to reach the target share (the one crossing it included)
        {{ supportmetrics.proportion('cumulative_conversations - conversations', 'window_conversations') }}
        < {{ var('intent_pareto_head_share') }} as is_head,
        cast({{ var('intent_pareto_head_share') }} as {{ double }}) as head_share_target,
        {{ supportmetrics.proportion('ai_involved_conversations', 'conversations') }} as ai_coverage_rate,
        {{ supportmetrics.proportion('deflected_conversations', 'conversations') }} as deflection_rate,
        {{ supportmetrics.proportion('truly_resolved_conversations', 'judged_ai_involved_conversations') }}
            as true_resolution_rate
    from ranked

)

select * from final
