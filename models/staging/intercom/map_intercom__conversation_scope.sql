with

conversations as (

    select * from {{ supportmetrics.intercom_staged('conversations') }}

),

conversation_contacts as (

    select * from {{ supportmetrics.intercom_staged('conversation_contacts') }}

),

conversation_tags as (

    select * from {{ supportmetrics.intercom_staged('conversation_tags') }}

),

tags as (

    select * from {{ supportmetrics.intercom_staged('tags') }}

),

teams as (

    select * from {{ supportmetrics.intercom_staged('teams') }}

),

ranked_conversations as (

    select
        *,
        {{ supportmetrics.intercom_version_rank('conversation_id') }} as version_rank
    from conversations

),

latest_conversations as (

    select * from ranked_conversations
    where version_rank = 1

),

-- child history tables: the rows of the conversation's latest version
latest_contact_sets as (

    select
        conversation_id,
        contact_id,
        conversation_updated_at,
        max(conversation_updated_at) over (partition by conversation_id) as latest_conversation_updated_at
    from conversation_contacts

),

first_contacts as (

    select
        conversation_id,
        min(contact_id) as contact_id
    from latest_contact_sets
    where conversation_updated_at = latest_conversation_updated_at
    group by 1

),

latest_tag_sets as (

    select
        conversation_tags.conversation_id,
        tags.tag_name,
        conversation_tags.conversation_updated_at,
        max(conversation_tags.conversation_updated_at) over (
            partition by conversation_tags.conversation_id
        ) as latest_conversation_updated_at
    from conversation_tags
    inner join tags
        on conversation_tags.tag_id = tags.tag_id
    where not tags.is_deleted

),

tag_facts as (

    select
        conversation_id,
        min({{ supportmetrics.vendor_tag_suffix('tag_name', var('intercom_intent_tag_prefix')) }}) as intent_from_tag,
        min({{ supportmetrics.vendor_tag_suffix('tag_name', var('intercom_handoff_trigger_tag_prefix')) }}) as trigger_from_tag
    from latest_tag_sets
    where conversation_updated_at = latest_conversation_updated_at
    group by 1

),

team_names as (

    select
        team_id,
        max(team_name) as team_name
    from teams
    group by 1

),

final as (

    select
        latest_conversations.conversation_id,
        case
            when latest_conversations.source_author_type in ('user', 'lead', 'contact')
                then latest_conversations.source_author_id
            else first_contacts.contact_id
        end as customer_id,
        latest_conversations.source_type,
        latest_conversations.state,
        latest_conversations.priority,
        latest_conversations.subject,
        team_names.team_name as assigned_team,
        coalesce(latest_conversations.intent_attribute_value, tag_facts.intent_from_tag) as intent,
        tag_facts.trigger_from_tag as handoff_trigger,
        latest_conversations.source_message_id,
        latest_conversations.source_author_id,
        latest_conversations.source_author_type,
        latest_conversations.source_body_text,
        latest_conversations.rating_value,
        latest_conversations.rating_remark,
        latest_conversations.rating_created_at,
        latest_conversations.is_ai_agent_participated,
        latest_conversations.ai_resolution_state,
        latest_conversations.ai_rating,
        latest_conversations.ai_rating_remark,
        latest_conversations.ai_last_answer_type,
        latest_conversations.created_at,
        latest_conversations.updated_at,
        latest_conversations.synced_at,
        case when not latest_conversations.is_active_version then 'deleted' end as exclusion_reason
    from latest_conversations
    left join first_contacts
        on latest_conversations.conversation_id = first_contacts.conversation_id
    left join tag_facts
        on latest_conversations.conversation_id = tag_facts.conversation_id
    left join team_names
        on latest_conversations.team_assignee_id = team_names.team_id

)

select * from final
