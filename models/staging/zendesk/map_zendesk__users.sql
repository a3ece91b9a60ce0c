with

users as (

    select * from {{ supportmetrics.zendesk_staged('users') }}

),

identities as (

    select * from {{ ref('ai_agent_identities') }}

),

latest_users as (

    select
        *,
        row_number() over (
            partition by user_id order by updated_at desc nulls last, synced_at desc nulls last
        ) as version_rank
    from users

),

ai_matches as (

    select
        latest_users.user_id,
        min(identities.rule_id) as ai_rule_id
    from latest_users
    inner join identities
        on (identities.match_type = 'user_id' and latest_users.user_id = identities.match_value)
            or (
                identities.match_type = 'user_name_pattern'
                and lower(latest_users.user_name) like lower(identities.match_value)
            )
            or (
                identities.match_type = 'user_role'
                and latest_users.role like lower(identities.match_value)
            )
    where latest_users.version_rank = 1
    group by 1

),

final as (

    select
        latest_users.user_id,
        latest_users.user_name,
        latest_users.email,
        latest_users.role,
        latest_users.organization_id,
        latest_users.is_active,
        latest_users.created_at,
        latest_users.updated_at,
        latest_users.synced_at,
        latest_users.is_deleted,
        ai_matches.ai_rule_id,
        case
            when ai_matches.ai_rule_id is not null then 'ai_agent'
            when latest_users.role = 'end-user' then 'customer'
            when latest_users.role in ('agent', 'admin') then 'human_agent'
            else 'unclassified'
        end as author_type
    from latest_users
    left join ai_matches
        on latest_users.user_id = ai_matches.user_id
    where latest_users.version_rank = 1

)

select * from final
