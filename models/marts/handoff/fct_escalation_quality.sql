{%- set slices = {'overall': "'all'", 'channel': 'channel', 'intent': 'intent'} %}
{%- set assessments = ['appropriate', 'unnecessary', 'missed', 'not_applicable'] %}

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

qa_reviews as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('stg_helpdesk__qa_reviews') }}

),

qa_volume as (

    select count(*) as qa_review_rows from qa_reviews

),

latest_reviews as (

    select
        conversation_id,
        escalation_assessment
    from (
        select
            conversation_id,
            escalation_assessment,
            row_number() over (
                partition by conversation_id order by reviewed_at desc, review_id desc
            ) as review_rank
        from qa_reviews
        where escalation_assessment is not null
    ) as ranked
    where review_rank = 1

),

assessed as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_date') }} as date) as period_start,
        facts.channel,
        facts.intent,
        facts.is_ai_involved,
        facts.is_escalated,
        case when facts.is_ai_involved then latest_reviews.escalation_assessment end as escalation_assessment
    from facts
    left join latest_reviews
        on facts.conversation_id = latest_reviews.conversation_id

),

judged as (

    select
        assessed.*,
        escalation_assessment is not null as is_reviewed,
        escalation_assessment = 'appropriate'
        or (escalation_assessment = 'not_applicable' and not is_escalated) as is_correct_decision
    from assessed

),

sliced as (

    {{ supportmetrics.slice_fanout('judged', slices, [
        'period_start',
        'is_ai_involved',
        'is_escalated',
        'escalation_assessment',
        'is_reviewed',
        'is_correct_decision',
    ]) }}

),

aggregated as (

    select
        period_start,
        slice_dimension,
        slice_value,
        count(*) as conversations,
        count(case when is_ai_involved then 1 end) as ai_involved_conversations,
        count(case when is_reviewed then 1 end) as reviewed_ai_conversations,
        {%- for assessment in assessments %}
            count(case when escalation_assessment = '{{ assessment }}' then 1 end) as {{ assessment }},
        {%- endfor %}
        count(case when escalation_assessment = 'not_applicable' and not is_escalated then 1 end)
            as not_applicable_without_escalation,
        count(case when escalation_assessment = 'not_applicable' and is_escalated then 1 end)
            as not_applicable_with_escalation,
        count(case when is_reviewed and is_correct_decision then 1 end) as correct_escalation_decisions
    from sliced
    group by 1, 2, 3

),

final as (

    select
        'month' as period_grain,
        aggregated.period_start,
        aggregated.slice_dimension,
        aggregated.slice_value,
        aggregated.conversations,
        aggregated.ai_involved_conversations,
        -- counts of QA reviews the source cannot carry are null, never 0
        {{ supportmetrics.carried_or_null('aggregated.reviewed_ai_conversations', 'qa_reviews') }} as reviewed_ai_conversations,
        {{ supportmetrics.carried_or_null('aggregated.appropriate', 'qa_reviews') }} as appropriate,
        {{ supportmetrics.carried_or_null('aggregated.unnecessary', 'qa_reviews') }} as unnecessary,
        {{ supportmetrics.carried_or_null('aggregated.missed', 'qa_reviews') }} as missed,
        {{ supportmetrics.carried_or_null('aggregated.not_applicable', 'qa_reviews') }} as not_applicable,
        {{ supportmetrics.carried_or_null('aggregated.not_applicable_without_escalation', 'qa_reviews') }} as not_applicable_without_escalation,
        {{ supportmetrics.carried_or_null('aggregated.not_applicable_with_escalation', 'qa_reviews') }} as not_applicable_with_escalation,
        {{ supportmetrics.carried_or_null('aggregated.correct_escalation_decisions', 'qa_reviews') }} as correct_escalation_decisions,
        {{ supportmetrics.carried_or_null('aggregated.reviewed_ai_conversations - aggregated.correct_escalation_decisions', 'qa_reviews') }}
            as wrong_escalation_decisions,
        cast(aggregated.correct_escalation_decisions as {{ supportmetrics.type_double() }})
        / nullif(aggregated.reviewed_ai_conversations, 0) as escalation_accuracy,
        {% call supportmetrics.carried_or_reason('qa_reviews') -%}
            case
                when qa_volume.qa_review_rows = 0 then 'no_qa_reviews'
                when aggregated.reviewed_ai_conversations = 0 then 'no_reviewed_ai_conversations'
            end
        {%- endcall %} as escalation_accuracy_missing_reason
    from aggregated
    cross join qa_volume

)

select * from final
