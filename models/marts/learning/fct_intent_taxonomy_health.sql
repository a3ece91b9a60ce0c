{%- set catch_all_list = "('" ~ var('catch_all_intents') | join("', '") ~ "')" %}

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

ai_signals as (

    select * from {{ ref('int_learning_conversation_ai_signals') }}

),

conversations as (

    select
        facts.conversation_id,
        cast({{ dbt.date_trunc('month', 'facts.created_at') }} as date) as created_month,
        facts.intent,
        coalesce(ai_signals.has_intent_classified, false) as is_ai_classified,
        ai_signals.ai_intent
    from facts
    left join ai_signals
        on facts.conversation_id = ai_signals.conversation_id

),

first_month as (

    select min(created_month) as first_data_month
    from conversations

),

intent_first_seen as (

    -- the month each labelled intent (catch-all labels aside) first appears
    select
        intent,
        min(created_month) as first_seen_month
    from conversations
    where intent is not null
        and intent not in {{ catch_all_list }}
    group by 1

),

flagged as (

    select
        conversations.created_month,
        conversations.intent,
        conversations.intent is null as is_unknown_intent,
        coalesce(conversations.intent in {{ catch_all_list }}, false) as is_catch_all_intent,
        -- novel: an intent first seen this month, after the data's first month
        coalesce(
            intent_first_seen.first_seen_month = conversations.created_month
            and conversations.created_month > first_month.first_data_month,
            false
        ) as is_novel_intent,
        conversations.is_ai_classified,
        conversations.is_ai_classified and conversations.ai_intent is null as is_ai_unclassified,
        conversations.is_ai_classified and coalesce(conversations.ai_intent in {{ catch_all_list }}, false)
            as is_ai_catch_all
    from conversations
    cross join first_month
    left join intent_first_seen
        on conversations.intent = intent_first_seen.intent

),

aggregated as (

    select
        created_month,
        count(*) as conversations,
        sum(case when is_catch_all_intent then 1 else 0 end) as catch_all_intent_conversations,
        sum(case when is_unknown_intent then 1 else 0 end) as unknown_intent_conversations,
        sum(case when is_novel_intent then 1 else 0 end) as novel_intent_conversations,
        count(distinct case when is_novel_intent then intent end) as novel_intents,
        count(distinct intent) as distinct_intents,
        sum(case when is_ai_classified then 1 else 0 end) as ai_classified_conversations,
        sum(case when is_ai_catch_all then 1 else 0 end) as ai_catch_all_conversations,
        sum(case when is_ai_unclassified then 1 else 0 end) as ai_unclassified_conversations
    from flagged
    group by 1

),

final as (

    select
        created_month,
        conversations,
        distinct_intents,
        catch_all_intent_conversations,
        cast(catch_all_intent_conversations as {{ supportmetrics.type_double() }}) / nullif(conversations, 0)
            as catch_all_share,
        unknown_intent_conversations,
        cast(unknown_intent_conversations as {{ supportmetrics.type_double() }}) / nullif(conversations, 0)
            as unknown_intent_share,
        novel_intents,
        novel_intent_conversations,
        cast(novel_intent_conversations as {{ supportmetrics.type_double() }}) / nullif(conversations, 0)
            as novel_intent_share,
        cast(novel_intent_conversations + catch_all_intent_conversations as {{ supportmetrics.type_double() }})
        / nullif(conversations, 0) as novel_or_catch_all_share,
        -- counts of the AI's classifications the source cannot carry are null, never 0
        {{ supportmetrics.carried_or_null('ai_classified_conversations', 'ai_events', 'intent_classified') }} as ai_classified_conversations,
        {{ supportmetrics.carried_or_null('ai_catch_all_conversations', 'ai_events', 'intent_classified') }} as ai_catch_all_conversations,
        {{ supportmetrics.carried_or_null('ai_unclassified_conversations', 'ai_events', 'intent_classified') }} as ai_unclassified_conversations,
        cast(ai_catch_all_conversations + ai_unclassified_conversations as {{ supportmetrics.type_double() }})
        / nullif(ai_classified_conversations, 0) as ai_catch_all_share
    from aggregated

)

select * from final
