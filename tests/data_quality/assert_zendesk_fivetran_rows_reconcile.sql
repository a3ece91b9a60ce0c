{#- zendesk_fivetran adapter: every row landed in a mapped Fivetran table is counted once by
    map_zendesk_fivetran__source_reconciliation (mapped, or excluded with its reason), and the
    mapped rows are exactly the rows the canonical mapping models hand to the base models.
    Returns the tables where a count differs. -#}
{{ config(enabled=var('helpdesk_source', 'canonical') == 'zendesk_fivetran') }}

{%- set tables = [
    ('ticket', 'stg_zendesk_fivetran__tickets', 'conversations'),
    ('ticket_comment', 'stg_zendesk_fivetran__ticket_comments', 'messages'),
    ('ticket_field_history', 'stg_zendesk_fivetran__ticket_field_changes', 'ticket_events'),
    ('satisfaction_rating', 'stg_zendesk_fivetran__satisfaction_ratings', 'csat_responses'),
] -%}

with

reconciliation as (

    select * from {{ ref('map_zendesk_fivetran__source_reconciliation') }}

),

counts as (

    {% for vendor_table, staging_model, canonical_table in tables %}
        select
            '{{ vendor_table }}' as vendor_table,
            (select count(*) from {{ ref(staging_model) }}) as landed_rows,
            (
                select sum(vendor_rows) from reconciliation
                where vendor_table = '{{ vendor_table }}'
            ) as counted_rows,
            (
                select sum(vendor_rows) from reconciliation
                where vendor_table = '{{ vendor_table }}' and outcome = 'mapped'
            ) as mapped_rows,
            (select count(*) from {{ ref('map_zendesk_fivetran__' ~ canonical_table) }}) as canonical_rows
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}

)

select * from counts
where landed_rows != counted_rows or mapped_rows != canonical_rows
