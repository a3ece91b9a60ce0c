{%- set spec = supportmetrics.stage_metric_spec() %}
{%- set rate_metrics = "('" ~ (spec | selectattr('interval', 'equalto', 'wilson') | map(attribute='metric') | join("', '")) ~ "')" %}
{%- set diff_args = [
    'metric_values.numerator', 'metric_values.denominator', 'previous_values.numerator', 'previous_values.denominator',
] %}
{%- set change_args = [
    'metric_values.metric_value', 'metric_values.interval_lower', 'metric_values.interval_upper',
    'previous_values.metric_value', 'previous_values.interval_lower', 'previous_values.interval_upper',
] %}

with

assessment as (

    select * from {{ ref('fct_stage_assessment') }}
    where slice_dimension = 'overall'
        and (is_latest_complete_month or is_latest_trailing)

),

metric_values as (

    select * from {{ ref('fct_stage_metric_values') }}
    where slice_dimension = 'overall'

),

periods as (

    select * from {{ ref('dim_stage_assessment_periods') }}

),

benchmarks as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('stage_benchmarks') }}

),

headline_metrics as (

    select metric
    from benchmarks
    group by 1

),

joined as (

    select
        assessment.period_type,
        assessment.period_start,
        assessment.period_end,
        assessment.is_complete,
        assessment.assessed_stage,
        assessment.assessed_stage_name,
        assessment.next_stage,
        headline_metrics.metric,
        metric_values.unit,
        metric_values.metric_value,
        metric_values.missing_reason,
        metric_values.value_basis,
        metric_values.n,
        metric_values.min_n,
        metric_values.interval_lower,
        metric_values.interval_upper,
        previous_values.metric_value as previous_metric_value,
        -- the change vs the previous period of the same type: a rate's Newcombe interval, a count's
        -- exact change, else the MOVER interval from the two periods' intervals (null without them)
        case
            when metric_values.metric in {{ rate_metrics }} then {{ supportmetrics.diff_proportion_lower(*diff_args) }}
            when metric_values.unit = 'count' then metric_values.metric_value - previous_values.metric_value
            else {{ supportmetrics.change_interval_lower(*change_args) }}
        end as change_lower,
        case
            when metric_values.metric in {{ rate_metrics }} then {{ supportmetrics.diff_proportion_upper(*diff_args) }}
            when metric_values.unit = 'count' then metric_values.metric_value - previous_values.metric_value
            else {{ supportmetrics.change_interval_upper(*change_args) }}
        end as change_upper,
        current_band.benchmark_low,
        current_band.benchmark_high,
        current_band.note as benchmark_note,
        next_band.benchmark_low as next_stage_benchmark_low,
        next_band.benchmark_high as next_stage_benchmark_high
    from assessment
    cross join headline_metrics
    left join metric_values
        on assessment.period_type = metric_values.period_type
            and assessment.period_start = metric_values.period_start
            and headline_metrics.metric = metric_values.metric
    left join periods
        on assessment.period_type = periods.period_type
            and assessment.period_start = periods.period_start
    left join metric_values as previous_values
        on periods.period_type = previous_values.period_type
            and periods.previous_period_start = previous_values.period_start
            and headline_metrics.metric = previous_values.metric
    left join benchmarks as current_band
        on assessment.assessed_stage = current_band.stage
            and headline_metrics.metric = current_band.metric
    left join benchmarks as next_band
        on assessment.next_stage = next_band.stage
            and headline_metrics.metric = next_band.metric

),

final as (

    select
        period_type,
        period_start,
        period_end,
        is_complete,
        assessed_stage,
        assessed_stage_name,
        next_stage,
        metric,
        unit,
        metric_value,
        missing_reason,
        value_basis,
        benchmark_low,
        benchmark_high,
        benchmark_note,
        next_stage_benchmark_low,
        next_stage_benchmark_high,
        n,
        min_n,
        interval_lower,
        interval_upper,
        previous_metric_value,
        change_lower,
        change_upper,
        -- improving / declining only when the change's interval excludes zero (the headline
        -- metrics are all higher-is-better)
        case
            when change_lower is null or change_upper is null then null
            when change_lower > 0 then 'improving'
            when change_upper < 0 then 'declining'
            else 'flat'
        end as trajectory,
        case
            when metric_value is null then 'missing'
            when benchmark_low is null and benchmark_high is null then 'no_benchmark'
            when metric_value < benchmark_low then 'below'
            when metric_value > benchmark_high then 'above'
            else 'within'
        end as benchmark_position,
        -- is the position beyond noise? clear when the whole interval sits on the same side of the
        -- band's edges as the value; insufficient_data below the metric's minimum n
        case
            when metric_value is null or (benchmark_low is null and benchmark_high is null) then null
            when min_n is not null and coalesce(n, 0) < min_n then 'insufficient_data'
            when interval_lower is null or interval_upper is null then null
            when metric_value < benchmark_low and interval_upper < benchmark_low then 'clear'
            when metric_value > benchmark_high and interval_lower > benchmark_high then 'clear'
            when metric_value >= coalesce(benchmark_low, metric_value) and metric_value <= coalesce(benchmark_high, metric_value)
                and interval_lower >= coalesce(benchmark_low, interval_lower)
                and interval_upper <= coalesce(benchmark_high, interval_upper) then 'clear'
            else 'within_noise'
        end as benchmark_position_strength
    from joined

)

select * from final
