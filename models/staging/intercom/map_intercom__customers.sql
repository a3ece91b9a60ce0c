with

contacts as (

    select * from {{ supportmetrics.intercom_staged('contacts') }}

),

contact_companies as (

    select * from {{ supportmetrics.intercom_staged('contact_companies') }}

),

ranked_contacts as (

    select
        *,
        {{ supportmetrics.intercom_version_rank('contact_id') }} as version_rank
    from contacts

),

-- the companies of the contact's latest version; the first one is the account
latest_company_sets as (

    select
        contact_id,
        company_id,
        contact_updated_at,
        max(contact_updated_at) over (partition by contact_id) as latest_contact_updated_at
    from contact_companies

),

first_companies as (

    select
        contact_id,
        min(company_id) as company_id
    from latest_company_sets
    where contact_updated_at = latest_contact_updated_at
    group by 1

),

mapped as (

    select
        ranked_contacts.contact_id as customer_id,
        first_companies.company_id as account_id,
        ranked_contacts.email,
        ranked_contacts.contact_name as full_name,
        ranked_contacts.created_at,
        ranked_contacts.updated_at,
        {{ supportmetrics.intercom_lineage('contacts', 'ranked_contacts.contact_id, ranked_contacts.synced_at',
            'ranked_contacts.synced_at') }}
    from ranked_contacts
    left join first_companies
        on ranked_contacts.contact_id = first_companies.contact_id
    where ranked_contacts.version_rank = 1
        and ranked_contacts.is_active_version

),

final as (

    {{ supportmetrics.raw_contract_select('customers', 'mapped', [
        'customer_id', 'account_id', 'email', 'full_name', 'created_at', 'updated_at']) }}

)

select * from final
