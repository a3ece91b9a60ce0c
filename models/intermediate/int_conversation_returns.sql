with

conversations as (

    select * from {{ ref('int_conversation_facts') }}

),

final as (

    {{ supportmetrics.conversation_return_pairs('conversations', 'conversations') }}

)

select * from final
