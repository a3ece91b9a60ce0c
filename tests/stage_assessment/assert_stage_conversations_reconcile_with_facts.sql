{#- The conversation count behind every whole-helpdesk assessment (calendar months and trailing
    windows) equals the conversations of int_conversation_facts created in the period. -#}

with

metric_values as (

    select * from {{ ref('fct_stage_metric_values') }}
    where metric = 'conversations'
        and slice_dimension = 'overall'

),

periods as (

    select * from {{ ref('dim_stage_assessment_periods') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

counted as (

    select
        periods.period_type,
        periods.period_start,
        count(facts.conversation_id) as fact_conversations
    from periods
    left join facts
        on facts.created_date >= periods.period_start
            and facts.created_date < periods.period_end
    group by 1, 2

)

select
    counted.period_type,
    counted.period_start,
    counted.fact_conversations,
    metric_values.metric_value
from counted
left join metric_values
    on counted.period_type = metric_values.period_type
        and counted.period_start = metric_values.period_start
where coalesce(metric_values.metric_value, -1) != counted.fact_conversations
