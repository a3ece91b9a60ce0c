{#- The vendor-neutral Zendesk mapping layer (models/staging/zendesk: map_zendesk__*) reads the
    staged tables of whichever connector landed Zendesk, chosen by var helpdesk_source:
      zendesk_fivetran  models/staging/zendesk_fivetran: stg_zendesk_fivetran__<entity>
      zendesk_airbyte   models/staging/zendesk_airbyte:  stg_zendesk_airbyte__<entity>
    Both connectors' staged models carry the same columns per entity (their _models.yml), so
    every rule below the staging models is written once. -#}

{% macro zendesk_connectors() -%}
    {{ return({
        'zendesk_fivetran': {
            'tickets': 'ticket',
            'ticket_comments': 'ticket_comment',
            'ticket_field_changes': 'ticket_field_history',
            'users': 'user',
            'organizations': 'organization',
            'groups': 'group',
            'ticket_tags': 'ticket_tag',
            'satisfaction_ratings': 'satisfaction_rating',
            'brands': 'brand',
        },
        'zendesk_airbyte': {
            'tickets': 'tickets',
            'ticket_comments': 'ticket_comments',
            'ticket_field_changes': 'ticket_audits',
            'users': 'users',
            'organizations': 'organizations',
            'groups': 'groups',
            'ticket_tags': 'tickets',
            'satisfaction_ratings': 'satisfaction_ratings',
            'brands': 'brands',
        },
    }) }}
{%- endmacro %}

{#- The selected Zendesk connector (zendesk_fivetran when the source is not a Zendesk one: the
    mapping models are disabled then, and only parsed). -#}
{% macro zendesk_connector() -%}
    {%- set shape = var('helpdesk_source', 'canonical') -%}
    {{ return(shape if shape in supportmetrics.zendesk_connectors() else 'zendesk_fivetran') }}
{%- endmacro %}

{#- The staged model of one entity (tickets, ticket_comments, ticket_field_changes, users,
    organizations, groups, ticket_tags, satisfaction_ratings, brands) for the selected connector. -#}
{% macro zendesk_staged(entity) -%}
    {{ return(ref('stg_' ~ supportmetrics.zendesk_connector() ~ '__' ~ entity)) }}
{%- endmacro %}

{#- The connector's own table an entity comes from (ticket_tags: Airbyte's tickets.tags). -#}
{% macro zendesk_vendor_table(entity) -%}
    {{ return(supportmetrics.zendesk_connectors()[supportmetrics.zendesk_connector()][entity]) }}
{%- endmacro %}

{#- The schema the connector landed Zendesk in. -#}
{% macro zendesk_schema() -%}
    {{ return(var('zendesk_schema') or env_var('SUPPORTMETRICS_ZENDESK_SCHEMA', 'zendesk')) }}
{%- endmacro %}

{#- Lineage columns of a mapped row: the vendor table it came from (schema.table), a stable row
    number within it, and when the connector synced it (a row without a sync time counts as
    synced at the epoch, so the incremental base models' row-count check still sees it). -#}
{% macro zendesk_lineage(entity, order_by, synced_at='synced_at') -%}
    '{{ supportmetrics.zendesk_schema() }}.{{ supportmetrics.zendesk_vendor_table(entity) }}' as _source_file,
    row_number() over (order by {{ order_by }}) as _source_row,
    coalesce({{ synced_at }}, cast('1970-01-01 00:00:00' as {{ dbt.type_timestamp() }})) as _loaded_at
{%- endmacro %}

{#- The canonical channel of a Zendesk via channel (var zendesk_channel_map); an unmapped one is
    passed on as it is, so the contract quarantines it with its value. -#}
{% macro zendesk_channel(expression) -%}
    case {{ expression }}
    {%- for via, channel in var('zendesk_channel_map').items() %}
        when '{{ via }}' then '{{ channel }}'
    {%- endfor %}
        else {{ expression }}
    end
{%- endmacro %}

{#- The part of `tag` after `prefix`, or null when the tag does not start with it. -#}
{% macro zendesk_tag_suffix(tag, prefix) -%}
    case
        when {{ dbt.length("'" ~ prefix ~ "'") }} > 0
            and substring({{ tag }}, 1, {{ prefix | length }}) = '{{ prefix }}'
            and {{ dbt.length(tag) }} > {{ prefix | length }}
            then substring({{ tag }}, {{ prefix | length + 1 }})
    end
{%- endmacro %}
