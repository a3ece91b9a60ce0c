-- The handoff marts reconcile month by month on their overall rows: fct_handoff_performance
-- counts every handoff of int_handoffs once; fct_escalation_quality counts every conversation
-- and AI-involved conversation of int_conversation_facts, and reviewed_ai_conversations equals
-- the AI-involved conversations with at least one QA review carrying an escalation assessment
-- (null where the helpdesk source cannot carry QA reviews);
-- fct_policy_compliance counts every AI-involved conversation. Returns one row per failing
-- check and month.

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

handoffs as (

    select * from {{ ref('int_handoffs') }}

),

qa_reviews as (

    select * from {{ ref('stg_helpdesk__qa_reviews') }}

),

handoff_performance as (

    select * from {{ ref('fct_handoff_performance') }}
    where slice_dimension = 'overall'

),

escalation_quality as (

    select * from {{ ref('fct_escalation_quality') }}
    where slice_dimension = 'overall'

),

policy_compliance as (

    select * from {{ ref('fct_policy_compliance') }}
    where slice_dimension = 'overall'

),

assessed_conversations as (

    select conversation_id
    from qa_reviews
    where escalation_assessment is not null
    group by 1

),

monthly_facts as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_date') }} as date) as period_start,
        count(*) as conversations,
        count(case when facts.is_ai_involved then 1 end) as ai_involved_conversations,
        count(case when facts.is_ai_involved and assessed_conversations.conversation_id is not null then 1 end)
            as reviewed_ai_conversations
    from facts
    left join assessed_conversations
        on facts.conversation_id = assessed_conversations.conversation_id
    group by 1

),

monthly_handoffs as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_date') }} as date) as period_start,
        count(*) as handoffs
    from handoffs
    inner join facts
        on handoffs.conversation_id = facts.conversation_id
    group by 1

),

checks as (

    select
        'handoff_performance' as check_name,
        coalesce(monthly_handoffs.period_start, handoff_performance.period_start) as period_start,
        monthly_handoffs.handoffs = handoff_performance.handoffs as is_ok
    from monthly_handoffs
    full outer join handoff_performance
        on monthly_handoffs.period_start = handoff_performance.period_start

    union all

    select
        'escalation_quality' as check_name,
        monthly_facts.period_start,
        escalation_quality.conversations = monthly_facts.conversations
        and escalation_quality.ai_involved_conversations = monthly_facts.ai_involved_conversations
        {%- if supportmetrics.helpdesk_carries('qa_reviews') %}
            and escalation_quality.reviewed_ai_conversations = monthly_facts.reviewed_ai_conversations as is_ok
        {%- else %}
            -- a source without QA reviews: the count is null, never 0
            and escalation_quality.reviewed_ai_conversations is null as is_ok
        {%- endif %}
    from monthly_facts
    left join escalation_quality
        on monthly_facts.period_start = escalation_quality.period_start

    union all

    select
        'policy_compliance' as check_name,
        monthly_facts.period_start,
        coalesce(policy_compliance.ai_involved_conversations, 0) = monthly_facts.ai_involved_conversations as is_ok
    from monthly_facts
    left join policy_compliance
        on monthly_facts.period_start = policy_compliance.period_start

)

select *
from checks
where not coalesce(is_ok, false)
