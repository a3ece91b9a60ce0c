{%- set txt = dbt.type_string() %}
{%- set pct = "cast(round(cast(100 * {x} as " ~ dbt.type_numeric() ~ "), 1) as " ~ txt ~ ") || '%'" %}
{%- set pts = "cast(round(cast({x} as " ~ dbt.type_numeric() ~ "), 1) as " ~ txt ~ ") || ' pts'" %}

with

scorecard as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('rpt_pilot_scorecard') }}

),

weekly as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('fct_pilot_weekly_metrics') }}

),

pilot_targets as (

    select * from {{ ref('pilot_targets') }}
    where target_kind = 'decision'

),

thresholds as (

    select
        max(case when metric = 'scale_min_response_accuracy' then target_min end) as scale_min_response_accuracy,
        max(case when metric = 'adjust_min_response_accuracy' then target_min end) as adjust_min_response_accuracy,
        max(case when metric = 'overhaul_min_csat_ai_vs_human_points' then target_min end)
            as overhaul_min_csat_ai_vs_human_points,
        max(case when metric = 'csat_steady_min_change_points' then target_min end) as csat_steady_min_change_points
    from pilot_targets

),

inputs as (

    select
        max(case when metric = 'response_accuracy' then week_4_value end) as response_accuracy_week_4,
        max(case when metric = 'response_accuracy' then week_4_basis end) as response_accuracy_week_4_basis,
        max(case when metric = 'response_accuracy' then week_4_missing_reason end) as response_accuracy_week_4_missing_reason,
        max(case when metric = 'response_accuracy' then week_4_n end) as response_accuracy_week_4_n,
        max(case when metric = 'csat_ai_vs_human_points' then week_4_value end) as csat_ai_vs_human_points_week_4,
        max(case when metric = 'csat_satisfied_rate' then week_1_value end) as csat_satisfied_rate_week_1,
        max(case when metric = 'csat_satisfied_rate' then week_4_value end) as csat_satisfied_rate_week_4,
        min(case when is_pilot_complete then 1 else 0 end) = 1 as is_pilot_complete
    from scorecard

),

roi as (

    select
        sum(numerator) as hours_saved_value_usd,
        sum(denominator) as tool_cost_usd,
        sum(case when missing_reason is not null then 1 else 0 end) as weeks_missing,
        max(missing_reason) as roi_missing_reason
    from weekly
    where metric = 'roi_multiple'

),

hours as (

    select sum(metric_value) as agent_hours_saved
    from weekly
    where metric = 'agent_hours_saved'

),

judged as (

    select
        inputs.*,
        thresholds.*,
        100 * (inputs.csat_satisfied_rate_week_4 - inputs.csat_satisfied_rate_week_1) as csat_change_points,
        100 * (inputs.csat_satisfied_rate_week_4 - inputs.csat_satisfied_rate_week_1)
        >= thresholds.csat_steady_min_change_points as is_csat_steady
    from inputs
    cross join thresholds

),

decided as (

    select
        judged.*,
        case
            when response_accuracy_week_4 is null then 'insufficient_data'
            -- a decision is not taken on fewer reviews (or drafts) than the minimum n
            when response_accuracy_week_4_n < {{ var('pilot_min_week_4_accuracy_n') }} then 'insufficient_data'
            when response_accuracy_week_4 < adjust_min_response_accuracy then 'overhaul'
            when csat_ai_vs_human_points_week_4 < overhaul_min_csat_ai_vs_human_points then 'overhaul'
            when response_accuracy_week_4 >= scale_min_response_accuracy and coalesce(is_csat_steady, false) then 'scale'
            else 'adjust'
        end as decision
    from judged

),

ruled as (

    select
        decided.*,
        case
            when decision = 'insufficient_data' and response_accuracy_week_4 is null
                then 'week-4 response accuracy is missing (' || coalesce(response_accuracy_week_4_missing_reason, 'no value') || ')'
            when decision = 'insufficient_data'
                then 'week-4 response accuracy ' || {{ pct.format(x='response_accuracy_week_4') }} || ' rests on n = '
                    || cast(cast(response_accuracy_week_4_n as {{ dbt.type_bigint() }}) as {{ txt }}) || ', needs {{ var('pilot_min_week_4_accuracy_n') }}'
            when decision = 'overhaul' and response_accuracy_week_4 < adjust_min_response_accuracy
                then 'week-4 response accuracy ' || {{ pct.format(x='response_accuracy_week_4') }}
                    || ' < ' || {{ pct.format(x='adjust_min_response_accuracy') }}
            when decision = 'overhaul'
                then 'week-4 AI CSAT is ' || {{ pts.format(x='-1 * csat_ai_vs_human_points_week_4') }}
                    || ' under the human score (more than ' || {{ pts.format(x='-1 * overhaul_min_csat_ai_vs_human_points') }} || ')'
            when decision = 'scale'
                then 'week-4 response accuracy ' || {{ pct.format(x='response_accuracy_week_4') }}
                    || ' >= ' || {{ pct.format(x='scale_min_response_accuracy') }}
                    || ' and CSAT steady or better (week 4 vs week 1: ' || {{ pts.format(x='csat_change_points') }}
                    || ' >= ' || {{ pts.format(x='csat_steady_min_change_points') }} || ')'
            when response_accuracy_week_4 >= scale_min_response_accuracy
                then 'week-4 response accuracy ' || {{ pct.format(x='response_accuracy_week_4') }}
                    || ' >= ' || {{ pct.format(x='scale_min_response_accuracy') }} || ' but CSAT is not steady (week 4 vs week 1: '
                    || {{ supportmetrics.unknown_if_null(pts.format(x='csat_change_points')) }} || ', needs >= '
                    || {{ pts.format(x='csat_steady_min_change_points') }} || ')'
            else 'week-4 response accuracy ' || {{ pct.format(x='response_accuracy_week_4') }} || ' is between '
                || {{ pct.format(x='adjust_min_response_accuracy') }} || ' and ' || {{ pct.format(x='scale_min_response_accuracy') }}
        end as decision_rule
    from decided

),

final as (

    select
        ruled.decision,
        ruled.decision_rule,
        ruled.response_accuracy_week_4,
        ruled.response_accuracy_week_4_basis,
        ruled.response_accuracy_week_4_n,
        ruled.csat_ai_vs_human_points_week_4,
        ruled.csat_satisfied_rate_week_1,
        ruled.csat_satisfied_rate_week_4,
        ruled.csat_change_points,
        ruled.is_csat_steady,
        ruled.scale_min_response_accuracy,
        ruled.adjust_min_response_accuracy,
        ruled.overhaul_min_csat_ai_vs_human_points,
        ruled.csat_steady_min_change_points,
        hours.agent_hours_saved,
        roi.hours_saved_value_usd,
        roi.tool_cost_usd,
        case when roi.weeks_missing = 0 then roi.hours_saved_value_usd / nullif(roi.tool_cost_usd, 0) end as roi_multiple,
        case when roi.weeks_missing > 0 then roi.roi_missing_reason end as roi_missing_reason,
        ruled.is_pilot_complete
    from ruled
    cross join roi
    cross join hours
    -- no pilot (var pilot_start_date not set): the scorecard is empty and so is the decision
    where exists (select 1 from scorecard)

)

select * from final
