{{ config(**incremental_conversation_config()) }}

with

-- an incremental run reads only the conversations in int_incremental_scope (every input but the
-- customers and accounts is per conversation; a loaded customer or account row puts all its
-- conversations in scope)
conversations as (

    select * from {{ ref('stg_helpdesk__conversations') }}
    where {{ in_incremental_scope() }}

),

customers as (

    select * from {{ ref('stg_helpdesk__customers') }}

),

accounts as (

    select * from {{ ref('stg_helpdesk__accounts') }}

),

message_stats as (

    select * from {{ ref('int_conversation_message_stats') }}
    where {{ in_incremental_scope() }}

),

ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}
    where {{ in_incremental_scope() }}

),

handoffs as (

    select * from {{ ref('stg_helpdesk__handoffs') }}
    where {{ in_incremental_scope() }}

),

ticket_events as (

    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where {{ in_incremental_scope() }}

),

csat as (

    select * from {{ ref('stg_helpdesk__csat_responses') }}
    where {{ in_incremental_scope() }}

),

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}
    where {{ in_incremental_scope() }}

),

lexicon as (

    select * from {{ ref('int_message_lexicon_sentiment') }}
    where {{ in_incremental_scope() }}

),

ai_event_stats as (

    select
        conversation_id,
        {{ dbt.bool_or("event_type in ('answer_sent', 'action_taken')") }} as has_ai_answer_or_action,
        {{ dbt.bool_or("event_type = 'resolution_confirmed'") }} as has_resolution_confirmed,
        min(case when event_type in ('answer_sent', 'action_taken') then created_at end) as first_ai_answer_event_at
    from ai_events
    group by 1

),

handoff_stats as (

    select
        conversation_id,
        count(*) as handoff_count,
        min(created_at) as first_handoff_at
    from handoffs
    group by 1

),

solved_events as (

    select
        conversation_id,
        min(created_at) as first_solved_at
    from ticket_events
    where event_type = 'status_change'
        and to_value in ('solved', 'closed')
    group by 1

),

latest_csat as (

    -- a conversation can be surveyed more than once: the latest answer is the customer's verdict
    select
        conversation_id,
        score as csat_score,
        responded_at as csat_responded_at
    from (
        select
            conversation_id,
            score,
            responded_at,
            row_number() over (
                partition by conversation_id order by responded_at desc, response_id desc
            ) as response_rank
        from csat
    ) as ranked
    where response_rank = 1

),

-- effective sentiment of a public customer message: the platform's score, else the lexicon's
customer_message_sentiment as (

    select
        messages.message_id,
        coalesce(messages.sentiment_score, lexicon.lexicon_sentiment_score) as sentiment_score,
        case
            when messages.sentiment_score is not null then 'platform'
            when lexicon.lexicon_sentiment_score is not null then 'lexicon'
        end as sentiment_source
    from messages
    left join lexicon
        on messages.message_id = lexicon.message_id
    where messages.author_type = 'customer'
        and messages.is_public

),

joined as (

    select
        conversations.conversation_id,
        conversations.customer_id,
        customers.account_id,
        coalesce(accounts.segment, 'Unknown') as account_segment,
        conversations.channel,
        conversations.priority,
        conversations.intent,
        conversations.status,
        conversations.assigned_team,
        conversations.created_at,
        message_stats.first_customer_message_at,
        message_stats.first_response_at,
        message_stats.first_human_response_at,
        message_stats.first_ai_message_at,
        message_stats.first_human_after_ai_at,
        message_stats.last_public_message_at,
        message_stats.last_public_author_type,
        coalesce(message_stats.customer_message_count, 0) as customer_message_count,
        coalesce(message_stats.ai_message_count, 0) as ai_message_count,
        coalesce(message_stats.ai_replies_before_silence, 0) as ai_replies_before_silence,
        coalesce(message_stats.human_message_count, 0) as human_message_count,
        first_sentiment.sentiment_score as first_customer_sentiment,
        last_sentiment.sentiment_score as last_customer_sentiment,
        last_sentiment.sentiment_source as last_customer_sentiment_source,
        coalesce(message_stats.has_human_after_ai, false) as has_human_after_ai,
        coalesce(ai_event_stats.has_ai_answer_or_action, false) as has_ai_answer_or_action,
        coalesce(ai_event_stats.has_resolution_confirmed, false) as has_resolution_confirmed,
        coalesce(handoff_stats.handoff_count, 0) as handoff_count,
        handoff_stats.first_handoff_at,
        solved_events.first_solved_at,
        latest_csat.csat_score,
        latest_csat.csat_responded_at,
        coalesce(message_stats.has_helpful_feedback, false) as has_helpful_feedback,
        coalesce(message_stats.has_unhelpful_feedback, false) as has_unhelpful_feedback
    from conversations
    left join customers
        on conversations.customer_id = customers.customer_id
    left join accounts
        on customers.account_id = accounts.account_id
    left join message_stats
        on conversations.conversation_id = message_stats.conversation_id
    left join customer_message_sentiment as first_sentiment
        on message_stats.first_customer_message_id = first_sentiment.message_id
    left join customer_message_sentiment as last_sentiment
        on message_stats.last_customer_message_id = last_sentiment.message_id
    left join ai_event_stats
        on conversations.conversation_id = ai_event_stats.conversation_id
    left join handoff_stats
        on conversations.conversation_id = handoff_stats.conversation_id
    left join solved_events
        on conversations.conversation_id = solved_events.conversation_id
    left join latest_csat
        on conversations.conversation_id = latest_csat.conversation_id

),

paths as (

    select
        joined.*,
        ai_message_count > 0 or has_ai_answer_or_action as is_ai_involved,
        (ai_message_count > 0 or has_ai_answer_or_action)
        and (handoff_count > 0 or has_human_after_ai) as is_escalated
    from joined

),

final as (

    select
        paths.*,
        is_ai_involved and not is_escalated as is_deflected,
        case
            when is_ai_involved and not is_escalated then 'ai_only'
            when is_ai_involved then 'ai_then_human'
            when human_message_count > 0 then 'human_only'
            else 'no_response'
        end as handling_path,
        -- the conversation ends at its last public message, or at its first solved/closed
        -- status change when that is earlier; with neither, at creation
        case
            when last_public_message_at is null then coalesce(first_solved_at, created_at)
            when first_solved_at is null then last_public_message_at
            when first_solved_at < last_public_message_at then first_solved_at
            else last_public_message_at
        end as ended_at,
        case
            when first_solved_at is not null then first_solved_at
            when status in ('solved', 'closed') then coalesce(last_public_message_at, created_at)
        end as resolved_at,
        first_solved_at is not null or status in ('solved', 'closed') as is_solved,
        coalesce(csat_score >= {{ var('satisfied_csat_min_score') }}, false) as is_csat_satisfied,
        {{ supportmetrics.unknown_if_null('intent') }} as intent_label
    from paths

)

select * from final
