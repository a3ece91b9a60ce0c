{#- The base models neither drop nor fan out raw rows (their parent lookups are one row per
    key), so rpt_raw_reconciliation.raw_rows, counted on them, is the raw table's row count.
    Returns the tables where the counts differ. -#}
{%- set tables = supportmetrics.helpdesk_tables() -%}

with

counts as (

    {% for table_name in tables %}
        select
            '{{ table_name }}' as table_name,
            (select count(*) from {{ supportmetrics.helpdesk_raw_relation(table_name) }}) as raw_table_rows,
            (select count(*) from {{ ref('base_helpdesk__' ~ table_name) }}) as base_rows
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}

)

select *
from counts
where raw_table_rows != base_rows
