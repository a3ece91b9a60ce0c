-- int_conversation_facts covers exactly the staged conversations: returns one row per
-- conversation_id that is staged (stg_helpdesk__conversations) but has no facts row, or has a
-- facts row but is not staged. Duplicates within the facts are caught by its unique test.

with

staged as (

    select distinct conversation_id from {{ ref('stg_helpdesk__conversations') }}

),

facts as (

    select distinct conversation_id from {{ ref('int_conversation_facts') }}

),

compared as (

    select
        coalesce(staged.conversation_id, facts.conversation_id) as conversation_id,
        case
            when facts.conversation_id is null then 'staged conversation missing from int_conversation_facts'
            else 'int_conversation_facts row without a staged conversation'
        end as problem
    from staged
    full outer join facts
        on staged.conversation_id = facts.conversation_id
    where staged.conversation_id is null
        or facts.conversation_id is null

)

select * from compared
