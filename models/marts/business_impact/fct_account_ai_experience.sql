{%- set high_stakes_list = "'" ~ var('high_stakes_priorities') | join("', '") ~ "'" %}

with

accounts as (

    select * from {{ ref('stg_helpdesk__accounts') }}

),

facts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_conversation_facts') }}

),

as_of as (

    select cast(max(high_water_mark_at) as date) as as_of_date
    from facts

),

flagged as (

    select
        account_id,
        is_ai_involved,
        is_judged_ai_involved as is_judged_ai,
        coalesce(is_truly_resolved, false) as is_truly_resolved,
        coalesce(priority in ({{ high_stakes_list }}), false) as is_high_stakes,
        -- a bad AI experience: a judged AI conversation that was a false deflection or got a low CSAT
        is_judged_ai_involved
        and (resolution_state = 'false_deflection' or has_low_csat) as is_bad_ai_experience,
        case when is_ai_involved then csat_score end as ai_csat_score,
        is_ai_involved and is_csat_satisfied as is_ai_csat_satisfied
    from facts
    where account_id is not null

),

account_stats as (

    select
        account_id,
        count(*) as conversations,
        sum(case when is_ai_involved then 1 else 0 end) as ai_conversations,
        sum(case when is_judged_ai then 1 else 0 end) as judged_ai_conversations,
        sum(case when is_truly_resolved then 1 else 0 end) as truly_resolved_conversations,
        count(ai_csat_score) as ai_csat_responses,
        sum(case when is_ai_csat_satisfied then 1 else 0 end) as ai_csat_satisfied_responses,
        sum(ai_csat_score) as ai_csat_score_sum,
        sum(case when is_judged_ai and is_high_stakes then 1 else 0 end) as high_stakes_judged_ai_conversations,
        sum(case when is_bad_ai_experience then 1 else 0 end) as bad_ai_experiences,
        sum(case when is_bad_ai_experience and is_high_stakes then 1 else 0 end) as high_stakes_bad_ai_experiences
    from flagged
    group by 1

),

joined as (

    select
        accounts.account_id,
        coalesce(accounts.segment, 'Unknown') as account_segment,
        accounts.plan,
        accounts.arr_usd,
        accounts.renewal_date,
        accounts.churned_at,
        accounts.is_churned,
        as_of.as_of_date,
        coalesce(account_stats.conversations, 0) as conversations,
        coalesce(account_stats.ai_conversations, 0) as ai_conversations,
        coalesce(account_stats.judged_ai_conversations, 0) as judged_ai_conversations,
        coalesce(account_stats.truly_resolved_conversations, 0) as truly_resolved_conversations,
        coalesce(account_stats.ai_csat_responses, 0) as ai_csat_responses,
        coalesce(account_stats.ai_csat_satisfied_responses, 0) as ai_csat_satisfied_responses,
        account_stats.ai_csat_score_sum,
        coalesce(account_stats.high_stakes_judged_ai_conversations, 0) as high_stakes_judged_ai_conversations,
        coalesce(account_stats.bad_ai_experiences, 0) as bad_ai_experiences,
        coalesce(account_stats.high_stakes_bad_ai_experiences, 0) as high_stakes_bad_ai_experiences
    from accounts
    cross join as_of
    left join account_stats
        on accounts.account_id = account_stats.account_id

),

rated as (

    select
        joined.*,
        cast(truly_resolved_conversations as {{ supportmetrics.type_double() }})
        / nullif(judged_ai_conversations, 0) as true_resolution_rate,
        cast(ai_csat_satisfied_responses as {{ supportmetrics.type_double() }})
        / nullif(ai_csat_responses, 0) as ai_csat_satisfied_rate,
        cast(ai_csat_score_sum as {{ supportmetrics.type_double() }}) / nullif(ai_csat_responses, 0) as ai_csat_mean_score,
        cast(bad_ai_experiences as {{ supportmetrics.type_double() }})
        / nullif(judged_ai_conversations, 0) as bad_ai_experience_rate
    from joined

),

final as (

    select
        account_id,
        account_segment,
        plan,
        arr_usd,
        renewal_date,
        churned_at,
        is_churned,
        case
            when is_churned then 'churned'
            when renewal_date is null then 'no_renewal_date'
            when renewal_date <= as_of_date then 'renewed'
            else 'renewal_upcoming'
        end as renewal_status,
        as_of_date,
        conversations,
        ai_conversations,
        judged_ai_conversations,
        truly_resolved_conversations,
        true_resolution_rate,
        ai_csat_responses,
        ai_csat_satisfied_responses,
        ai_csat_satisfied_rate,
        ai_csat_mean_score,
        high_stakes_judged_ai_conversations,
        bad_ai_experiences,
        bad_ai_experience_rate,
        high_stakes_bad_ai_experiences,
        case
            when ai_conversations = 0 then 'no_ai'
            when high_stakes_bad_ai_experiences > 0 then 'poor'
            when judged_ai_conversations < {{ var('revenue_min_judged_ai_conversations') }} then 'insufficient_data'
            when bad_ai_experience_rate >= {{ var('revenue_poor_bad_experience_rate_min') }} then 'poor'
            else 'good'
        end as ai_experience_class
    from rated

)

select * from final
