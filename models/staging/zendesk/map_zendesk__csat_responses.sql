with

rating_rows as (

    select * from {{ ref('map_zendesk__rating_rows') }}

),

mapped as (

    select
        rating_id as response_id,
        ticket_id as conversation_id,
        responded_at,
        score,
        comment,
        {{ supportmetrics.zendesk_lineage('satisfaction_ratings', 'rating_id, synced_at') }}
    from rating_rows
    where exclusion_reason is null

),

final as (

    {{ supportmetrics.raw_contract_select('csat_responses', 'mapped', [
        'response_id', 'conversation_id', 'responded_at', 'score', 'comment']) }}

)

select * from final
