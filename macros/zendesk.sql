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
            'deleted_tickets': 'deleted_tickets',
        },
    }) }}
{%- endmacro %}

{#- Does the selected connector land `entity`? deleted_tickets: Airbyte's deleted_tickets stream
    (the tickets deleted in Zendesk, in connector 1.7.x; Fivetran flags them with _fivetran_deleted,
    later Airbyte versions with status deleted); its staged model has no rows unless var
    zendesk_airbyte_deleted_tickets is true. -#}
{% macro zendesk_lands(entity) -%}
    {{ return(entity in supportmetrics.zendesk_connectors()[supportmetrics.zendesk_connector()]) }}
{%- endmacro %}

{#- select of the staged model of `entity` where the selected connector lands it
    (zendesk_lands), else of no rows with `columns` ((name, type) pairs): a rule reading it is
    written once for both connectors. -#}
{% macro zendesk_staged_or_empty(entity, columns) -%}
    {%- if supportmetrics.zendesk_lands(entity) -%}
        select * from {{ supportmetrics.zendesk_staged(entity) }}
    {%- else -%}
        {{ supportmetrics.empty_select(columns) }}
    {%- endif -%}
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
    {{ return(supportmetrics.zendesk_connectors()[supportmetrics.zendesk_connector()].get(entity, entity)) }}
{%- endmacro %}

{#- The schema the connector landed Zendesk in. -#}
{% macro zendesk_schema() -%}
    {{ return(var('zendesk_schema') or env_var('SUPPORTMETRICS_ZENDESK_SCHEMA', 'zendesk')) }}
{%- endmacro %}

{#- Lineage columns of a mapped row: the vendor table it came from (schema.table), a stable row
    number within it, and when the connector synced it (a row without a sync time counts as
    synced at the epoch, so the incremental base models' row-count check still sees it). -#}
{% macro zendesk_lineage(entity, order_by, synced_at='synced_at') -%}
    {{ supportmetrics.vendor_lineage(supportmetrics.zendesk_schema() ~ '.' ~ supportmetrics.zendesk_vendor_table(entity), order_by, synced_at) }}
{%- endmacro %}

{#- The canonical channel of a Zendesk via channel (var zendesk_channel_map); an unmapped one is
    passed on as it is, so the contract quarantines it with its value. -#}
{% macro zendesk_channel(expression) -%}
    {{ supportmetrics.vendor_value_mapped(expression, 'zendesk_channel_map') }}
{%- endmacro %}

