with

companies as (

    select * from {{ supportmetrics.intercom_staged('companies') }}

),

ranked_companies as (

    select
        *,
        {{ supportmetrics.intercom_version_rank('company_id') }} as version_rank
    from companies

),

mapped as (

    select
        company_id as account_id,
        company_name as account_name,
        segment,
        created_at,
        updated_at,
        {{ supportmetrics.intercom_lineage('companies', 'company_id, synced_at') }}
    from ranked_companies
    -- no segment attribute configured (var intercom_segment_attribute): the canonical accounts
    -- table is empty (segment Unknown)
    where version_rank = 1
        and is_active_version
        and {{ 'true' if var('intercom_segment_attribute') else 'false' }}

),

final as (

    {{ supportmetrics.raw_contract_select('accounts', 'mapped', [
        'account_id', 'account_name', 'segment', 'created_at', 'updated_at']) }}

)

select * from final
