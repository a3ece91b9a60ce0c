{%- set double = supportmetrics.type_double() %}
{%- set counts_by_source = {
    'conversation_counts': [
        'conversations',
        'ai_involved_conversations',
        'ai_active_conversations',
        'escalated_conversations',
        'deflected_conversations',
        'judged_conversations',
        'judged_ai_involved_conversations',
        'truly_resolved_conversations',
        'csat_responses',
        'csat_satisfied_responses',
        'ai_only_responses',
        'ai_only_satisfied_responses',
        'human_only_responses',
        'human_only_satisfied_responses',
        'worked_conversations',
        'handle_seconds',
        'routed_conversations',
        'correctly_routed_conversations',
    ],
    'draft_counts': ['drafts', 'drafts_sent_as_is', 'drafts_matched'],
    'qa_counts': ['scored_ai_reviews', 'accuracy_ok_ai_reviews', 'ai_accuracy_score_sum', 'ai_accuracy_score_squares'],
    'labour_counts': ['labour_cost_usd', 'priced_handle_hours'],
} %}
{%- set doubles = ['handle_seconds', 'labour_cost_usd', 'priced_handle_hours', 'ai_accuracy_score_sum', 'ai_accuracy_score_squares'] %}
{%- set all_counts = [] %}
{%- for columns in counts_by_source.values() %}{%- do all_counts.extend(columns) %}{%- endfor %}
{%- set dates = 'int_incremental_activity_dates' %}

{{ config(**incremental_period_config('activity_date', 'day', dates)) }}

with

-- every conversation: the slices (channel, intent) of a draft, review or work session
facts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_conversation_facts') }}

),

ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}

),

drafts as (

    select * from {{ ref('int_ai_drafts') }}

),

qa_reviews as (

    select * from {{ ref('int_qa_reviews_scored') }}

),

work_sessions as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_cost_work_sessions') }}

),

routing as (

    select * from {{ ref('int_conversation_routing') }}

),

{# ------------------------------------------------------------ per-conversation inputs #}

-- an incremental run recomputes the days of int_incremental_activity_dates (the days of every
-- event of the conversations in scope, macros/incremental_periods.sql): a day's counts are
-- those of the conversations created that day and of the drafts, reviews and sessions of it
counted_facts as {{ supportmetrics.not_materialized() }} (

    select * from facts
    where {{ in_incremental_periods('facts.created_date', 'day', dates) }}

),

ai_event_conversations as (

    select ai_events.conversation_id
    from ai_events
    where ai_events.conversation_id in (select counted_facts.conversation_id from counted_facts)
    group by 1

),

worked as (

    select
        work_sessions.conversation_id,
        sum(work_sessions.handle_seconds) as handle_seconds
    from work_sessions
    where work_sessions.conversation_id in (select counted_facts.conversation_id from counted_facts)
    group by 1

),

{# ------------------------------------------------------------ counts by their own date #}

conversation_counts as (

    -- dated by the conversation's creation day
    select
        facts.created_date as activity_date,
        facts.channel,
        facts.intent,
        facts.intent_label,
        count(*) as conversations,
        sum(case when facts.is_ai_involved then 1 else 0 end) as ai_involved_conversations,
        sum(case when facts.is_ai_involved or ai_event_conversations.conversation_id is not null then 1 else 0 end)
            as ai_active_conversations,
        sum(case when facts.is_escalated then 1 else 0 end) as escalated_conversations,
        sum(case when facts.is_deflected then 1 else 0 end) as deflected_conversations,
        sum(case when facts.is_judged then 1 else 0 end) as judged_conversations,
        sum(case when facts.is_judged_ai_involved then 1 else 0 end) as judged_ai_involved_conversations,
        sum(case when facts.is_truly_resolved then 1 else 0 end) as truly_resolved_conversations,
        sum(case when facts.csat_score is not null then 1 else 0 end) as csat_responses,
        sum(case when facts.is_csat_satisfied then 1 else 0 end) as csat_satisfied_responses,
        sum(case when facts.handling_path = 'ai_only' and facts.csat_score is not null then 1 else 0 end)
            as ai_only_responses,
        sum(case when facts.handling_path = 'ai_only' and facts.is_csat_satisfied then 1 else 0 end)
            as ai_only_satisfied_responses,
        sum(case when facts.handling_path = 'human_only' and facts.csat_score is not null then 1 else 0 end)
            as human_only_responses,
        sum(case when facts.handling_path = 'human_only' and facts.is_csat_satisfied then 1 else 0 end)
            as human_only_satisfied_responses,
        count(worked.conversation_id) as worked_conversations,
        sum(worked.handle_seconds) as handle_seconds,
        count(routing.conversation_id) as routed_conversations,
        sum(case when routing.is_correctly_routed then 1 else 0 end) as correctly_routed_conversations
    from counted_facts as facts
    left join ai_event_conversations
        on facts.conversation_id = ai_event_conversations.conversation_id
    left join worked
        on facts.conversation_id = worked.conversation_id
    left join routing
        on facts.conversation_id = routing.conversation_id
    group by 1, 2, 3, 4

),

draft_counts as (

    -- dated by the draft_suggested event
    select
        cast({{ dbt.date_trunc('day', 'drafts.created_at') }} as date) as activity_date,
        facts.channel,
        facts.intent,
        facts.intent_label,
        count(*) as drafts,
        sum(case when drafts.is_accepted then 1 else 0 end) as drafts_sent_as_is,
        sum(case when drafts.is_matched then 1 else 0 end) as drafts_matched
    from drafts
    left join facts
        on drafts.conversation_id = facts.conversation_id
    where {{ in_incremental_periods('drafts.created_at', 'day', dates) }}
    group by 1, 2, 3, 4

),

qa_counts as (

    -- dated by the review: scored QA reviews of AI-involved conversations
    select
        cast({{ dbt.date_trunc('day', 'qa_reviews.reviewed_at') }} as date) as activity_date,
        facts.channel,
        facts.intent,
        facts.intent_label,
        count(*) as scored_ai_reviews,
        sum(case when qa_reviews.is_accuracy_ok then 1 else 0 end) as accuracy_ok_ai_reviews,
        -- a mean score's interval: the sum and the sum of squares of the scores
        sum(cast(qa_reviews.accuracy_score as {{ double }})) as ai_accuracy_score_sum,
        sum(cast(qa_reviews.accuracy_score as {{ double }}) * qa_reviews.accuracy_score) as ai_accuracy_score_squares
    from qa_reviews
    inner join facts
        on qa_reviews.conversation_id = facts.conversation_id
    where facts.is_ai_involved
        and qa_reviews.accuracy_score is not null
        and {{ in_incremental_periods('qa_reviews.reviewed_at', 'day', dates) }}
    group by 1, 2, 3, 4

),

labour_counts as (

    -- dated by the work session's start
    select
        cast({{ dbt.date_trunc('day', 'work_sessions.started_at') }} as date) as activity_date,
        facts.channel,
        facts.intent,
        facts.intent_label,
        sum(work_sessions.labour_cost_usd) as labour_cost_usd,
        sum(case when work_sessions.has_hourly_cost then work_sessions.handle_hours else 0 end) as priced_handle_hours
    from work_sessions
    left join facts
        on work_sessions.conversation_id = facts.conversation_id
    where {{ in_incremental_periods('work_sessions.started_at', 'day', dates) }}
    group by 1, 2, 3, 4

),

unioned as (

    {%- for source, columns in counts_by_source.items() %}
        select
            {%- for column in all_counts %}
                {%- if column in columns %}
                    {{ column }},
                {%- else %}
                    cast(null as {{ double if column in doubles else dbt.type_bigint() }}) as {{ column }},
                {%- endif %}
            {%- endfor %}
            activity_date,
            channel,
            intent,
            intent_label
        from {{ source }}
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

final as (

    select
        activity_date,
        channel,
        intent,
        intent_label,
        {%- for column in all_counts if column not in doubles %}
            cast(coalesce(sum({{ column }}), 0) as {{ dbt.type_bigint() }}) as {{ column }},
        {%- endfor %}
        {%- for column in doubles[:-1] %}
            sum({{ column }}) as {{ column }},
        {%- endfor %}
        sum({{ doubles[-1] }}) as {{ doubles[-1] }}
    from unioned
    group by 1, 2, 3, 4

)

select * from final
