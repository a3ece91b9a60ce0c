{{ config(**incremental_conversation_config()) }}

with

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}
    where {{ in_incremental_scope() }}

),

public_messages as (

    select
        message_id,
        conversation_id,
        author_type,
        author_id,
        created_at,
        sentiment_score as platform_sentiment_score
    from messages
    where is_public

),

final as (

    select
        public_messages.*,
        -- message order (macro message_sequence): created_at, then message_id on equal timestamps
        {{ supportmetrics.message_sequence() }} as message_sequence,
        {{ supportmetrics.message_sequence('conversation_id, author_type') }} as author_sequence
    from public_messages

)

select * from final
