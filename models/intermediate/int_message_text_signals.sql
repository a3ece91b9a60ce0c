{{ config(**incremental_conversation_config()) }}

{#- Text signals from message bodies, computed here so that no body ever leaves this model:
    one row per public message with the flags derived from its text.
    - is_repeat_request: a human agent's message contains a phrase of seed
      repeat_request_phrases (case-insensitive substring match). -#}

with

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}
    where {{ in_incremental_scope() }}

),

phrases as (

    select lower(phrase) as phrase from {{ ref('repeat_request_phrases') }}

),

repeat_requests as (

    select distinct messages.message_id
    from messages
    inner join phrases
        on {{ supportmetrics.text_contains('lower(messages.body)', 'phrases.phrase') }}
    where messages.author_type = 'human_agent'
        and messages.is_public

),

final as (

    select
        messages.message_id,
        messages.conversation_id,
        messages.author_type,
        repeat_requests.message_id is not null as is_repeat_request
    from messages
    left join repeat_requests
        on messages.message_id = repeat_requests.message_id
    where messages.is_public

)

select * from final
