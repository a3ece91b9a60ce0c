{#- Former names of the Zendesk adapter helpers (macros/zendesk.sql holds the rules, shared by the
    Fivetran and Airbyte connectors); kept so code written against them still compiles. -#}

{% macro zendesk_fivetran_lineage(vendor_table, order_by, synced_at='synced_at') -%}
    {%- set entities = {} -%}
    {%- for entity, table in supportmetrics.zendesk_connectors()['zendesk_fivetran'].items() -%}
        {%- do entities.update({table: entity}) -%}
    {%- endfor -%}
    {{ supportmetrics.zendesk_lineage(entities[vendor_table], order_by, synced_at) }}
{%- endmacro %}

{% macro zendesk_fivetran_channel(expression) -%}
    {{ supportmetrics.zendesk_channel(expression) }}
{%- endmacro %}

{% macro zendesk_fivetran_tag_suffix(tag, prefix) -%}
    {{ supportmetrics.vendor_tag_suffix(tag, prefix) }}
{%- endmacro %}
