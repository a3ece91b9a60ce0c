{#- A required table (contract meta required_table: conversations, messages) without a single
    raw row would give confident metrics about nothing: the build stops. `supportmetrics load`
    already refuses such a load; this covers raw tables landed by another EL tool, and a vendor
    shape (var helpdesk_source) whose mapping yields no row. Returns the required tables that are
    empty. -#}
{#- at parse time every table, so that each raw relation is a declared dependency -#}
{%- set required = [] if execute else supportmetrics.helpdesk_tables() -%}
{%- if execute -%}
    {%- for table_name in supportmetrics.helpdesk_tables() -%}
        {%- if graph.sources['source.' ~ project_name ~ '.helpdesk.' ~ table_name].meta.get('required_table') -%}
            {%- do required.append(table_name) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}

with

counts as (

    {% for table_name in required %}
        select
            '{{ table_name }}' as table_name,
            (select count(*) from {{ supportmetrics.helpdesk_raw_relation(table_name) }}) as raw_rows
        {% if not loop.last %}
            union all
        {% endif %}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as table_name,
            cast(0 as {{ dbt.type_bigint() }}) as raw_rows
        where 1 = 0
    {% endfor %}

)

select *
from counts
where raw_rows = 0
