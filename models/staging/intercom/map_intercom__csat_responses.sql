with

conversation_scope as (

    select * from {{ ref('map_intercom__conversation_scope') }}

),

-- the customer's conversation rating; without one, the rating of Fin (the AI stream's CSAT)
ratings as (

    select
        case
            when rating_value is not null then {{ dbt.concat(["'rating:'", "conversation_id"]) }}
            else {{ dbt.concat(["'fin_rating:'", "conversation_id"]) }}
        end as response_id,
        conversation_id,
        coalesce(rating_created_at, updated_at) as responded_at,
        coalesce(rating_value, ai_rating) as score,
        case when rating_value is not null then rating_remark else ai_rating_remark end as comment,
        synced_at
    from conversation_scope
    where exclusion_reason is null
        and coalesce(rating_value, ai_rating) is not null

),

mapped as (

    select
        response_id,
        conversation_id,
        responded_at,
        score,
        comment,
        {{ supportmetrics.intercom_lineage('conversations', 'response_id, synced_at') }}
    from ratings

),

final as (

    {{ supportmetrics.raw_contract_select('csat_responses', 'mapped', [
        'response_id', 'conversation_id', 'responded_at', 'score', 'comment']) }}

)

select * from final
