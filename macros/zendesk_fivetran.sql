{#- Helpers of the zendesk_fivetran source adapter (models/staging/zendesk_fivetran). -#}

{#- Lineage columns of a mapped row: the vendor table it came from (schema.table), a stable row
    number within it, and when the connector synced it (a row without _fivetran_synced counts as
    synced at the epoch, so the incremental base models' row-count check still sees it). -#}
{% macro zendesk_fivetran_lineage(vendor_table, order_by, synced_at='synced_at') -%}
    '{{ var("zendesk_schema") or env_var("SUPPORTMETRICS_ZENDESK_SCHEMA", "zendesk") }}.{{ vendor_table }}' as _source_file,
    row_number() over (order by {{ order_by }}) as _source_row,
    coalesce({{ synced_at }}, cast('1970-01-01 00:00:00' as {{ dbt.type_timestamp() }})) as _loaded_at
{%- endmacro %}

{#- The canonical channel of a Zendesk via channel (var zendesk_channel_map); an unmapped one is
    passed on as it is, so the contract quarantines it with its value. -#}
{% macro zendesk_fivetran_channel(expression) -%}
    case {{ expression }}
    {%- for via, channel in var('zendesk_channel_map').items() %}
        when '{{ via }}' then '{{ channel }}'
    {%- endfor %}
        else {{ expression }}
    end
{%- endmacro %}

{#- The part of `tag` after `prefix`, or null when the tag does not start with it. -#}
{% macro zendesk_fivetran_tag_suffix(tag, prefix) -%}
    case
        when {{ dbt.length("'" ~ prefix ~ "'") }} > 0
            and substring({{ tag }}, 1, {{ prefix | length }}) = '{{ prefix }}'
            and {{ dbt.length(tag) }} > {{ prefix | length }}
            then substring({{ tag }}, {{ prefix | length + 1 }})
    end
{%- endmacro %}
