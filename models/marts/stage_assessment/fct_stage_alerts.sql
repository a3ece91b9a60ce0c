{%- set double = supportmetrics.type_double() %}
{%- set txt = dbt.type_string() %}
{%- set min_volume = var('alert_min_daily_volume') %}

with

daily as (

    select * from {{ ref('fct_resolution_quality_daily') }}

),

csat_gap as (

    select * from {{ ref('fct_csat_gap') }}
    where period_grain = 'week'
        and slice_dimension = 'overall'

),

periods as (

    select * from {{ ref('dim_stage_assessment_periods') }}

),

data_bounds as (

    select max(last_data_date) as last_data_date
    from periods

),

daily_series as (

    select
        created_date as alert_date,
        'overall' as scope,
        sum(ai_involved_conversations) as ai_involved_conversations,
        sum(escalated_conversations) as escalated_conversations,
        sum(judged_ai_involved_conversations) as judged_ai_involved_conversations,
        sum(truly_resolved_conversations) as truly_resolved_conversations
    from daily
    group by 1, 2

    union all

    select
        created_date as alert_date,
        'intent:' || coalesce(intent, 'unknown') as scope,
        sum(ai_involved_conversations) as ai_involved_conversations,
        sum(escalated_conversations) as escalated_conversations,
        sum(judged_ai_involved_conversations) as judged_ai_involved_conversations,
        sum(truly_resolved_conversations) as truly_resolved_conversations
    from daily
    group by 1, 2

),

with_trailing as (

    select
        current_day.alert_date,
        current_day.scope,
        current_day.ai_involved_conversations,
        current_day.escalated_conversations,
        current_day.judged_ai_involved_conversations,
        current_day.truly_resolved_conversations,
        coalesce(sum(trailing_day.ai_involved_conversations), 0) as trailing_ai_involved_conversations,
        coalesce(sum(trailing_day.escalated_conversations), 0) as trailing_escalated_conversations,
        coalesce(sum(trailing_day.judged_ai_involved_conversations), 0) as trailing_judged_ai_involved_conversations,
        coalesce(sum(trailing_day.truly_resolved_conversations), 0) as trailing_truly_resolved_conversations
    from daily_series as current_day
    left join daily_series as trailing_day
        on current_day.scope = trailing_day.scope
            and trailing_day.alert_date >= {{ dbt.dateadd('day', -1 * var('alert_trailing_days'), 'current_day.alert_date') }}
            and trailing_day.alert_date < current_day.alert_date
    group by 1, 2, 3, 4, 5, 6

),

rates as (

    select
        with_trailing.*,
        cast(escalated_conversations as {{ double }}) / nullif(ai_involved_conversations, 0) as escalation_rate,
        cast(trailing_escalated_conversations as {{ double }})
        / nullif(trailing_ai_involved_conversations, 0) as trailing_escalation_rate,
        cast(truly_resolved_conversations as {{ double }})
        / nullif(judged_ai_involved_conversations, 0) as true_resolution_rate,
        cast(trailing_truly_resolved_conversations as {{ double }})
        / nullif(trailing_judged_ai_involved_conversations, 0) as trailing_true_resolution_rate
    from with_trailing

),

escalation_alerts as (

    select
        alert_date,
        'escalation_rate' as metric,
        scope,
        escalation_rate as metric_value,
        trailing_escalation_rate as baseline_value,
        escalation_rate / trailing_escalation_rate as change_value,
        'ratio' as change_unit,
        cast({{ var('alert_escalation_spike_multiplier') }} as {{ double }}) as alert_threshold,
        ai_involved_conversations as volume,
        trailing_ai_involved_conversations as baseline_volume,
        case
            when escalation_rate >= {{ var('alert_escalation_critical_multiplier') }} * trailing_escalation_rate then 'critical'
            else 'warning'
        end as severity
    from rates
    where scope = 'overall'
        and ai_involved_conversations >= {{ min_volume }}
        and trailing_ai_involved_conversations >= {{ min_volume }}
        and trailing_escalation_rate > 0
        and escalation_rate >= {{ var('alert_escalation_spike_multiplier') }} * trailing_escalation_rate

),

resolution_alerts as (

    select
        alert_date,
        'true_resolution_rate' as metric,
        scope,
        true_resolution_rate as metric_value,
        trailing_true_resolution_rate as baseline_value,
        100 * (true_resolution_rate - trailing_true_resolution_rate) as change_value,
        'points' as change_unit,
        cast(-1 * {{ var('alert_true_resolution_drop_points') }} as {{ double }}) as alert_threshold,
        judged_ai_involved_conversations as volume,
        trailing_judged_ai_involved_conversations as baseline_volume,
        case
            when 100 * (trailing_true_resolution_rate - true_resolution_rate)
                >= {{ var('alert_true_resolution_critical_drop_points') }} then 'critical'
            else 'warning'
        end as severity
    from rates
    where judged_ai_involved_conversations >= {{ min_volume }}
        and trailing_judged_ai_involved_conversations >= {{ min_volume }}
        and 100 * (trailing_true_resolution_rate - true_resolution_rate) >= {{ var('alert_true_resolution_drop_points') }}

),

weekly as (

    select
        csat_gap.period_start as week_start,
        csat_gap.ai_involved_responses,
        csat_gap.ai_involved_satisfied_rate,
        lag(csat_gap.period_start, 1) over (order by csat_gap.period_start) as previous_week_start,
        lag(csat_gap.ai_involved_satisfied_rate, 1) over (order by csat_gap.period_start) as previous_rate,
        lag(csat_gap.ai_involved_responses, 1) over (order by csat_gap.period_start) as previous_responses,
        lag(csat_gap.period_start, 2) over (order by csat_gap.period_start) as base_week_start,
        lag(csat_gap.ai_involved_satisfied_rate, 2) over (order by csat_gap.period_start) as base_rate,
        lag(csat_gap.ai_involved_responses, 2) over (order by csat_gap.period_start) as base_responses
    from csat_gap
    cross join data_bounds
    where {{ dbt.dateadd('day', 6, 'csat_gap.period_start') }} <= data_bounds.last_data_date

),

csat_alerts as (

    select
        cast({{ dbt.dateadd('day', 6, 'week_start') }} as date) as alert_date,
        'ai_csat_satisfied_rate' as metric,
        'overall' as scope,
        ai_involved_satisfied_rate as metric_value,
        base_rate as baseline_value,
        100 * (ai_involved_satisfied_rate - base_rate) as change_value,
        'points' as change_unit,
        cast(0 as {{ double }}) as alert_threshold,
        ai_involved_responses as volume,
        base_responses as baseline_volume,
        case
            when 100 * (base_rate - ai_involved_satisfied_rate) >= {{ var('alert_csat_critical_drop_points') }} then 'critical'
            else 'warning'
        end as severity
    from weekly
    where previous_week_start = cast({{ dbt.dateadd('day', -7, 'week_start') }} as date)
        and base_week_start = cast({{ dbt.dateadd('day', -14, 'week_start') }} as date)
        and ai_involved_responses >= {{ var('alert_min_weekly_csat_responses') }}
        and previous_responses >= {{ var('alert_min_weekly_csat_responses') }}
        and base_responses >= {{ var('alert_min_weekly_csat_responses') }}
        and ai_involved_satisfied_rate < previous_rate
        and previous_rate < base_rate

),

unioned as (

    select * from escalation_alerts
    union all
    select * from resolution_alerts
    union all
    select * from csat_alerts

),

final as (

    select
        metric || '|' || scope || '|' || cast(alert_date as {{ txt }}) as alert_id,
        cast(alert_date as date) as alert_date,
        metric,
        scope,
        metric_value,
        baseline_value,
        change_value,
        change_unit,
        alert_threshold,
        cast(volume as {{ dbt.type_int() }}) as volume,
        cast(baseline_volume as {{ dbt.type_int() }}) as baseline_volume,
        severity,
        case
            when metric = 'escalation_rate'
                then 'escalation rate ' || cast(round(cast(100 * metric_value as {{ dbt.type_numeric() }}), 1) as {{ txt }})
                    || '% is ' || cast(round(cast(change_value as {{ dbt.type_numeric() }}), 1) as {{ txt }})
                    || 'x its trailing ' || cast({{ var('alert_trailing_days') }} as {{ txt }}) || '-day rate of '
                    || cast(round(cast(100 * baseline_value as {{ dbt.type_numeric() }}), 1) as {{ txt }}) || '%'
            when metric = 'true_resolution_rate'
                then 'true resolution ' || cast(round(cast(100 * metric_value as {{ dbt.type_numeric() }}), 1) as {{ txt }})
                    || '% is ' || cast(round(cast(-1 * change_value as {{ dbt.type_numeric() }}), 1) as {{ txt }})
                    || ' points under its trailing ' || cast({{ var('alert_trailing_days') }} as {{ txt }}) || '-day rate of '
                    || cast(round(cast(100 * baseline_value as {{ dbt.type_numeric() }}), 1) as {{ txt }}) || '%'
            else 'AI CSAT (% satisfied) fell two weeks running: '
                || cast(round(cast(100 * baseline_value as {{ dbt.type_numeric() }}), 1) as {{ txt }}) || '% -> '
                || cast(round(cast(100 * metric_value as {{ dbt.type_numeric() }}), 1) as {{ txt }}) || '%'
        end as alert_message
    from unioned

)

select * from final
