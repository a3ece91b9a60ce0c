{%- set double = supportmetrics.type_double() %}

with

metric_values as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('fct_stage_metric_values') }}

),

stage_criteria as (

    select * from {{ ref('stage_criteria') }}

),

stage_gates as (

    select * from {{ ref('stage_gates') }}

),

checks as (

    select
        'stage_criterion' as check_type,
        cast(stage as {{ dbt.type_int() }}) as stage,
        cast(null as {{ dbt.type_int() }}) as from_stage,
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(metric as {{ dbt.type_string() }}) as criterion,
        cast(metric as {{ dbt.type_string() }}) as metric,
        cast(operator as {{ dbt.type_string() }}) as operator,
        cast(threshold as {{ double }}) as threshold
    from stage_criteria

    union all

    select
        'gate' as check_type,
        cast(to_stage as {{ dbt.type_int() }}) as stage,
        cast(from_stage as {{ dbt.type_int() }}) as from_stage,
        cast(null as {{ dbt.type_string() }}) as stage_name,
        cast(criterion as {{ dbt.type_string() }}) as criterion,
        cast(metric as {{ dbt.type_string() }}) as metric,
        cast(operator as {{ dbt.type_string() }}) as operator,
        cast(threshold as {{ double }}) as threshold
    from stage_gates

),

assessment_slices as (

    select
        period_type,
        period_start,
        slice_dimension,
        slice_value
    from metric_values
    group by 1, 2, 3, 4

),

spine as (

    select
        assessment_slices.period_type,
        assessment_slices.period_start,
        assessment_slices.slice_dimension,
        assessment_slices.slice_value,
        checks.check_type,
        checks.stage,
        checks.from_stage,
        checks.stage_name,
        checks.criterion,
        checks.metric,
        checks.operator,
        checks.threshold
    from assessment_slices
    cross join checks

),

valued as (

    select
        spine.*,
        metric_values.metric_value,
        metric_values.unit,
        metric_values.n,
        metric_values.min_n,
        metric_values.interval_lower,
        metric_values.interval_upper,
        case
            when metric_values.metric is null then 'unknown_metric'
            else metric_values.missing_reason
        end as missing_reason
    from spine
    left join metric_values
        on spine.period_type = metric_values.period_type
            and spine.period_start = metric_values.period_start
            and spine.slice_dimension = metric_values.slice_dimension
            and spine.slice_value = metric_values.slice_value
            and spine.metric = metric_values.metric

),

{%- set holds = "case operator when '>=' then {v} >= threshold when '>' then {v} > threshold when '<=' then {v} <= threshold when '<' then {v} < threshold end" %}

evaluated as (

    select
        valued.*,
        metric_value is null as is_missing,
        coalesce(min_n is not null and coalesce(n, 0) < min_n, false) as is_below_min_n,
        {{ holds.format(v='metric_value') }} as is_value_passed,
        -- the interval's bound on the side of the threshold that decides
        {{ holds.format(v="case when operator in ('>=', '>') then interval_lower else interval_upper end") }}
            as is_interval_passed,
        {{ holds.format(v="case when operator in ('>=', '>') then interval_upper else interval_lower end") }}
            as is_interval_not_failed
    from valued

),

verdicts as (

    select
        evaluated.*,
        case
            when is_missing or is_below_min_n then 'insufficient_data'
            when is_value_passed then 'pass'
            else 'fail'
        end as verdict
    from evaluated

),

judged as (

    select
        verdicts.*,
        -- the stage never rises on an insufficient criterion: only a pass holds
        verdict = 'pass' as is_passed,
        case
            when verdict = 'insufficient_data' then null
            -- a count has no sampling noise
            when unit = 'count' then 'clear'
            when interval_lower is null or interval_upper is null then null
            when verdict = 'pass' and is_interval_passed then 'clear'
            when verdict = 'fail' and not is_interval_not_failed then 'clear'
            else 'within_noise'
        end as verdict_strength
    from verdicts

),

{#- readable numbers: fractions as percentages, points and scores with one decimal -#}
{%- set as_text = "cast(round(cast({x} as " ~ dbt.type_numeric() ~ "), {d}) as " ~ dbt.type_string() ~ ")" %}

formatted as (

    select
        judged.*,
        case
            when metric_value is null then 'missing'
            when unit = 'fraction' then {{ as_text.format(x='100 * metric_value', d=1) }} || '%'
            when unit = 'points' then {{ as_text.format(x='metric_value', d=1) }} || ' pts'
            when unit = 'count' then {{ as_text.format(x='metric_value', d=0) }}
            else {{ as_text.format(x='metric_value', d=2) }}
        end as value_text,
        case
            when unit = 'fraction' then {{ as_text.format(x='100 * threshold', d=1) }} || '%'
            when unit = 'points' then {{ as_text.format(x='threshold', d=1) }} || ' pts'
            when unit = 'count' then {{ as_text.format(x='threshold', d=0) }}
            else {{ as_text.format(x='threshold', d=2) }}
        end as threshold_text,
        'n = ' || cast(coalesce(n, 0) as {{ dbt.type_string() }}) || ', needs ' || cast(min_n as {{ dbt.type_string() }})
            as n_text
    from judged

),

final as (

    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        check_type,
        stage,
        from_stage,
        stage_name,
        criterion,
        metric,
        operator,
        threshold,
        metric_value,
        unit,
        n,
        min_n,
        interval_lower,
        interval_upper,
        verdict,
        verdict_strength,
        case
            when is_missing then 'insufficient data: missing (' || coalesce(missing_reason, 'no value') || ')'
            when is_below_min_n then 'insufficient data: ' || n_text
            when verdict_strength = 'within_noise' then verdict || ' (within noise)'
            when verdict_strength = 'clear' then verdict || ' (clear)'
            else verdict
        end as verdict_text,
        is_passed,
        is_missing,
        missing_reason,
        value_text,
        threshold_text,
        case
            when check_type = 'gate'
                then 'gate ' || cast(from_stage as {{ dbt.type_string() }}) || '->' || cast(stage as {{ dbt.type_string() }}) || ' '
            else 'stage ' || cast(stage as {{ dbt.type_string() }}) || ' '
        end
        || criterion || ': ' || value_text || ' (needs ' || operator || ' ' || threshold_text || ')'
        || case
            when is_missing then ', ' || coalesce(missing_reason, 'no value')
            when is_below_min_n then ', insufficient data: ' || n_text
            else ''
        end as check_text
    from formatted

)

select * from final
