{#- Body of the "marts hold no PII" singular tests: returns every column of the given marts
    named like a column the raw contract marks pii (read from the sources YAML: body, email,
    full_name, subject, comment, context_summary...) or like an e-mail / phone / name field, and a
    row when a mart table is not found (so the test cannot pass by looking in the wrong place). -#}
{% macro marts_hold_no_pii(mart_models) %}
{%- set pii_columns = ['body', 'email', 'full_name', 'display_name', 'account_name', 'subject', 'comment', 'context_summary'] %}
{%- if execute %}
    {%- for source in graph.sources.values() %}
        {%- for column in source.columns.values() if (column.meta or {}).get('pii') %}
            {%- do pii_columns.append(column.name | lower) %}
        {%- endfor %}
    {%- endfor %}
{%- endif %}

with

mart_columns as (

    {{ supportmetrics.catalog_columns(ref(mart_models[0]).schema, mart_models) }}

)

select
    table_name,
    column_name
from mart_columns
where column_name in (
        '{{ pii_columns | unique | join("', '") }}'
    )
    or column_name like '%email%'
    or column_name like '%phone%'
    or column_name like '%full_name%'
    or column_name like '%display_name%'
    or column_name like '%body%'

union all

select
    'mart tables found' as table_name,
    cast(count(distinct table_name) as {{ dbt.type_string() }}) as column_name
from mart_columns
having count(distinct table_name) != {{ mart_models | length }}
{% endmacro %}
