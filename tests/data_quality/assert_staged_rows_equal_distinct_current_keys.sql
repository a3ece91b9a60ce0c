{#- Each stg_ model has exactly one row per distinct primary key (contract meta primary_key)
    among the base rows classified current: no key lost, none fanned out. Returns the tables
    where the staged row count, the current row count and the distinct current keys differ. -#}
{%- set tables = supportmetrics.helpdesk_tables() -%}
{%- set primary_keys = {} -%}
{%- for table_name in tables -%}
    {%- set key = [] -%}
    {%- if execute -%}
        {%- set key = graph.sources['source.' ~ project_name ~ '.helpdesk.' ~ table_name].meta['primary_key'] -%}
    {%- endif -%}
    {%- do primary_keys.update({table_name: (key | join(', ')) if key else '1 as no_key'}) -%}
{%- endfor -%}

with

counts as (

    {% for table_name in tables %}
        select
            '{{ table_name }}' as table_name,
            (select count(*) from {{ ref('stg_helpdesk__' ~ table_name) }}) as staged_rows,
            (
                select count(*) from {{ ref('base_helpdesk__' ~ table_name) }}
                where _row_status = 'current'
            ) as current_rows,
            (
                select count(*) from (
                    select distinct {{ primary_keys[table_name] }}
                    from {{ ref('base_helpdesk__' ~ table_name) }}
                    where _row_status = 'current'
                ) as current_keys
            ) as distinct_current_keys
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}

)

select *
from counts
where staged_rows != distinct_current_keys
    or current_rows != distinct_current_keys
