{#- Zendesk adapters (either connector): every row landed in a mapped connector table (Airbyte's
    ticket_audits: every field-setting event) is counted once by
    map_zendesk__source_reconciliation (mapped, or excluded with its reason), and the mapped rows
    are exactly the rows the canonical mapping models hand to the base models. Returns the
    tables where a count differs. -#}
{{ config(enabled=var('helpdesk_source', 'canonical') in ['zendesk_fivetran', 'zendesk_airbyte']) }}

{%- set entities = [
    ('tickets', 'conversations'),
    ('ticket_comments', 'messages'),
    ('ticket_field_changes', 'ticket_events'),
    ('satisfaction_ratings', 'csat_responses'),
] -%}

with

reconciliation as (

    select * from {{ ref('map_zendesk__source_reconciliation') }}

),

counts as (

    {% for entity, canonical_table in entities %}
        {%- set vendor_table = supportmetrics.zendesk_vendor_table(entity) %}
        select
            '{{ vendor_table }}' as vendor_table,
            (select count(*) from {{ supportmetrics.zendesk_staged(entity) }}) as landed_rows,
            (
                select sum(vendor_rows) from reconciliation
                where vendor_table = '{{ vendor_table }}'
            ) as counted_rows,
            (
                select sum(vendor_rows) from reconciliation
                where vendor_table = '{{ vendor_table }}' and outcome = 'mapped'
            ) as mapped_rows,
            (select count(*) from {{ ref('map_zendesk__' ~ canonical_table) }}) as canonical_rows
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}

)

select * from counts
where landed_rows != counted_rows or mapped_rows != canonical_rows
