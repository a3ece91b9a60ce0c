with

scope as (

    select * from {{ ref('int_incremental_scope') }}

),

-- every version (current, superseded or quarantined): a conversation whose created_at changed
-- also recomputes the periods it was counted in before
conversation_versions as (

    select * from {{ ref('base_helpdesk__conversations') }}

),

final as (

    select cast(conversation_versions.created_at as date) as created_date
    from conversation_versions
    inner join scope
        on conversation_versions.conversation_id = scope.conversation_id
    where conversation_versions.created_at is not null
    group by 1

)

select * from final
