with

users as (

    select * from {{ ref('map_zendesk__users') }}

),

mapped as (

    select
        user_id as customer_id,
        organization_id as account_id,
        email,
        user_name as full_name,
        created_at,
        updated_at,
        {{ supportmetrics.zendesk_lineage('users', 'user_id, synced_at') }}
    from users
    where (author_type = 'customer' or user_id is null) and not is_deleted

),

final as (

    {{ supportmetrics.raw_contract_select('customers', 'mapped', [
        'customer_id', 'account_id', 'email', 'full_name', 'created_at', 'updated_at']) }}

)

select * from final
