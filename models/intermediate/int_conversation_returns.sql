{{ config(**incremental_conversation_config()) }}

with

-- an incremental run recomputes the pairs whose earlier conversation is in int_incremental_scope:
-- a later conversation loaded puts the same customer's earlier conversations in scope, so a pair
-- whose later side changed is recomputed through its earlier side (the rule of
-- int_conversation_facts' return counts)
conversations as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_scope() }}

),

-- every conversation, in scope or not: the later side of a return
all_conversations as (

    select * from {{ ref('int_conversation_facts') }}

),

final as (

    {{ supportmetrics.conversation_return_pairs('conversations', 'all_conversations') }}

)

select * from final
