{{ config(**incremental_period_config('period_start', 'month')) }}
{%- set classes = ['peak', 'off_peak'] %}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql):
-- a month depends only on its own conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_date', 'month') }}

),

bucketed as (

    select
        conversation_id,
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start,
        {{ dbt.date_trunc('hour', 'created_at') }} as created_hour,
        is_ai_involved,
        is_pending_window,
        is_truly_resolved,
        is_solved
    from facts

),

hourly as (

    select
        period_start,
        created_hour,
        count(*) as hourly_volume
    from bucketed
    group by 1, 2

),

thresholds as (

    select
        period_start,
        {{ supportmetrics.percentile('hourly_volume', var('peak_hour_volume_percentile')) }} as peak_hour_volume_threshold
    from hourly
    group by 1

),

classified_hours as (

    select
        hourly.period_start,
        hourly.created_hour,
        hourly.hourly_volume,
        thresholds.peak_hour_volume_threshold,
        case
            when hourly.hourly_volume >= thresholds.peak_hour_volume_threshold then 'peak'
            else 'off_peak'
        end as load_class
    from hourly
    inner join thresholds
        on hourly.period_start = thresholds.period_start

),

classified_conversations as (

    select
        bucketed.period_start,
        classified_hours.load_class,
        bucketed.is_ai_involved,
        bucketed.is_pending_window,
        bucketed.is_truly_resolved,
        bucketed.is_solved
    from bucketed
    inner join classified_hours
        on bucketed.period_start = classified_hours.period_start
            and bucketed.created_hour = classified_hours.created_hour

),

hour_counts as (

    select
        period_start,
        max(peak_hour_volume_threshold) as peak_hour_volume_threshold,
        {%- for class in classes %}
            count(case when load_class = '{{ class }}' then 1 end) as {{ class }}_hours,
        {%- endfor %}
        count(*) as active_hours
    from classified_hours
    group by 1

),

conversation_counts as (

    select
        period_start,
        {%- for class in classes %}
            count(case when load_class = '{{ class }}' then 1 end) as {{ class }}_conversations,
            count(case when load_class = '{{ class }}' and is_ai_involved and not is_pending_window then 1 end)
                as {{ class }}_judged_ai_involved_conversations,
            count(case when load_class = '{{ class }}' and is_truly_resolved then 1 end)
                as {{ class }}_truly_resolved_conversations,
            count(case when load_class = '{{ class }}' and is_solved then 1 end) as {{ class }}_solved_conversations,
        {%- endfor %}
        count(*) as conversations
    from classified_conversations
    group by 1

),

{%- set double = supportmetrics.type_double() %}

rates as (

    select
        'month' as period_grain,
        hour_counts.period_start,
        hour_counts.peak_hour_volume_threshold,
        hour_counts.peak_hours,
        hour_counts.off_peak_hours,
        hour_counts.active_hours,
        {%- for class in classes %}
            conversation_counts.{{ class }}_conversations,
            conversation_counts.{{ class }}_judged_ai_involved_conversations,
            conversation_counts.{{ class }}_truly_resolved_conversations,
            conversation_counts.{{ class }}_solved_conversations,
            cast(conversation_counts.{{ class }}_truly_resolved_conversations as {{ double }})
            / nullif(conversation_counts.{{ class }}_judged_ai_involved_conversations, 0) as {{ class }}_true_resolution_rate,
            cast(conversation_counts.{{ class }}_solved_conversations as {{ double }})
            / nullif(conversation_counts.{{ class }}_conversations, 0) as {{ class }}_solved_rate,
        {%- endfor %}
        conversation_counts.conversations
    from hour_counts
    inner join conversation_counts
        on hour_counts.period_start = conversation_counts.period_start

),

final as (

    select
        rates.*,
        100 * (peak_true_resolution_rate - off_peak_true_resolution_rate) as true_resolution_gap_points,
        100 * (peak_solved_rate - off_peak_solved_rate) as solved_gap_points
    from rates

)

select * from final
