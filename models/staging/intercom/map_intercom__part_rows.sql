with

parts as (

    select * from {{ supportmetrics.intercom_staged('conversation_parts') }}

),

conversation_scope as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_intercom__conversation_scope') }}

),

authors as (

    select * from {{ ref('map_intercom__authors') }}

),

-- a part is landed once per conversation version: its latest row wins
ranked_parts as (

    select
        *,
        {{ supportmetrics.intercom_version_rank('part_id', 'conversation_updated_at') }} as version_rank
    from parts

),

latest_parts as (

    select
        part_id,
        conversation_id,
        part_type,
        vendor_author_type,
        author_id,
        assigned_to_id,
        assigned_to_type,
        body_text,
        created_at,
        synced_at
    from ranked_parts
    where version_rank = 1

),

-- the opening message lives on the conversation (source_*), not among the parts
opening_messages as (

    select
        source_message_id as part_id,
        conversation_id,
        'source' as part_type,
        source_author_type as vendor_author_type,
        source_author_id as author_id,
        cast(null as {{ dbt.type_string() }}) as assigned_to_id,
        cast(null as {{ dbt.type_string() }}) as assigned_to_type,
        source_body_text as body_text,
        created_at,
        synced_at
    from conversation_scope
    where source_message_id is not null

),

all_parts as (

    select * from latest_parts
    union all
    select * from opening_messages

),

final as (

    select
        all_parts.part_id,
        all_parts.conversation_id,
        all_parts.part_type,
        all_parts.vendor_author_type,
        all_parts.author_id,
        all_parts.assigned_to_id,
        all_parts.assigned_to_type,
        all_parts.body_text,
        all_parts.created_at,
        all_parts.synced_at,
        case
            when all_parts.author_id is null then 'system'
            else coalesce(authors.author_type, 'unclassified')
        end as author_type,
        case
            when all_parts.part_type = 'source' then true
            when {{ supportmetrics.intercom_in_list('all_parts.part_type', 'intercom_message_part_types') }} then true
            else false
        end as is_message,
        coalesce(all_parts.part_type not like 'note%', true) as is_public,
        case
            when all_parts.assigned_to_id is null then false
            when {{ supportmetrics.intercom_in_list('all_parts.part_type', 'intercom_assignment_part_types') }} then true
            else false
        end as is_assignment,
        {{ supportmetrics.intercom_part_status('all_parts.part_type') }} as new_status,
        case
            when conversation_scope.exclusion_reason is not null
                then {{ dbt.concat(["'conversation_'", "conversation_scope.exclusion_reason"]) }}
        end as exclusion_reason
    from all_parts
    left join authors
        on all_parts.vendor_author_type = authors.vendor_author_type
            and all_parts.author_id = authors.author_id
    left join conversation_scope
        on all_parts.conversation_id = conversation_scope.conversation_id

)

select * from final
