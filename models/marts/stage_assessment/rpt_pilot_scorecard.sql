{%- set spec = supportmetrics.pilot_metric_spec() %}
{%- set rate_metrics = "('" ~ (spec | selectattr('interval', 'equalto', 'wilson') | map(attribute='metric') | join("', '")) ~ "')" %}
{%- set diff_args = [
    'pivoted.week_4_numerator', 'pivoted.week_4_denominator', 'pivoted.week_1_numerator', 'pivoted.week_1_denominator',
] %}

with

weekly as (

    select * from {{ ref('fct_pilot_weekly_metrics') }}

),

pilot_targets as (

    select * from {{ ref('pilot_targets') }}
    where target_kind = 'target'

),

pivoted as (

    select
        metric,
        max(unit) as unit,
        {%- for week in [1, 2, 3, 4] %}
            max(case when pilot_week = {{ week }} then week_start end) as week_{{ week }}_start,
            max(case when pilot_week = {{ week }} then metric_value end) as week_{{ week }}_value,
            max(case when pilot_week = {{ week }} then missing_reason end) as week_{{ week }}_missing_reason,
        {%- endfor %}
        {%- for week in [1, 4] %}
            max(case when pilot_week = {{ week }} then numerator end) as week_{{ week }}_numerator,
            max(case when pilot_week = {{ week }} then denominator end) as week_{{ week }}_denominator,
            max(case when pilot_week = {{ week }} then interval_lower end) as week_{{ week }}_lower,
            max(case when pilot_week = {{ week }} then interval_upper end) as week_{{ week }}_upper,
        {%- endfor %}
        max(case when pilot_week = 1 then basis end) as week_1_basis,
        max(case when pilot_week = 4 then basis end) as week_4_basis,
        min(case when is_complete_week then 1 else 0 end) = 1 as is_pilot_complete
    from weekly
    group by 1

),

changed as (

    -- week 4 minus week 1: Newcombe interval of the difference of two rates; the trajectory is
    -- improving / declining only when that interval excludes zero, else flat
    select
        pivoted.*,
        case when pivoted.metric in {{ rate_metrics }} then {{ supportmetrics.diff_proportion_lower(*diff_args) }} end
            as week_1_to_4_change_lower,
        case when pivoted.metric in {{ rate_metrics }} then {{ supportmetrics.diff_proportion_upper(*diff_args) }} end
            as week_1_to_4_change_upper,
        case pivoted.metric
            {%- for metric in spec if metric.direction in ('higher_is_better', 'lower_is_better') %}
                when '{{ metric.metric }}' then '{{ metric.direction }}'
            {%- endfor %}
        end as direction
    from pivoted

),

final as (

    select
        pivoted.metric,
        pivoted.unit,
        pilot_targets.target_min,
        pilot_targets.target_max,
        pilot_targets.description as target_description,
        {%- for week in [1, 2, 3, 4] %}
            pivoted.week_{{ week }}_start,
            pivoted.week_{{ week }}_value,
            pivoted.week_{{ week }}_missing_reason,
        {%- endfor %}
        pivoted.week_1_basis,
        pivoted.week_4_basis,
        pivoted.week_4_value - pivoted.week_1_value as week_1_to_4_change,
        {%- for week in [1, 4] %}
            pivoted.week_{{ week }}_lower,
            pivoted.week_{{ week }}_upper,
        {%- endfor %}
        pivoted.week_1_denominator as week_1_n,
        pivoted.week_4_denominator as week_4_n,
        pivoted.week_1_to_4_change_lower,
        pivoted.week_1_to_4_change_upper,
        case
            when pivoted.week_1_to_4_change_lower is null or pivoted.week_1_to_4_change_upper is null
                or pivoted.direction is null then null
            when pivoted.week_1_to_4_change_lower > 0
                then case when pivoted.direction = 'higher_is_better' then 'improving' else 'declining' end
            when pivoted.week_1_to_4_change_upper < 0
                then case when pivoted.direction = 'higher_is_better' then 'declining' else 'improving' end
            else 'flat'
        end as week_1_to_4_trajectory,
        {%- for week in [1, 4] %}
            case
                when pivoted.week_{{ week }}_value is null then null
                when pilot_targets.target_min is null and pilot_targets.target_max is null then null
                else coalesce(pivoted.week_{{ week }}_value >= pilot_targets.target_min, true)
                    and coalesce(pivoted.week_{{ week }}_value <= pilot_targets.target_max, true)
            end as is_week_{{ week }}_on_target,
        {%- endfor %}
        pivoted.is_pilot_complete
    from changed as pivoted
    left join pilot_targets
        on pivoted.metric = pilot_targets.metric

)

select * from final
