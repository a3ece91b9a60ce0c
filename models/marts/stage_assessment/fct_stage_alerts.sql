{%- set double = supportmetrics.type_double() %}
{%- set txt = dbt.type_string() %}
{%- set k = var('alert_control_limit_sigma') %}
{%- set k_critical = var('alert_critical_control_limit_sigma') %}
{%- set min_baseline = var('alert_min_baseline_volume') %}
{#- the control-limit alerts: a rate of successes / trials, firing above its upper or below its lower limit -#}
{%- set control_metrics = [
    {'metric': 'escalation_rate', 'successes': 'escalated_conversations', 'trials': 'ai_involved_conversations',
     'change_unit': 'ratio', 'fires_when': 'above_upper'},
    {'metric': 'true_resolution_rate', 'successes': 'truly_resolved_conversations', 'trials': 'judged_ai_involved_conversations',
     'change_unit': 'points', 'fires_when': 'below_lower'},
] %}
{%- set volumes = [] %}
{%- for m in control_metrics %}{%- do volumes.extend([m.trials, m.successes]) %}{%- endfor %}

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

displacement as (

    select * from {{ ref('fct_channel_displacement') }}

),

data_bounds as (

    select max(last_data_date) as last_data_date
    from periods

),

daily_series as (

    {%- for scope in ["'overall'", "'intent:' || " ~ supportmetrics.unknown_if_null('intent')] %}
        select
            {%- for column in volumes %}
                sum({{ column }}) as {{ column }},
            {%- endfor %}
            created_date as alert_date,
            {{ scope }} as scope
        from daily
        group by {{ volumes | length + 1 }}, {{ volumes | length + 2 }}
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

with_trailing as (

    select
        current_day.alert_date,
        current_day.scope,
        {%- for column in volumes %}
            current_day.{{ column }},
            coalesce(sum(trailing_day.{{ column }}), 0) as trailing_{{ column }},
        {%- endfor %}
        case
            when current_day.scope = 'overall' then {{ var('alert_min_daily_volume') }}
            else {{ var('alert_min_intent_daily_volume') }}
        end as min_daily_volume
    from daily_series as current_day
    left join daily_series as trailing_day
        on current_day.scope = trailing_day.scope
            and trailing_day.alert_date >= {{ dbt.dateadd('day', -1 * var('alert_trailing_days'), 'current_day.alert_date') }}
            and trailing_day.alert_date < current_day.alert_date
    group by 1, 2, {{ range(3, 3 + 2 * (volumes | length), 2) | join(', ') }}

),

judged as (

    -- one branch per control-limit metric: the day's rate against p0 -/+ k * sqrt(p0 (1 - p0) / n)
    {%- for m in control_metrics %}
        {%- set rate = 'cast(' ~ m.successes ~ ' as ' ~ double ~ ') / nullif(' ~ m.trials ~ ', 0)' %}
        {%- set p0 = 'cast(trailing_' ~ m.successes ~ ' as ' ~ double ~ ') / nullif(trailing_' ~ m.trials ~ ', 0)' %}
        {%- set se = supportmetrics.binomial_standard_error('(' ~ p0 ~ ')', m.trials) %}
        select
            alert_date,
            '{{ m.metric }}' as metric,
            scope,
            {{ rate }} as metric_value,
            {{ p0 }} as baseline_value,
            {%- if m.change_unit == 'ratio' %}
                ({{ rate }}) / ({{ p0 }}) as change_value,
                'ratio' as change_unit,
                (({{ p0 }}) + {{ k }} * {{ se }}) / ({{ p0 }}) as alert_threshold,
            {%- else %}
                100 * (({{ rate }}) - ({{ p0 }})) as change_value,
                'points' as change_unit,
                -100 * {{ k }} * {{ se }} as alert_threshold,
            {%- endif %}
            {{ m.trials }} as volume,
            trailing_{{ m.trials }} as baseline_volume,
            ({{ p0 }}) - {{ k }} * {{ se }} as lower_control_limit,
            ({{ p0 }}) + {{ k }} * {{ se }} as upper_control_limit,
            (({{ rate }}) - ({{ p0 }})) / {{ se }} as control_limit_z,
            '{{ m.fires_when }}' as fires_when
        from with_trailing
        where {{ m.trials }} >= min_daily_volume
            and trailing_{{ m.trials }} >= {{ min_baseline }}
            and trailing_{{ m.successes }} > 0
            and trailing_{{ m.successes }} < trailing_{{ m.trials }}
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

control_alerts as (

    select
        alert_date,
        metric,
        scope,
        metric_value,
        baseline_value,
        change_value,
        change_unit,
        alert_threshold,
        volume,
        baseline_volume,
        case when abs(control_limit_z) >= {{ k_critical }} then 'critical' else 'warning' end as severity,
        lower_control_limit,
        upper_control_limit,
        control_limit_z
    from judged
    where (fires_when = 'above_upper' and metric_value > upper_control_limit)
        or (fires_when = 'below_lower' and metric_value < lower_control_limit)

),

weekly as (

    select
        csat_gap.period_start as week_start,
        csat_gap.ai_involved_responses,
        csat_gap.ai_only_satisfied_responses + csat_gap.ai_then_human_satisfied_responses as ai_involved_satisfied_responses,
        csat_gap.ai_involved_satisfied_rate,
        lag(csat_gap.period_start, 1) over (order by csat_gap.period_start) as previous_week_start,
        lag(csat_gap.ai_involved_satisfied_rate, 1) over (order by csat_gap.period_start) as previous_rate,
        lag(csat_gap.ai_involved_responses, 1) over (order by csat_gap.period_start) as previous_responses,
        lag(csat_gap.period_start, 2) over (order by csat_gap.period_start) as base_week_start,
        lag(csat_gap.ai_involved_satisfied_rate, 2) over (order by csat_gap.period_start) as base_rate,
        lag(csat_gap.ai_involved_responses, 2) over (order by csat_gap.period_start) as base_responses,
        lag(csat_gap.ai_only_satisfied_responses + csat_gap.ai_then_human_satisfied_responses, 2)
            over (order by csat_gap.period_start) as base_satisfied_responses
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
        end as severity,
        cast(null as {{ double }}) as lower_control_limit,
        cast(null as {{ double }}) as upper_control_limit,
        cast(null as {{ double }}) as control_limit_z
    from weekly
    where previous_week_start = cast({{ dbt.dateadd('day', -7, 'week_start') }} as date)
        and base_week_start = cast({{ dbt.dateadd('day', -14, 'week_start') }} as date)
        and ai_involved_responses >= {{ var('alert_min_weekly_csat_responses') }}
        and previous_responses >= {{ var('alert_min_weekly_csat_responses') }}
        and base_responses >= {{ var('alert_min_weekly_csat_responses') }}
        and ai_involved_satisfied_rate < previous_rate
        and previous_rate < base_rate
        and {{ supportmetrics.diff_proportion_upper(
            'ai_involved_satisfied_responses', 'ai_involved_responses',
            'base_satisfied_responses', 'base_responses') }} < 0

),

displacement_alerts as (

    {{ supportmetrics.channel_displacement_alert_rows('displacement') }}

),

unioned as (

    select * from control_alerts
    union all
    select * from csat_alerts
    union all
    select * from displacement_alerts

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
        {{ supportmetrics.stage_alert_message() }} as alert_message,
        lower_control_limit,
        upper_control_limit,
        control_limit_z
    from unioned

)

select * from final
