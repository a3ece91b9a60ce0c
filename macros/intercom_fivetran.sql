{#- Helpers of the intercom_fivetran source adapter (models/staging/intercom_fivetran). -#}

{#- The schema Fivetran lands Intercom in. -#}
{% macro intercom_fivetran_schema() -%}
    {{ return(var('intercom_schema') or env_var('SUPPORTMETRICS_INTERCOM_SCHEMA', 'intercom')) }}
{%- endmacro %}

{#- Lineage columns of a mapped row: the vendor table it came from (schema.table), a stable row
    number within it, and when the connector synced it (a row without _fivetran_synced counts as
    synced at the epoch, so the incremental base models' row-count check still sees it). -#}
{% macro intercom_fivetran_lineage(vendor_table, order_by, synced_at='synced_at') -%}
    {{ supportmetrics.vendor_lineage(supportmetrics.intercom_fivetran_schema() ~ '.' ~ vendor_table, order_by, synced_at) }}
{%- endmacro %}

{#- Rank of a row among the versions of its key in an Intercom history table: 1 = the latest
    (the newest _fivetran_start, then updated_at, then sync). -#}
{% macro intercom_fivetran_version_rank(key, valid_from='valid_from', updated_at='updated_at') -%}
    row_number() over (
        partition by {{ key }}
        order by {{ valid_from }} desc nulls last, {{ updated_at }} desc nulls last, synced_at desc nulls last
    )
{%- endmacro %}



{#- `expression` is one of the strings in the list var `var_name`. -#}
{% macro intercom_fivetran_in_list(expression, var_name) -%}
    {{ expression }} in ({%- for value in var(var_name) -%}'{{ value }}'{{ ', ' if not loop.last }}{%- endfor -%})
{%- endmacro %}

{#- The canonical status a part of type `expression` sets (var intercom_status_part_types), null
    when it sets none. -#}
{% macro intercom_fivetran_part_status(expression) -%}
    case {{ expression }}
    {%- for part_type, status in var('intercom_status_part_types').items() %}
        when '{{ part_type }}' then '{{ status }}'
    {%- endfor %}
    end
{%- endmacro %}

{#- The (quoted) column named by var `var_name`, or null when the var is unset. -#}
{% macro intercom_fivetran_optional_column(var_name) -%}
    {%- if var(var_name) -%}
        {{ adapter.quote(var(var_name)) }}
    {%- else -%}
        null
    {%- endif -%}
{%- endmacro %}
