{%- set streams = ['ai_only', 'ai_then_human', 'human_only'] %}
{%- set stream_list = "'" ~ streams | join("', '") ~ "'" %}

{{ config(**incremental_conversation_config()) }}

with

-- an incremental run recomputes the conversations in int_incremental_scope, as its source does
-- (the pre-hook deletes their rows first: a conversation can leave the filter); nothing here
-- spans conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_scope() }}

),

responses as (

    select
        conversation_id,
        handling_path as csat_stream,
        channel,
        csat_score,
        is_csat_satisfied,
        has_low_csat,
        created_date
    from facts
    where csat_score is not null
        and handling_path in ({{ stream_list }})

),

final as (

    select
        -- ids
        conversation_id,

        -- dimensions
        csat_stream,
        channel,

        -- numerics
        csat_score,

        -- booleans
        is_csat_satisfied as is_satisfied,
        has_low_csat as is_low_score,

        -- dates
        created_date

    from responses

)

select * from final
