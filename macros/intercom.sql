{#- The vendor-neutral Intercom mapping layer (models/staging/intercom: map_intercom__*) reads the
    staged tables of whichever connector landed Intercom, chosen by var helpdesk_source:
      intercom_fivetran  models/staging/intercom_fivetran: stg_intercom_fivetran__<entity>
      intercom_airbyte   models/staging/intercom_airbyte:  stg_intercom_airbyte__<entity>
    Both connectors' staged models carry the same columns per entity (their _models.yml), so
    every rule below the staging models is written once. -#}

{#- entity -> the connector's own table it comes from, per connector (Airbyte nests contacts,
    tags, companies and team members in their parent stream). -#}
{% macro intercom_connectors() -%}
    {{ return({
        'intercom_fivetran': {
            'conversations': 'conversation_history',
            'conversation_parts': 'conversation_part_history',
            'conversation_contacts': 'conversation_contact_history',
            'conversation_tags': 'conversation_tag_history',
            'contacts': 'contact_history',
            'contact_companies': 'contact_company_history',
            'companies': 'company_history',
            'tags': 'tag',
            'admins': 'admin',
            'teams': 'team',
            'team_admins': 'team_admin',
        },
        'intercom_airbyte': {
            'conversations': 'conversations',
            'conversation_parts': 'conversation_parts',
            'conversation_contacts': 'conversations',
            'conversation_tags': 'conversations',
            'contacts': 'contacts',
            'contact_companies': 'contacts',
            'companies': 'companies',
            'tags': 'tags',
            'admins': 'admins',
            'teams': 'teams',
            'team_admins': 'teams',
        },
    }) }}
{%- endmacro %}

{#- The selected Intercom connector (intercom_fivetran when the source is not an Intercom one: the
    mapping models are disabled then, and only parsed). -#}
{% macro intercom_connector() -%}
    {%- set shape = var('helpdesk_source', 'canonical') -%}
    {{ return(shape if shape in supportmetrics.intercom_connectors() else 'intercom_fivetran') }}
{%- endmacro %}

{#- The staged model of one entity (conversations, conversation_parts, conversation_contacts,
    conversation_tags, contacts, contact_companies, companies, tags, admins, teams, team_admins)
    for the selected connector. -#}
{% macro intercom_staged(entity) -%}
    {{ return(ref('stg_' ~ supportmetrics.intercom_connector() ~ '__' ~ entity)) }}
{%- endmacro %}

{#- The connector's own table an entity comes from. -#}
{% macro intercom_vendor_table(entity) -%}
    {{ return(supportmetrics.intercom_connectors()[supportmetrics.intercom_connector()][entity]) }}
{%- endmacro %}

{#- The schema the connector landed Intercom in. -#}
{% macro intercom_schema() -%}
    {{ return(var('intercom_schema') or env_var('SUPPORTMETRICS_INTERCOM_SCHEMA', 'intercom')) }}
{%- endmacro %}

{#- Lineage columns of a mapped row: the vendor table the entity came from (schema.table), a
    stable row number within it, and when the connector synced it (vendor_lineage). -#}
{% macro intercom_lineage(entity, order_by, synced_at='synced_at') -%}
    {{ supportmetrics.vendor_lineage(supportmetrics.intercom_schema() ~ '.' ~ supportmetrics.intercom_vendor_table(entity), order_by, synced_at) }}
{%- endmacro %}

{#- Rank of a row among the versions of its key (Fivetran's history tables, Airbyte's records of
    each incremental read): 1 = the latest (the newest version start, then updated_at, then sync). -#}
{% macro intercom_version_rank(key, valid_from='valid_from', updated_at='updated_at') -%}
    row_number() over (
        partition by {{ key }}
        order by {{ valid_from }} desc nulls last, {{ updated_at }} desc nulls last, synced_at desc nulls last
    )
{%- endmacro %}

{#- `expression` is one of the strings in the list var `var_name`. -#}
{% macro intercom_in_list(expression, var_name) -%}
    {{ expression }} in ({%- for value in var(var_name) -%}'{{ value }}'{{ ', ' if not loop.last }}{%- endfor -%})
{%- endmacro %}

{#- The canonical status a part of type `expression` sets (var intercom_status_part_types), null
    when it sets none. -#}
{% macro intercom_part_status(expression) -%}
    case {{ expression }}
    {%- for part_type, status in var('intercom_status_part_types').items() %}
        when '{{ part_type }}' then '{{ status }}'
    {%- endfor %}
    end
{%- endmacro %}

{#- Fivetran: the (quoted) column named by var `var_name` (a custom attribute lands as a column),
    or null when the var is unset. -#}
{% macro intercom_fivetran_optional_column(var_name) -%}
    {%- if var(var_name) -%}
        {{ adapter.quote(var(var_name)) }}
    {%- else -%}
        null
    {%- endif -%}
{%- endmacro %}

{#- Airbyte: the custom attribute named by var `var_name` inside the JSON object `expression`
    (custom_attributes), or null when the var is unset. -#}
{% macro intercom_airbyte_custom_attribute(expression, var_name) -%}
    {%- if var(var_name) -%}
        {{ supportmetrics.json_extract_text(expression, [var(var_name)]) }}
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#- Airbyte: an epoch-seconds timestamp (Intercom's API, as the connector lands it) as a timestamp. -#}
{% macro intercom_airbyte_epoch(expression) -%}
    {{ dbt.dateadd('second', 'cast(' ~ expression ~ ' as ' ~ dbt.type_bigint() ~ ')', "cast('1970-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")") }}
{%- endmacro %}
