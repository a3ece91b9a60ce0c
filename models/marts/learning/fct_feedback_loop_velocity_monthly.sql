with

loops as (

    select * from {{ ref('fct_feedback_loop_velocity') }}

),

final as (

    select
        feedback_month,
        count(*) as feedback_loops,
        sum(case when not is_open then 1 else 0 end) as closed_feedback_loops,
        sum(case when is_open then 1 else 0 end) as open_feedback_loops,
        sum(negative_feedbacks) as negative_feedbacks,
        cast(sum(case when not is_open then 1 else 0 end) as {{ supportmetrics.type_double() }}) / count(*)
            as closed_loop_rate,
        {{ supportmetrics.median('hours_to_kb_change') }} as median_hours_to_kb_change,
        avg(hours_to_kb_change) as mean_hours_to_kb_change,
        {{ supportmetrics.percentile('hours_to_kb_change', 0.9) }} as p90_hours_to_kb_change,
        max(open_for_hours) as oldest_open_loop_hours
    from loops
    group by 1

)

select * from final
