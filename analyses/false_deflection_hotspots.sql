-- Ad hoc analysis (compile with `dbt compile -s false_deflection_hotspots`, run the SQL in
-- target/compiled): the intents where deflection overstates true resolution the most over the
-- last three complete months, with enough judged volume to matter. These are the intents to fix
-- before letting the AI answer more of them.
{% set min_judged_deflected = var('analysis_min_judged_deflected', 30) %}

with

resolution_quality as (

    select * from {{ ref('fct_resolution_quality') }}

),

monthly_intents as (

    select * from resolution_quality
    where period_grain = 'month' and slice_dimension = 'intent'

),

latest_month as (

    select max(period_start) as latest_period_start from monthly_intents

),

recent as (

    select monthly_intents.*
    from monthly_intents
    cross join latest_month
    where
        monthly_intents.period_start
        > {{ dbt.dateadd('month', -3, 'latest_month.latest_period_start') }}

),

by_intent as (

    select
        slice_value as intent,
        sum(judged_deflected_conversations) as judged_deflected_conversations,
        sum(false_deflection_conversations) as false_deflection_conversations,
        sum(deflected_conversations) as deflected_conversations,
        sum(truly_resolved_conversations) as truly_resolved_conversations,
        sum(judged_conversations) as judged_conversations
    from recent
    group by 1

),

final as (

    select
        intent,
        judged_deflected_conversations,
        false_deflection_conversations,
        cast(false_deflection_conversations as {{ dbt.type_float() }})
        / nullif(judged_deflected_conversations, 0) as false_deflection_rate,
        cast(truly_resolved_conversations as {{ dbt.type_float() }})
        / nullif(judged_conversations, 0) as true_resolution_rate
    from by_intent
    where judged_deflected_conversations >= {{ min_judged_deflected }}

)

select * from final
order by 4 desc
