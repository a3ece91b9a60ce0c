{%- set double = supportmetrics.type_double() %}

with

metric_values as (

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

evaluated as (

    select
        valued.*,
        metric_value is null as is_missing,
        case
            when metric_value is null then false
            when operator = '>=' then metric_value >= threshold
            when operator = '>' then metric_value > threshold
            when operator = '<=' then metric_value <= threshold
            when operator = '<' then metric_value < threshold
        end as is_passed
    from valued

),

{#- readable numbers: fractions as percentages, points and scores with one decimal -#}
{%- set as_text = "cast(round(cast({x} as " ~ dbt.type_numeric() ~ "), {d}) as " ~ dbt.type_string() ~ ")" %}

formatted as (

    select
        evaluated.*,
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
        end as threshold_text
    from evaluated

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
        || case when is_missing then ', ' || coalesce(missing_reason, 'no value') else '' end as check_text
    from formatted

)

select * from final
