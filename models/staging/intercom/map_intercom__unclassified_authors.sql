with

part_rows as (

    select * from {{ ref('map_intercom__part_rows') }}

),

authors as (

    select * from {{ ref('map_intercom__authors') }}

),

-- bot (or other) authors no identity rule classifies: their messages are quarantined, their
-- parts listed here by id and count only (no names: PII stays in staging)
final as (

    select
        part_rows.vendor_author_type,
        part_rows.author_id,
        case
            when part_rows.vendor_author_type = 'bot' and authors.is_in_admin_table then 'bot_without_identity_rule'
            when part_rows.vendor_author_type = 'bot' then 'bot_not_in_admin_table'
            else 'unknown_author_type'
        end as reason,
        count(*) as parts,
        {{ dbt.bool_or('part_rows.is_message') }} as has_messages,
        min(part_rows.created_at) as first_part_at
    from part_rows
    left join authors
        on part_rows.vendor_author_type = authors.vendor_author_type
            and part_rows.author_id = authors.author_id
    where part_rows.exclusion_reason is null
        and part_rows.author_type = 'unclassified'
    group by 1, 2, 3

)

select * from final
