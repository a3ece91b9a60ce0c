with

organizations as (

    select * from {{ supportmetrics.zendesk_staged('organizations') }}

),

mapped as (

    select
        organization_id as account_id,
        organization_name as account_name,
        segment,
        created_at,
        updated_at,
        {{ supportmetrics.zendesk_lineage('organizations', 'organization_id, updated_at, synced_at') }}
    from organizations
    -- no segment field configured (var zendesk_segment_field): the canonical accounts table is
    -- empty (segment Unknown)
    where not is_deleted{% if not var('zendesk_segment_field') %} and 1 = 0{% endif %}

),

final as (

    {{ supportmetrics.raw_contract_select('accounts', 'mapped', [
        'account_id', 'account_name', 'segment', 'created_at', 'updated_at']) }}

)

select * from final
