{%- set input_metrics = supportmetrics.stage_metric_spec() | map(attribute='metric') | list
    + supportmetrics.stage_derived_metric_spec().values() | list %}
{%- set keys = ['period_type', 'period_start', 'slice_dimension', 'slice_value'] %}
{%- set pivot_columns = [] %}
{%- for metric in input_metrics %}
    {%- do pivot_columns.append("max(case when metric = '" ~ metric ~ "' then metric_value end) as " ~ metric) %}
    {%- do pivot_columns.append("max(case when metric = '" ~ metric ~ "' then missing_reason end) as " ~ metric ~ "_missing_reason") %}
{%- endfor %}

with

checks as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('fct_stage_criteria_checks') }}

),

metric_values as (

    select * from {{ ref('fct_stage_metric_values') }}

),

periods as (

    select * from {{ ref('dim_stage_assessment_periods') }}

),

roi_bands as (

    select * from {{ ref('stage_roi_bands') }}

),

stage_results as (

    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        stage,
        max(stage_name) as stage_name,
        min(case when is_passed then 1 else 0 end) = 1 as is_stage_held
    from checks
    where check_type = 'stage_criterion'
    group by 1, 2, 3, 4, 5

),

assessed as (

    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        coalesce(min(case when not is_stage_held then stage end) - 1, max(stage)) as assessed_stage,
        max(stage) as top_stage
    from stage_results
    group by 1, 2, 3, 4

),

staged as (

    select
        assessed.period_type,
        assessed.period_start,
        assessed.slice_dimension,
        assessed.slice_value,
        assessed.assessed_stage,
        current_stage.stage_name as assessed_stage_name,
        case when assessed.assessed_stage < assessed.top_stage then assessed.assessed_stage + 1 end as next_stage,
        next_stage.stage_name as next_stage_name,
        coalesce(next_stage.is_stage_held, false) as is_next_stage_criteria_met
    from assessed
    left join stage_results as current_stage
        on {{ supportmetrics.same_keys('assessed', 'current_stage', keys) }}
            and assessed.assessed_stage = current_stage.stage
    left join stage_results as next_stage
        on {{ supportmetrics.same_keys('assessed', 'next_stage', keys) }}
            and assessed.assessed_stage + 1 = next_stage.stage

),

advancement_checks as (

    -- the gate out of the assessed stage, then the next stage's own criteria
    select
        staged.period_type,
        staged.period_start,
        staged.slice_dimension,
        staged.slice_value,
        checks.check_type,
        checks.metric,
        checks.is_passed,
        checks.check_text,
        case when checks.check_type = 'gate' then 0 else 1 end as check_order
    from staged
    inner join checks
        on {{ supportmetrics.same_keys('staged', 'checks', keys) }}
            and (
                (checks.check_type = 'gate' and checks.from_stage = staged.assessed_stage)
                or (checks.check_type = 'stage_criterion' and checks.stage = staged.next_stage)
            )

),

advancement as (

    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        sum(case when check_type = 'gate' then 1 else 0 end) as next_gate_checks,
        sum(case when check_type = 'gate' and is_passed then 1 else 0 end) as next_gate_checks_passed,
        {{ dbt.listagg(
            "case when check_type = 'gate' and not is_passed then check_text end",
            "'; '",
            "order by check_order, check_text"
        ) }} as blocking_gate_criteria,
        {{ dbt.listagg(
            "case when not is_passed then check_text end",
            "'; '",
            "order by check_order, check_text"
        ) }} as advancement_blockers
    from advancement_checks
    group by 1, 2, 3, 4

),

needed_inputs as (

    -- inputs the current stage needs: its own (cumulative) criteria and the gate out of it
    select
        staged.period_type,
        staged.period_start,
        staged.slice_dimension,
        staged.slice_value,
        checks.metric,
        max(checks.missing_reason) as missing_reason
    from staged
    inner join checks
        on {{ supportmetrics.same_keys('staged', 'checks', keys) }}
            and (
                (checks.check_type = 'gate' and checks.from_stage = staged.assessed_stage)
                or (checks.check_type = 'stage_criterion' and checks.stage <= staged.assessed_stage)
            )
    where checks.is_missing
    group by 1, 2, 3, 4, 5

),

missing as (

    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        count(*) as missing_input_count,
        {{ dbt.listagg(
            "metric || ' (' || coalesce(missing_reason, 'no value') || ')'",
            "'; '",
            "order by metric"
        ) }} as missing_inputs
    from needed_inputs
    group by 1, 2, 3, 4

),

inputs as (

    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        {{ pivot_columns | join(',\n        ') }}
    from metric_values
    group by 1, 2, 3, 4

),

final as (

    select
        staged.period_type,
        staged.period_start,
        periods.period_end,
        periods.period_days,
        periods.is_complete,
        periods.is_latest_complete_month,
        periods.is_latest_trailing,
        staged.slice_dimension,
        staged.slice_value,
        {%- for metric in input_metrics %}
            inputs.{{ metric }},
            inputs.{{ metric }}_missing_reason,
        {%- endfor %}
        staged.assessed_stage,
        staged.assessed_stage_name,
        staged.next_stage,
        staged.next_stage_name,
        coalesce(advancement.next_gate_checks, 0) as next_gate_checks,
        coalesce(advancement.next_gate_checks_passed, 0) as next_gate_checks_passed,
        case
            when staged.next_stage is not null
                then coalesce(advancement.next_gate_checks_passed, 0) = coalesce(advancement.next_gate_checks, 0)
        end as is_next_gate_passed,
        case when staged.next_stage is not null then staged.is_next_stage_criteria_met end as is_next_stage_criteria_met,
        advancement.blocking_gate_criteria,
        case
            when staged.next_stage is null then 'top stage reached'
            else coalesce(advancement.advancement_blockers, 'nothing: every gate and criterion of the next stage holds')
        end as advancement_blockers,
        coalesce(missing.missing_input_count, 0) as missing_input_count,
        missing.missing_inputs,
        roi_bands.roi_source,
        roi_bands.band_low as roi_band_low,
        roi_bands.band_high as roi_band_high,
        roi_bands.band_unit as roi_band_unit,
        roi_bands.band_label as roi_band_label
    from staged
    inner join periods
        on staged.period_type = periods.period_type
            and staged.period_start = periods.period_start
    left join inputs
        on {{ supportmetrics.same_keys('staged', 'inputs', keys) }}
    left join advancement
        on {{ supportmetrics.same_keys('staged', 'advancement', keys) }}
    left join missing
        on {{ supportmetrics.same_keys('staged', 'missing', keys) }}
    left join roi_bands
        on staged.assessed_stage = roi_bands.stage

)

select * from final
