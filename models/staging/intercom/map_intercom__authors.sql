with

admins as (

    select * from {{ supportmetrics.intercom_staged('admins') }}

),

parts as (

    select * from {{ supportmetrics.intercom_staged('conversation_parts') }}

),

conversations as (

    select * from {{ supportmetrics.intercom_staged('conversations') }}

),

identities as (

    select * from {{ ref('ai_agent_identities') }}

),

admin_names as (

    select
        admin_id,
        max(admin_name) as admin_name,
        {{ dbt.bool_or('is_deleted') }} as is_deleted
    from admins
    group by 1

),

-- every (author type, author id) that wrote a part or opened a conversation, and every admin
seen_authors as (

    select
        vendor_author_type,
        author_id
    from parts
    where author_id is not null
    union
    select
        source_author_type as vendor_author_type,
        source_author_id as author_id
    from conversations
    where source_author_id is not null
    union
    select
        'admin' as vendor_author_type,
        admin_id as author_id
    from admin_names

),

bot_ids as (

    select distinct author_id from seen_authors
    where vendor_author_type = 'bot'

),

named_authors as (

    select
        seen_authors.vendor_author_type,
        seen_authors.author_id,
        admin_names.admin_name as author_name,
        admin_names.admin_id is not null as is_in_admin_table,
        coalesce(admin_names.is_deleted, false) as is_deleted,
        bot_ids.author_id is not null as is_bot
    from seen_authors
    left join admin_names
        on seen_authors.author_id = admin_names.admin_id
            and seen_authors.vendor_author_type in ('admin', 'bot')
    left join bot_ids
        on seen_authors.author_id = bot_ids.author_id

),

rule_matches as (

    select
        named_authors.vendor_author_type,
        named_authors.author_id,
        min(case when identities.match_type in ('intercom_bot_id', 'intercom_bot_name') then identities.rule_id end) as ai_rule_id,
        min(case when identities.match_type = 'intercom_routing_bot_name' then identities.rule_id end) as routing_rule_id
    from named_authors
    inner join identities
        on (identities.match_type = 'intercom_bot_id' and named_authors.author_id = identities.match_value)
            or (
                identities.match_type in ('intercom_bot_name', 'intercom_routing_bot_name')
                and lower(named_authors.author_name) like lower(identities.match_value)
            )
    where named_authors.vendor_author_type in ('admin', 'bot')
    group by 1, 2

),

final as (

    select
        named_authors.vendor_author_type,
        named_authors.author_id,
        named_authors.author_name,
        named_authors.is_in_admin_table,
        named_authors.is_deleted,
        named_authors.is_bot,
        rule_matches.ai_rule_id,
        rule_matches.routing_rule_id,
        case
            when named_authors.vendor_author_type in ('user', 'lead', 'contact') then 'customer'
            when rule_matches.ai_rule_id is not null then 'ai_agent'
            when rule_matches.routing_rule_id is not null then 'system'
            -- a bot listed in the admin table is no teammate
            when named_authors.vendor_author_type = 'admin' and not named_authors.is_bot then 'human_agent'
            else 'unclassified'
        end as author_type
    from named_authors
    left join rule_matches
        on named_authors.vendor_author_type = rule_matches.vendor_author_type
            and named_authors.author_id = rule_matches.author_id

)

select * from final
