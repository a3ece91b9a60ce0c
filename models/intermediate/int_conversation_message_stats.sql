{{ config(**incremental_conversation_config()) }}

with

staged_messages as (

    select * from {{ ref('stg_helpdesk__messages') }}
    where {{ in_incremental_scope() }}

),

feedback as (

    select * from {{ ref('stg_helpdesk__message_feedback') }}

),

-- the public messages in message order, as int_messages_sequenced numbers them (read from
-- staging so that the conversation facts sit one level closer to the raw data)
messages as (

    select
        message_id,
        conversation_id,
        author_type,
        created_at,
        {{ supportmetrics.message_sequence() }} as message_sequence
    from staged_messages
    where is_public

),

first_ai as (

    select
        conversation_id,
        min(message_sequence) as first_ai_sequence
    from messages
    where author_type = 'ai_agent'
    group by 1

),

first_customer as (

    select
        conversation_id,
        min(created_at) as first_customer_message_at,
        max(message_sequence) as last_customer_sequence
    from messages
    where author_type = 'customer'
    group by 1

),

flagged as (

    select
        messages.*,
        first_ai.first_ai_sequence,
        first_customer.first_customer_message_at,
        messages.author_type in ('ai_agent', 'human_agent')
        and (
            first_customer.first_customer_message_at is null
            or messages.created_at >= first_customer.first_customer_message_at
        ) as is_response,
        messages.author_type = 'human_agent'
        and messages.message_sequence > first_ai.first_ai_sequence as is_human_after_ai,
        messages.author_type = 'ai_agent'
        and messages.message_sequence < coalesce(first_customer.last_customer_sequence, 0)
            as is_ai_before_last_customer,
        messages.author_type = 'ai_agent'
        and messages.message_sequence > coalesce(first_customer.last_customer_sequence, 0)
            as is_ai_after_last_customer
    from messages
    left join first_ai
        on messages.conversation_id = first_ai.conversation_id
    left join first_customer
        on messages.conversation_id = first_customer.conversation_id

),

last_public as (

    select
        conversation_id,
        author_type as last_public_author_type,
        created_at as last_public_message_at
    from (
        select
            conversation_id,
            author_type,
            created_at,
            row_number() over (
                partition by conversation_id order by message_sequence desc
            ) as reverse_sequence
        from messages
    ) as ranked
    where reverse_sequence = 1

),

-- the first and last customer messages; their effective sentiment (platform score, else the
-- lexicon's) is looked up in int_conversations_enriched
customer_ends as (

    select
        conversation_id,
        max(case when customer_first = 1 then message_id end) as first_customer_message_id,
        max(case when customer_last = 1 then message_id end) as last_customer_message_id
    from (
        select
            conversation_id,
            message_id,
            row_number() over (partition by conversation_id order by message_sequence) as customer_first,
            row_number() over (partition by conversation_id order by message_sequence desc) as customer_last
        from messages
        where author_type = 'customer'
    ) as customer_messages
    group by 1

),

aggregated as (

    select
        conversation_id,
        min(first_customer_message_at) as first_customer_message_at,
        min(case when is_response then created_at end) as first_response_at,
        min(case when is_response and author_type = 'human_agent' then created_at end) as first_human_response_at,
        min(case when author_type = 'ai_agent' then created_at end) as first_ai_message_at,
        min(case when is_human_after_ai then created_at end) as first_human_after_ai_at,
        coalesce({{ dbt.bool_or('is_human_after_ai') }}, false) as has_human_after_ai,
        sum(case when author_type = 'customer' then 1 else 0 end) as customer_message_count,
        sum(case when author_type = 'ai_agent' then 1 else 0 end) as ai_message_count,
        -- AI replies the customer saw before going silent: every AI message before the customer's
        -- last one, plus the first AI reply after it (later AI nudges are not turns)
        sum(case when is_ai_before_last_customer then 1 else 0 end)
        + max(case when is_ai_after_last_customer then 1 else 0 end) as ai_replies_before_silence,
        sum(case when author_type = 'human_agent' then 1 else 0 end) as human_message_count,
        count(*) as public_message_count
    from flagged
    group by 1

),

feedback_stats as (

    select
        messages.conversation_id,
        {{ dbt.bool_or('feedback.is_helpful') }} as has_helpful_feedback,
        {{ dbt.bool_or('not feedback.is_helpful') }} as has_unhelpful_feedback
    from feedback
    inner join messages
        on feedback.message_id = messages.message_id
    -- feedback rates an AI answer: a thumbs-up on a human's message confirms nothing about the AI
    where messages.author_type = 'ai_agent'
    group by 1

),

final as (

    select
        aggregated.*,
        last_public.last_public_author_type,
        last_public.last_public_message_at,
        customer_ends.first_customer_message_id,
        customer_ends.last_customer_message_id,
        coalesce(feedback_stats.has_helpful_feedback, false) as has_helpful_feedback,
        coalesce(feedback_stats.has_unhelpful_feedback, false) as has_unhelpful_feedback
    from aggregated
    left join last_public
        on aggregated.conversation_id = last_public.conversation_id
    left join customer_ends
        on aggregated.conversation_id = customer_ends.conversation_id
    left join feedback_stats
        on aggregated.conversation_id = feedback_stats.conversation_id

)

select * from final
