{{ config(**incremental_conversation_config()) }}

with

handoffs as (

    select * from {{ ref('stg_helpdesk__handoffs') }}
    where {{ in_incremental_scope() }}

),

conversations as (

    select * from {{ ref('int_conversations_enriched') }}
    where {{ in_incremental_scope() }}

),

messages as (

    select * from {{ ref('int_messages_sequenced') }}
    where {{ in_incremental_scope() }}

),

text_signals as (

    select * from {{ ref('int_message_text_signals') }}
    where {{ in_incremental_scope() }}

),

explicit_handoffs as (

    select
        handoff_id,
        conversation_id,
        created_at as handoff_at,
        handoff_trigger,
        to_team,
        to_agent_id,
        ai_confidence,
        has_context_summary,
        false as is_implicit
    from handoffs

),

implicit_handoffs as (

    select
        {{ dbt.concat(["'implicit-'", "conversation_id"]) }} as handoff_id,
        conversation_id,
        first_human_after_ai_at as handoff_at,
        'implicit' as handoff_trigger,
        cast(null as {{ dbt.type_string() }}) as to_team,
        cast(null as {{ dbt.type_string() }}) as to_agent_id,
        cast(null as {{ supportmetrics.type_double() }}) as ai_confidence,
        false as has_context_summary,
        true as is_implicit
    from conversations
    where is_ai_involved
        and handoff_count = 0
        and has_human_after_ai

),

all_handoffs as (

    select * from explicit_handoffs
    union all
    select * from implicit_handoffs

),

ai_turns as (

    select
        all_handoffs.handoff_id,
        count(messages.message_id) as ai_turns_before_handoff
    from all_handoffs
    left join messages
        on all_handoffs.conversation_id = messages.conversation_id
            and messages.author_type = 'ai_agent'
            and messages.created_at <= all_handoffs.handoff_at
    group by 1

),

first_human_reply as (

    select
        handoff_id,
        message_id as first_human_reply_message_id,
        created_at as first_human_reply_at
    from (
        select
            all_handoffs.handoff_id,
            messages.message_id,
            messages.created_at,
            row_number() over (
                partition by all_handoffs.handoff_id order by messages.message_sequence
            ) as reply_rank
        from all_handoffs
        inner join messages
            on all_handoffs.conversation_id = messages.conversation_id
                and messages.author_type = 'human_agent'
                and messages.created_at >= all_handoffs.handoff_at
    ) as replies
    where reply_rank = 1

),

sequenced as (

    select
        all_handoffs.handoff_id,
        all_handoffs.conversation_id,
        row_number() over (
            partition by all_handoffs.conversation_id order by all_handoffs.handoff_at, all_handoffs.handoff_id
        ) as handoff_sequence,
        all_handoffs.is_implicit,
        all_handoffs.handoff_trigger,
        all_handoffs.handoff_at,
        all_handoffs.to_team,
        all_handoffs.to_agent_id,
        all_handoffs.ai_confidence,
        all_handoffs.has_context_summary,
        conversations.channel,
        conversations.intent,
        conversations.intent_label,
        conversations.priority,
        conversations.account_segment,
        ai_turns.ai_turns_before_handoff,
        {{ dbt.datediff(
            'coalesce(conversations.first_customer_message_at, conversations.created_at)',
            'all_handoffs.handoff_at', 'second') }} as seconds_before_handoff,
        first_human_reply.first_human_reply_at,
        first_human_reply.first_human_reply_message_id,
        first_human_reply.first_human_reply_at is not null as has_human_reply,
        {{ dbt.datediff('all_handoffs.handoff_at', 'first_human_reply.first_human_reply_at', 'second') }}
            as wait_seconds,
        text_signals.is_repeat_request as is_customer_asked_to_repeat,
        case
            when first_human_reply.first_human_reply_at is not null
                then all_handoffs.has_context_summary and not coalesce(text_signals.is_repeat_request, false)
        end as is_context_preserved,
        conversations.resolved_at,
        -- null when the conversation's resolution precedes this handoff (solved, reopened, then
        -- handed off): the wait would be negative
        case
            when conversations.resolved_at >= all_handoffs.handoff_at
                then {{ dbt.datediff('all_handoffs.handoff_at', 'conversations.resolved_at', 'second') }}
        end as handoff_to_resolution_seconds
    from all_handoffs
    inner join conversations
        on all_handoffs.conversation_id = conversations.conversation_id
    inner join ai_turns
        on all_handoffs.handoff_id = ai_turns.handoff_id
    left join first_human_reply
        on all_handoffs.handoff_id = first_human_reply.handoff_id
    left join text_signals
        on first_human_reply.first_human_reply_message_id = text_signals.message_id

),

final as (

    select
        sequenced.*,
        handoff_sequence = 1 as is_first_handoff
    from sequenced

)

select * from final
