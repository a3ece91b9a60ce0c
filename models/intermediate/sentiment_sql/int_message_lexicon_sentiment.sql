{{ config(**incremental_conversation_config()) }}

with

scores as (

    select * from {{ ref('stg_loader__message_lexicon_sentiments') }}

),

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}
    where {{ in_incremental_scope() }}

),

final as (

    select
        scores.message_id,
        messages.conversation_id,
        scores.lexicon_sentiment_score
    from scores
    inner join messages
        on scores.message_id = messages.message_id
    where messages.author_type = 'customer'
        and messages.is_public
        and messages.sentiment_score is null

)

select * from final
