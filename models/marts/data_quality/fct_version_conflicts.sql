{#- the tables with a cursor (refs are resolved at parse time, when the graph is not read yet:
    every table is listed then) -#}
{%- set tables = [] -%}
{%- for table_name in supportmetrics.helpdesk_tables() -%}
    {%- set cursor = graph.sources['source.' ~ project_name ~ '.helpdesk.' ~ table_name].meta.get('cursor') if execute else 'cursor' -%}
    {%- if cursor -%}{%- do tables.append((table_name, cursor)) -%}{%- endif -%}
{%- endfor -%}

with

{% for table_name, cursor in tables %}
    versions_{{ table_name }} as (

        {#- only the key, cursor and position of each version: the rows' content is not needed -#}
        select
            _base_key,
            {{ cursor }} as cursor_at,
            _row_status,
            _source_file,
            _source_row
        from {{ ref('base_helpdesk__' ~ table_name) }}
        where _row_status in ('current', 'superseded')

    ),

    contested_keys_{{ table_name }} as (

        {#- a tie needs a losing version: keys never superseded cannot conflict -#}
        select distinct _base_key
        from versions_{{ table_name }}
        where _row_status = 'superseded'

    ),

    contested_{{ table_name }} as (

        select versions_{{ table_name }}.*
        from versions_{{ table_name }}
        inner join contested_keys_{{ table_name }}
            on versions_{{ table_name }}._base_key = contested_keys_{{ table_name }}._base_key

    ),

    ties_{{ table_name }} as (

        {#- the versions of a key that share the winner's cursor value (or its missing cursor) -#}
        select
            contested_{{ table_name }}._base_key,
            contested_{{ table_name }}._row_status,
            contested_{{ table_name }}._source_file,
            contested_{{ table_name }}._source_row,
            winner._source_file as winner_source_file,
            winner._source_row as winner_source_row,
            cast(winner.cursor_at as {{ dbt.type_string() }}) as cursor_value
        from contested_{{ table_name }}
        inner join contested_{{ table_name }} as winner
            on contested_{{ table_name }}._base_key = winner._base_key
                and winner._row_status = 'current'
                and (
                    contested_{{ table_name }}.cursor_at = winner.cursor_at
                    or (contested_{{ table_name }}.cursor_at is null and winner.cursor_at is null)
                )

    ),

{% endfor %}
conflicts as (

    {% for table_name, cursor in tables %}
        select
            '{{ table_name }}' as table_name,
            _base_key as record_key,
            cursor_value,
            winner_source_file,
            winner_source_row,
            count(*) as versions,
            {{ dbt.listagg(
                "case when _row_status = 'superseded' then _source_file || ':' || cast(_source_row as " ~ dbt.type_string() ~ ") end",
                "', '", "order by _source_file, _source_row") }} as losing_versions
        from ties_{{ table_name }}
        group by 1, 2, 3, 4, 5
        having count(*) > 1
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {%- if not tables %}
        select
            cast(null as {{ dbt.type_string() }}) as table_name,
            cast(null as {{ dbt.type_string() }}) as record_key,
            cast(null as {{ dbt.type_string() }}) as cursor_value,
            cast(null as {{ dbt.type_string() }}) as winner_source_file,
            cast(null as {{ dbt.type_bigint() }}) as winner_source_row,
            cast(null as {{ dbt.type_bigint() }}) as versions,
            cast(null as {{ dbt.type_string() }}) as losing_versions
        where 1 = 0
    {%- endif %}

),

final as (

    select
        -- ids
        table_name,
        record_key,

        -- strings
        cursor_value,
        winner_source_file,
        losing_versions,

        -- numbers
        winner_source_row,
        versions

    from conflicts

)

select * from final
