-- The customer-experience marts reconcile with int_conversation_facts month by month on their
-- overall rows: fct_conversation_experience has one row per conversation; fct_csat_streams
-- counts every conversation of the three streams and every CSAT response once; abandonment,
-- sentiment and effort count every conversation, and abandonment every abandoned one. Returns
-- one row per failing check and month.

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

experience as (

    select * from {{ ref('fct_conversation_experience') }}

),

csat_streams as (

    select * from {{ ref('fct_csat_streams') }}
    where period_grain = 'month'
        and slice_dimension = 'overall'

),

abandonment as (

    select * from {{ ref('fct_abandonment') }}
    where slice_dimension = 'overall'

),

sentiment as (

    select * from {{ ref('fct_sentiment_trajectory') }}
    where slice_dimension = 'overall'

),

effort as (

    select * from {{ ref('fct_customer_effort') }}
    where slice_dimension = 'overall'

),

monthly_facts as (

    select
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start,
        count(*) as conversations,
        count(case when handling_path in ('ai_only', 'ai_then_human', 'human_only') then 1 end) as stream_conversations,
        count(case when handling_path in ('ai_only', 'ai_then_human', 'human_only') then csat_score end)
            as stream_responses,
        count(case when is_abandoned then 1 end) as abandoned_conversations
    from facts
    group by 1

),

monthly_experience as (

    select
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start,
        count(*) as conversations
    from experience
    group by 1

),

monthly_streams as (

    select
        period_start,
        sum(conversations) as conversations,
        sum(responses) as responses
    from csat_streams
    group by 1

),

checks as (

    select
        'conversation_experience' as check_name,
        coalesce(monthly_facts.period_start, monthly_experience.period_start) as period_start,
        monthly_facts.conversations = monthly_experience.conversations as is_ok
    from monthly_facts
    full outer join monthly_experience
        on monthly_facts.period_start = monthly_experience.period_start

    union all

    select
        'csat_streams' as check_name,
        monthly_facts.period_start,
        monthly_streams.conversations = monthly_facts.stream_conversations
        and monthly_streams.responses = monthly_facts.stream_responses as is_ok
    from monthly_facts
    left join monthly_streams
        on monthly_facts.period_start = monthly_streams.period_start

    union all

    select
        'abandonment' as check_name,
        monthly_facts.period_start,
        abandonment.conversations = monthly_facts.conversations
        and abandonment.abandoned_conversations = monthly_facts.abandoned_conversations as is_ok
    from monthly_facts
    left join abandonment
        on monthly_facts.period_start = abandonment.period_start

    union all

    select
        'sentiment_trajectory' as check_name,
        monthly_facts.period_start,
        sentiment.conversations = monthly_facts.conversations as is_ok
    from monthly_facts
    left join sentiment
        on monthly_facts.period_start = sentiment.period_start

    union all

    select
        'customer_effort' as check_name,
        monthly_facts.period_start,
        effort.conversations = monthly_facts.conversations as is_ok
    from monthly_facts
    left join effort
        on monthly_facts.period_start = effort.period_start

)

select *
from checks
where not coalesce(is_ok, false)
