{{ config(**incremental_conversation_config()) }}

with

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}
    where {{ in_incremental_scope() }}

),

lexicon as (

    select * from {{ ref('int_message_lexicon_sentiment') }}

),

public_messages as (

    select
        messages.message_id,
        messages.conversation_id,
        messages.author_type,
        messages.author_id,
        messages.created_at,
        messages.sentiment_score as platform_sentiment_score,
        lexicon.lexicon_sentiment_score,
        coalesce(messages.sentiment_score, lexicon.lexicon_sentiment_score) as sentiment_score,
        case
            when messages.sentiment_score is not null then 'platform'
            when lexicon.lexicon_sentiment_score is not null then 'lexicon'
        end as sentiment_source
    from messages
    left join lexicon
        on messages.message_id = lexicon.message_id
    where messages.is_public

),

final as (

    select
        public_messages.*,
        -- equal timestamps are ordered by message_id so every rule sees one deterministic order
        row_number() over (
            partition by conversation_id
            order by created_at, message_id
        ) as message_sequence,
        row_number() over (
            partition by conversation_id, author_type
            order by created_at, message_id
        ) as author_sequence
    from public_messages

)

select * from final
