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
        max(case when pilot_week = 1 then basis end) as week_1_basis,
        max(case when pilot_week = 4 then basis end) as week_4_basis,
        min(case when is_complete_week then 1 else 0 end) = 1 as is_pilot_complete
    from weekly
    group by 1

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
            case
                when pivoted.week_{{ week }}_value is null then null
                when pilot_targets.target_min is null and pilot_targets.target_max is null then null
                else coalesce(pivoted.week_{{ week }}_value >= pilot_targets.target_min, true)
                    and coalesce(pivoted.week_{{ week }}_value <= pilot_targets.target_max, true)
            end as is_week_{{ week }}_on_target,
        {%- endfor %}
        pivoted.is_pilot_complete
    from pivoted
    left join pilot_targets
        on pivoted.metric = pilot_targets.metric

)

select * from final
