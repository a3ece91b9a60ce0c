with

conversations as (

    select * from {{ supportmetrics.intercom_staged('conversations') }}

),

parts as (

    select * from {{ supportmetrics.intercom_staged('conversation_parts') }}

),

contacts as (

    select * from {{ supportmetrics.intercom_staged('contacts') }}

),

companies as (

    select * from {{ supportmetrics.intercom_staged('companies') }}

),

conversation_scope as (

    select * from {{ ref('map_intercom__conversation_scope') }}

),

part_rows as (

    select * from {{ ref('map_intercom__part_rows') }}

),

ranked_conversations as (

    select
        conversation_id,
        {{ supportmetrics.intercom_version_rank('conversation_id') }} as version_rank
    from conversations

),

conversation_outcomes as (

    select
        '{{ supportmetrics.intercom_vendor_table('conversations') }}' as vendor_table,
        case
            when ranked_conversations.version_rank > 1 then 'superseded_version'
            when conversation_scope.exclusion_reason is not null then conversation_scope.exclusion_reason
            else 'mapped'
        end as outcome
    from ranked_conversations
    left join conversation_scope
        on ranked_conversations.conversation_id = conversation_scope.conversation_id

),

ranked_parts as (

    select
        part_id,
        {{ supportmetrics.intercom_version_rank('part_id', 'conversation_updated_at') }} as version_rank
    from parts

),

part_outcomes as (

    select
        '{{ supportmetrics.intercom_vendor_table('conversation_parts') }}' as vendor_table,
        case
            when ranked_parts.version_rank > 1 then 'superseded_version'
            when part_rows.exclusion_reason is not null then part_rows.exclusion_reason
            when part_rows.is_message then 'mapped'
            when part_rows.new_status is not null or part_rows.is_assignment then 'mapped_event'
            else 'not_a_message_or_event'
        end as outcome
    from ranked_parts
    left join part_rows
        on ranked_parts.part_id = part_rows.part_id
            and part_rows.part_type != 'source'

),

contact_outcomes as (

    select
        '{{ supportmetrics.intercom_vendor_table('contacts') }}' as vendor_table,
        case
            when {{ supportmetrics.intercom_version_rank('contact_id') }} > 1 then 'superseded_version'
            when not is_active_version then 'deleted'
            else 'mapped'
        end as outcome
    from contacts

),

company_outcomes as (

    select
        '{{ supportmetrics.intercom_vendor_table('companies') }}' as vendor_table,
        case
            when {{ supportmetrics.intercom_version_rank('company_id') }} > 1 then 'superseded_version'
            when not is_active_version then 'deleted'
            when {{ 'false' if var('intercom_segment_attribute') else 'true' }} then 'no_segment_attribute'
            else 'mapped'
        end as outcome
    from companies

),

outcomes as (

    select * from conversation_outcomes
    union all
    select * from part_outcomes
    union all
    select * from contact_outcomes
    union all
    select * from company_outcomes

),

-- every landed row of the main tables: mapped, or left out with the reason (nothing is lost
-- silently; the contract then quarantines mapped rows it rejects)
final as (

    select
        vendor_table,
        outcome,
        count(*) as vendor_rows
    from outcomes
    group by 1, 2

)

select * from final
